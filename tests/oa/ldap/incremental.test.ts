import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Attribute, Change, Client } from "ldapts";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { registerOaSchedules } from "../../../src/oa/index.ts";
import { ADMIN_PASSWORD, startHarness, type Harness } from "../../helpers/harness.ts";
import { signedIn } from "../../helpers/admin-client.ts";
import { BASE_DN, OUS } from "../../helpers/ldap-tree.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";
import { connection, ldapSettings } from "./support.ts";

/*
 * Incremental refresh of the OA snapshot from slapd: a full refresh leaves a mark (the newest
 * modifyTimestamp it saw), a changes-only refresh merges what changed since (change, move,
 * disable) and cannot see deletions, and the periodic full refresh removes what was deleted.
 */

let d: Slapd;
let h: Harness;
const clock = frozenClock(Date.UTC(2026, 11, 5, 2, 0, 0));
const T = { tenant: "default" };
type Row = Record<string, unknown>;
const rows = async (sql: string) => (await h.deps.database.client.execute(sql)).rows as unknown as Row[];
const person = async (uid: string) => (await rows(`SELECT id, mobile, main_dept_id AS dept, active FROM oa_users WHERE account = '${uid}'`))[0];
const deptId = async (name: string) => String((await rows(`SELECT id FROM oa_departments WHERE name = '${name}'`))[0]!.id);
const refresh = async (kind?: string) => {
  const res = await h.call("POST", `/api/v1/oa/refresh${kind ? `?kind=${kind}` : ""}`, T);
  return { status: res.status, body: (await res.json()) as Row };
};

const dnOf = (uid: string, dept: string) => {
  const centre = Object.entries(OUS).find(([, v]) => v.includes(dept))![0];
  return `uid=${uid},ou=${dept},ou=${centre},${BASE_DN}`;
};

beforeAll(async () => {
  d = await startSlapd({ people: 2000 });
  h = await startHarness({ clock });
  // The loaded tree's entries all carry the second slapadd ran in; one change a second later
  // gives the full refresh a mark that the rest of the tree is older than.
  await Bun.sleep(1100);
  const root = new Client({ url: d.url });
  await root.bind(d.root.dn, d.root.password);
  await root.modify(dnOf("u000001", d.facts.deptOf.get("u000001")!), new Change({ operation: "replace", modification: new Attribute({ type: "title", values: ["组长"] }) }));
  await root.unbind();
  const saved = await h.call("PUT", "/api/v1/oa/connection", { ...T, body: { ...connection(ldapSettings(d), d.reader.password), fullRefreshHours: 6 } });
  expect(saved.status).toBe(200);
  expect(await saved.json()).toMatchObject({ fullRefreshHours: 6 });
});
afterAll(() => {
  h?.close();
  d?.stop();
});


describe("LDAP incremental refresh through the API, against slapd", () => {
  test("changes-only before any full refresh is refused in words; a full refresh leaves a mark", async () => {
    const early = await refresh("changes");
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: "OA_NOT_SUPPORTED" });
    expect(String(early.body.detail)).toContain("full refresh");

    const full = await refresh();
    expect(full.status).toBe(200);
    expect(full.body).toMatchObject({ status: "ok", kind: "full", users: d.facts.people });
    expect(String(full.body.mark)).toMatch(/^\d{14}(\.\d+)?Z$/);
    // Nothing is left in the staging area after a swap.
    expect(await rows("SELECT count(*) AS n FROM oa_users_staged")).toEqual([{ n: 0 }]);
    // Read again at once: only the entry changed in the mark's own second is read again (LDAP
    // times have whole seconds, so ">=" keeps a change made later in that second); the mark stays.
    const again = await refresh("changes");
    expect(again.body).toMatchObject({ status: "ok", kind: "changes", users: 1, mark: full.body.mark });
  });

  test("change, move and disable are merged; a deletion waits for the full refresh that auto runs once the period has passed", async () => {
    const before = { mark: ((await (await h.call("GET", "/api/v1/oa/refreshes", T)).json()) as { items: Row[] }).items[0]!.mark, a: await person("u000142"), b: await person("u000143"), c: await person("u000144"), gone: await person("u000145") };
    expect(before.gone).toBeDefined();
    const users = Number((await rows("SELECT count(*) AS n FROM oa_users"))[0]!.n);
    // modifyTimestamp has whole seconds: the changes must be newer than the mark.
    await Bun.sleep(1100);
    const root = new Client({ url: d.url });
    await root.bind(d.root.dn, d.root.password);
    const deptOf = (uid: string) => d.facts.deptOf.get(uid)!;
    const target = deptOf("u000143") === "华南销售部" ? "华北销售部" : "华南销售部";
    await root.modify(dnOf("u000142", deptOf("u000142")), new Change({ operation: "replace", modification: new Attribute({ type: "mobile", values: ["13911112222"] }) }));
    await root.modifyDN(dnOf("u000143", deptOf("u000143")), dnOf("u000143", target));
    await root.modify(dnOf("u000144", deptOf("u000144")), new Change({ operation: "add", modification: new Attribute({ type: "employeeType", values: ["disabled"] }) }));
    await root.del(dnOf("u000145", deptOf("u000145")));
    await root.unbind();

    clock.advance(60 * 60_000);
    const changes = await refresh("auto");
    // The three changed, and the one of the mark's second again.
    expect(changes.body).toMatchObject({ status: "ok", kind: "changes", users: 4 });
    expect(String(changes.body.mark) > String(before.mark)).toBe(true);
    expect(await person("u000142")).toMatchObject({ id: before.a!.id, mobile: "13911112222" });
    expect(await person("u000143")).toMatchObject({ id: before.b!.id, dept: await deptId(target) });
    expect(await person("u000144")).toMatchObject({ id: before.c!.id, active: 0 });
    // Changes-only cannot see the deletion: the person is still in the snapshot.
    expect(await person("u000145")).toBeDefined();
    expect(Number((await rows("SELECT count(*) AS n FROM oa_users"))[0]!.n)).toBe(users);

    // Six hours after the last full refresh (the connection's period), auto reads everything.
    clock.advance(6 * 60 * 60_000);
    const full = await refresh("auto");
    expect(full.body).toMatchObject({ status: "ok", kind: "full" });
    expect(await person("u000145")).toBeUndefined();
    expect(Number((await rows("SELECT count(*) AS n FROM oa_users"))[0]!.n)).toBe(users - 1);
    // The moved and changed people are as the changes left them.
    expect(await person("u000143")).toMatchObject({ dept: await deptId(target) });

    const history = (await (await h.call("GET", "/api/v1/oa/refreshes", T)).json()) as { items: Row[] };
    expect(history.items.slice(0, 4).map((r) => r.kind)).toEqual(["full", "changes", "changes", "full"]);
  });

  test("a refresh that fails half-way keeps the snapshot and leaves nothing staged", async () => {
    const users = Number((await rows("SELECT count(*) AS n FROM oa_users"))[0]!.n);
    // A directory that goes away in the middle: stop answering after the first pages are staged.
    const slow = { ...ldapSettings(d), pageSize: 50 };
    expect((await h.call("PUT", "/api/v1/oa/connection", { ...T, body: connection(slow) })).status).toBe(200);
    const pending = refresh("full");
    // Let some pages arrive, then stop the server under the refresh.
    for (let i = 0; i < 200 && Number((await rows("SELECT count(*) AS n FROM oa_users_staged"))[0]!.n) === 0; i++) await Bun.sleep(10);
    d.pause();
    const failed = await pending;
    d.resume();
    expect(failed.status).toBeGreaterThanOrEqual(400);
    expect(failed.body.code).toBe("OA_TIMEOUT");
    expect(Number((await rows("SELECT count(*) AS n FROM oa_users"))[0]!.n)).toBe(users);
    expect(await rows("SELECT count(*) AS n FROM oa_users_staged")).toEqual([{ n: 0 }]);
    expect(await rows("SELECT count(*) AS n FROM oa_departments_staged")).toEqual([{ n: 0 }]);
  });

  test("at start, a refresh a crash left running is closed as interrupted and its staged rows dropped", async () => {
    const tenantId = String((await rows("SELECT id FROM tenants WHERE slug = 'default'"))[0]!.id);
    const users = Number((await rows("SELECT count(*) AS n FROM oa_users"))[0]!.n);
    await h.deps.database.client.execute({
      sql: "INSERT INTO oa_refreshes (id, tenant_id, trigger, kind, status, started_at) VALUES ('crashed', ?, 'schedule', 'full', 'running', ?)",
      args: [tenantId, clock.now()],
    });
    await h.deps.database.client.execute({
      sql: "INSERT INTO oa_users_staged (tenant_id, refresh_id, id, account, name) VALUES (?, 'crashed', 'x1', 'half', '半途')",
      args: [tenantId],
    });
    await registerOaSchedules(h.deps);
    expect(await rows("SELECT status, error_code AS code FROM oa_refreshes WHERE id = 'crashed'")).toEqual([{ status: "failed", code: "REFRESH_INTERRUPTED" }]);
    expect(await rows("SELECT count(*) AS n FROM oa_users_staged")).toEqual([{ n: 0 }]);
    expect(Number((await rows("SELECT count(*) AS n FROM oa_users"))[0]!.n)).toBe(users);
  });

  test("the admin's directory page offers both kinds for LDAP and each button runs its kind", async () => {
    const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
    expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
    expect((await h.call("PUT", "/api/v1/oa/connection", { ...T, body: { ...connection(ldapSettings(d), d.reader.password), fullRefreshHours: 6 } })).status).toBe(200);
    const page = await (await client.get("/admin/oa/directory")).text();
    expect(page).toContain('name="kind" value="auto"');
    expect(page).toContain('name="kind" value="full"');
    const full = await client.post("/admin/oa/refresh", { kind: "full" });
    expect(full.headers.get("location")).toBe("/admin/oa/directory?done=refreshed");
    const changes = await client.post("/admin/oa/refresh", { kind: "auto" });
    expect(changes.headers.get("location")).toBe("/admin/oa/directory?done=refreshed");
    const history = (await (await h.call("GET", "/api/v1/oa/refreshes", T)).json()) as { items: Row[] };
    expect(history.items.slice(0, 2).map((r) => r.kind)).toEqual(["changes", "full"]);
    // The flash after a changes-only read says changes were merged, not that everything was read.
    expect(await (await client.get("/admin/oa/directory?done=refreshed")).text()).toContain("已读取变化");
  });
});
