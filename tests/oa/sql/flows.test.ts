import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bindingOf, enterAs, type FlowWorld, lastLog, oaCount, setRule, simulate, startFlowWorld, T } from "../flows-support.ts";
import { codeOnPage, EntryClient, handoffClaims, inputValue } from "../../login/entry/support.ts";
import { startMariaDb, type RunningMariaDb } from "../../helpers/mariadb.ts";
import { OA_QUERIES } from "../../helpers/oa-data.ts";
import { startPostgres, type RunningPostgres } from "../../helpers/postgres.ts";

/** The demo's flows with the OA directory read from the OA's own database, on MariaDB and on PostgreSQL. */
const PEOPLE = 300;
const DEPTS = 20;
const servers: Record<string, RunningMariaDb | RunningPostgres> = {};
beforeAll(async () => {
  [servers.MariaDB, servers.PostgreSQL] = await Promise.all([startMariaDb({ people: PEOPLE, depts: DEPTS }), startPostgres({ people: PEOPLE, depts: DEPTS })]);
}, 120_000);
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.stop()));
});

describe.each(["MariaDB", "PostgreSQL"] as const)("the product's flows on the OA's database (%s)", (name) => {
  let w: FlowWorld;
  beforeAll(async () => {
    const db = servers[name]!;
    w = await startFlowWorld({ type: "sql", settings: { url: db.url, ...OA_QUERIES }, secrets: { password: db.password } });
  });
  afterAll(() => w?.stop());

  test("the refresh read the tables: their departments and people are the OA directory", () => {
    expect(w.refreshed).toMatchObject({ status: "ok", departments: DEPTS, users: PEOPLE });
    expect(w.cast.map((p) => p.account).slice(0, 2)).toEqual(["user1", "user10"]);
  });

  test("homepage entry: the binding rule binds a WeLink person to the OA person with their mobile, who lands in the OA as themselves", async () => {
    await setRule(w, { enabled: true, fields: ["mobile"] });
    const p = w.cast[0]!;
    const res = await enterAs(w, p.welinkUserId);
    expect(res.status).toBe(303);
    expect(handoffClaims(res.headers.get("location") ?? "")).toMatchObject({ sub: p.id });
    expect(await lastLog(w)).toMatchObject({ result: "ok", reason: "BOUND_BY_RULE", oaAccount: p.account });
    const again = await enterAs(w, p.welinkUserId);
    expect(handoffClaims(again.headers.get("location") ?? "")).toMatchObject({ sub: p.id });
  });

  test("the bind page says plainly that this OA cannot check passwords (no wrong-password count)", async () => {
    const client = new EntryClient(w.h.app);
    expect((await enterAs(w, w.stranger, client)).headers.get("location")).toBe(`/h/${w.appKey}/bind`);
    const form = await (await client.get(`/h/${w.appKey}/bind`)).text();
    const res = await client.post(`/h/${w.appKey}/bind`, { nonce: inputValue(form, "nonce") ?? "", account: "user2", password: "whatever" });
    expect(res.status).toBe(503);
    expect(await codeOnPage(res)).toBe("OA_NOT_CONFIGURED");
    expect(await bindingOf(w, w.stranger)).toBeUndefined();
  });

  test("the binding rule over the whole corp binds every other seeded WeLink person", async () => {
    expect((await w.h.call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`, T)).status).toBe(200);
    const summary = await (await w.h.call("POST", `/api/v1/corps/${w.corpId}/auto-bind`, T)).json();
    expect(summary).toEqual({ bound: w.cast.length - 1, review: 0, unmatched: 1, byTerm: [{ term: "mobile", bound: w.cast.length - 1 }] });
    for (const p of w.cast) expect((await bindingOf(w, p.welinkUserId))?.oaUserId).toBe(p.id);
  });

  test("OA → WeLink simulation: the plan creates every department and every active person of the tables", async () => {
    const { run, counts } = await simulate(w);
    expect(run).toMatchObject({ status: "planned", dryRun: true });
    const active = await oaCount(w, "SELECT count(*) FROM oa_users WHERE active = 1");
    expect(active).toBe(PEOPLE - PEOPLE / 25);
    expect(counts["dept.create"]).toBe(DEPTS);
    const bound = w.cast.length;
    // WeLink cannot create a person without a mobile (every 7th row has none): those are skipped, each with its reason.
    const noMobile = await oaCount(w, "SELECT count(*) FROM oa_users WHERE active = 1 AND mobile IS NULL");
    expect(noMobile).toBe(41);
    expect(counts["user.match"]! + counts["user.update"]! + counts["user.move"]! + counts["user.skip"]!).toBe(bound + noMobile);
    expect(counts["user.create"]).toBe(active - noMobile - bound);
    expect(counts["user.remove"]).toBe(0);
    expect(w.sandbox.sb.org.users.size).toBe(bound + 1);
  });
});
