import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bindingOf, enterAs, type FlowWorld, lastLog, oaCount, setRule, simulate, startFlowWorld, T } from "../flows-support.ts";
import { EntryClient, handoffClaims, inputValue } from "../../login/entry/support.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";
import { connection, ldapSettings } from "./support.ts";

/** The demo's flows with the OA directory read from slapd instead of the demo OA. */
let d: Slapd;
let w: FlowWorld;
beforeAll(async () => {
  d = await startSlapd({ people: 300 });
  w = await startFlowWorld(connection(ldapSettings(d), d.reader.password));
});
afterAll(() => {
  w?.stop();
  d?.stop();
});

describe("the product's flows on an LDAP directory", () => {
  test("the refresh read the directory: its OUs and people are the OA directory", async () => {
    expect(w.refreshed).toMatchObject({ status: "ok", departments: 10, users: d.facts.people });
    // The cast are LDAP people: entryUUIDs, not accounts.
    for (const p of w.cast) expect(p.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  test("homepage entry: the binding rule binds a WeLink person to the LDAP person with their mobile, who lands in the OA as themselves", async () => {
    await setRule(w, { enabled: true, fields: ["mobile"] });
    const p = w.cast[0]!;
    const first = await enterAs(w, p.welinkUserId);
    expect(first.status).toBe(303);
    expect(handoffClaims(first.headers.get("location") ?? "")).toMatchObject({ sub: p.id });
    expect(await lastLog(w)).toMatchObject({ result: "ok", reason: "BOUND_BY_RULE", oaAccount: p.account });
    expect(await bindingOf(w, p.welinkUserId)).toEqual({ oaUserId: p.id, method: "rule" });
    // Bound now: the next visit goes straight in.
    const again = await enterAs(w, p.welinkUserId);
    expect(handoffClaims(again.headers.get("location") ?? "")).toMatchObject({ sub: p.id });
    expect(await lastLog(w)).toMatchObject({ result: "ok", reason: "OK" });
  });

  test("the bind page: a person the rule cannot find binds with their directory account and password", async () => {
    const client = new EntryClient(w.h.app);
    const res = await enterAs(w, w.stranger, client);
    expect(res.headers.get("location")).toBe(`/h/${w.appKey}/bind`);
    const form = await (await client.get(`/h/${w.appKey}/bind`)).text();
    const wrong = await client.post(`/h/${w.appKey}/bind`, { nonce: inputValue(form, "nonce") ?? "", account: "u000200", password: "pw-u000201" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("OA 账号或密码错误");
    const done = await client.post(`/h/${w.appKey}/bind`, { nonce: inputValue(form, "nonce") ?? "", account: "u000200", password: "pw-u000200" });
    expect(done.status).toBe(303);
    const id = (await w.h.deps.database.client.execute("SELECT id FROM oa_users WHERE account = 'u000200'")).rows[0]?.[0];
    expect(handoffClaims(done.headers.get("location") ?? "")).toMatchObject({ sub: id });
    expect(await bindingOf(w, w.stranger)).toEqual({ oaUserId: String(id), method: "password" });
    expect(w.h.logs.join("\n")).not.toContain("pw-u000200");
  });

  test("the binding rule over the whole corp binds every other seeded WeLink person to their LDAP person", async () => {
    expect((await w.h.call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`, T)).status).toBe(200);
    const summary = await (await w.h.call("POST", `/api/v1/corps/${w.corpId}/auto-bind`, T)).json();
    expect(summary).toEqual({ bound: w.cast.length - 1, review: 0, unmatched: 0, byTerm: [{ term: "mobile", bound: w.cast.length - 1 }] });
    for (const p of w.cast) expect((await bindingOf(w, p.welinkUserId))?.oaUserId).toBe(p.id);
  });

  test("OA → WeLink simulation: the plan creates every OU and every active person the directory holds, and touches the bound ones", async () => {
    const { run, counts } = await simulate(w);
    expect(run).toMatchObject({ status: "planned", dryRun: true });
    const active = await oaCount(w, "SELECT count(*) FROM oa_users WHERE active = 1");
    expect(active).toBe(d.facts.people - d.facts.disabled.length);
    expect(counts["dept.create"]).toBe(10);
    const bound = w.cast.length + 1;
    const onBound = counts["user.match"]! + counts["user.update"]! + counts["user.move"]! + counts["user.skip"]!;
    expect(onBound).toBe(bound);
    expect(counts["user.create"]).toBe(active - bound);
    expect(counts["user.remove"]).toBe(0);
    // A dry run writes nothing to WeLink.
    expect([...w.sandbox.sb.org.users.values()].length).toBe(bound);
  });
});
