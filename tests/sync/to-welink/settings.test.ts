import { afterEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { bindings, welinkDepts, welinkUsers } from "../../../src/directory/schema.ts";
import { oaDepartments, oaUsers } from "../../../src/oa/schema.ts";
import { registerPushSchedules } from "../../../src/sync/to-welink/save-settings.ts";
import { loadPushConfig } from "../../../src/sync/to-welink/settings.ts";
import { DEFAULT_FIELD_MAPPING } from "../../../src/sync/to-welink/types.ts";
import { findTenantBySlug } from "../../../src/accounts/store.ts";
import { seedPlan } from "./plan-support.ts";

const T = { tenant: "default" };
let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

type View = {
  topDeptCode: string | null; addNewPeople: boolean; fieldMapping: Record<string, string>; includePartTime: boolean;
  scope: { depts: string[]; include: string[]; exclude: string[] }; removalMode: string; decreaseThreshold: number | null;
  breaker: Record<string, number>; schedule: { kind: string }; timezone: string; nextRun: string | null; note: string; readOnly: boolean;
  scopeWarning: { boundLeaving: number; message: string };
};
type Problem = { code: string; errors?: { path: string; message: string }[] };
const json = async <X,>(r: Response) => (await r.json()) as X;

/**
 * One read-write corp with a WeLink mirror (W1 › W2) and an OA tree HQ › (Sales › East, IT) with
 * six bound people: a1 (Sales), a2 (East), a3 (IT, part-time in Sales), a4 (HQ), a5 inactive
 * (Sales), a6 bound but gone from the OA.
 */
async function world(permission: "read-only" | "read-write" = "read-write") {
  h = await startHarness();
  const corp = await json<{ id: string }>(await h.call("POST", "/api/v1/corps", { ...T, body: { name: "Corp", welinkTenantId: "w", contactPermission: permission } }));
  const tenantId = (await findTenantBySlug(h.deps.db, "default"))!.id;
  const db = h.deps.db;
  const now = h.deps.clock.now();
  const k = { tenantId, corpId: corp.id, updatedAt: now };
  await db.insert(welinkDepts).values([
    { ...k, deptCode: "W1", parentCode: "0", nameCn: "总部" },
    { ...k, deptCode: "W2", parentCode: "W1", nameCn: "研发" },
    { ...k, deptCode: "WX", parentCode: "W1", nameCn: "已删", removedAt: now },
  ]);
  await db.insert(oaDepartments).values([
    { tenantId, id: "HQ", parentId: null, name: "HQ" },
    { tenantId, id: "SALES", parentId: "HQ", name: "Sales" },
    { tenantId, id: "EAST", parentId: "SALES", name: "East" },
    { tenantId, id: "IT", parentId: "HQ", name: "IT" },
  ]);
  const person = (id: string, mainDeptId: string, extra: { partTimeDeptIds?: string; active?: boolean } = {}) => ({ tenantId, id, account: id, name: id, mainDeptId, ...extra });
  await db.insert(oaUsers).values([person("a1", "SALES"), person("a2", "EAST"), person("a3", "IT", { partTimeDeptIds: '["SALES"]' }), person("a4", "HQ"), person("a5", "SALES", { active: false })]);
  const ids = ["a1", "a2", "a3", "a4", "a5", "a6"];
  await db.insert(welinkUsers).values(ids.map((id) => ({ ...k, userId: `w-${id}`, nameCn: id })));
  await db.insert(bindings).values(ids.map((id) => ({ tenantId, corpId: corp.id, welinkUserId: `w-${id}`, oaUserId: id, method: "admin" as const, createdAt: now, createdBy: "test" })));
  const url = `/api/v1/corps/${corp.id}/push-settings`;
  return { h, corpId: corp.id, url, put: (body: unknown) => h!.call("PUT", url, { ...T, body }), get: async () => json<View>(await h!.call("GET", url, T)) };
}

describe("push settings API", () => {
  test("a corp never configured reads the defaults, and the runner's config has them too", async () => {
    const w = await world();
    const view = await w.get();
    expect(view).toMatchObject({
      topDeptCode: null, addNewPeople: false, fieldMapping: DEFAULT_FIELD_MAPPING, includePartTime: false,
      scope: { depts: [], include: [], exclude: [] }, removalMode: "close", decreaseThreshold: 50,
      breaker: { usersMax: 500, usersPct: 5, deptsMax: 20, deptsPct: 5 }, schedule: { kind: "none" }, timezone: "Asia/Shanghai", nextRun: null, readOnly: false,
    });
    expect(view.note).toContain("visible to everyone");
    // Everyone active is in scope by default: only the inactive a5 and a6 (gone from the OA) are out.
    expect(view.scopeWarning.boundLeaving).toBe(2);
    const config = await loadPushConfig(w.h.deps.db, w.corpId);
    expect(config).toEqual({
      topDeptCode: null, addNewPeople: false, fieldMapping: DEFAULT_FIELD_MAPPING, includePartTime: false, scope: { depts: [], include: [], exclude: [] },
      removalMode: "close", decreaseThreshold: 50, breaker: { usersMax: 500, usersPct: 5, deptsMax: 20, deptsPct: 5 },
    });
  });

  test("saved settings read back, reach the runner's config, and are audited with before and after", async () => {
    const w = await world();
    const body = {
      topDeptCode: "W2", addNewPeople: true, fieldMapping: { nameCn: "name", mobileNumber: "mobile", employeeId: "account" }, includePartTime: true,
      scope: { depts: ["SALES", "SALES"], include: [], exclude: ["a2"] }, removalMode: "delete", decreaseThreshold: null,
      breaker: { usersMax: 10, usersPct: 50, deptsMax: 2, deptsPct: 100 },
    };
    const res = await w.put(body);
    expect(res.status).toBe(200);
    const saved = await json<View>(res);
    expect(saved).toMatchObject({ ...body, scope: { depts: ["SALES"], include: [], exclude: ["a2"] }, schedule: { kind: "none" } });
    expect(await w.get()).toMatchObject({ topDeptCode: "W2", removalMode: "delete", decreaseThreshold: null, fieldMapping: body.fieldMapping });
    expect(await loadPushConfig(w.h.deps.db, w.corpId)).toMatchObject({ topDeptCode: "W2", addNewPeople: true, scope: { depts: ["SALES"], exclude: ["a2"] }, breaker: body.breaker });
    const audit = await (await w.h.call("GET", "/api/v1/audit?action=push.settings", T)).text();
    expect(audit).toContain("push.settings.update");
    expect(audit).toContain('"removalMode":"delete"');
  });

  test("refused values answer 422 naming each field: unknown or removed top department, mapping without mobile when adding people", async () => {
    const w = await world();
    const paths = async (body: unknown) => {
      const res = await w.put(body);
      expect(res.status).toBe(422);
      return (await json<Problem>(res)).errors!.map((e) => e.path);
    };
    expect(await paths({ topDeptCode: "NOPE" })).toEqual(["body.topDeptCode"]);
    expect(await paths({ topDeptCode: "WX" })).toEqual(["body.topDeptCode"]);
    expect(await paths({ addNewPeople: true, fieldMapping: { nameCn: "name", email: "email" } })).toEqual(["body.fieldMapping.mobileNumber"]);
    expect(await paths({ fieldMapping: { nameCn: "salary" } })).toEqual(["body.fieldMapping.nameCn"]);
    expect(await paths({ breaker: { usersPct: 101 } })).toEqual(["body.breaker.usersPct"]);
    expect(await paths({ schedule: { kind: "cron", cron: "every day" } })).toEqual(["body.schedule.cron"]);
    // Without new people the mapping may leave mobile out; nothing was saved by the refusals.
    expect((await w.put({ fieldMapping: { nameCn: "name" } })).status).toBe(200);
    expect((await w.get()).topDeptCode).toBeNull();
  });

  test("schedules register push:<corpId> (cron and period) and kind none removes it", async () => {
    const w = await world();
    const name = `push:${w.corpId}`;
    const saved = await json<View>(await w.put({ schedule: { kind: "cron", cron: "0 3 * * *" } }));
    expect(w.h.deps.scheduler.names()).toContain(name);
    expect(saved.schedule).toEqual({ kind: "cron", cron: "0 3 * * *" } as never);
    await w.put({ schedule: { kind: "none" } });
    expect(w.h.deps.scheduler.names()).not.toContain(name);
    const period = await json<View>(await w.put({ schedule: { kind: "period", firstRunAt: "2026-01-01T09:00:00+08:00", periodMinutes: 120 } }));
    expect(period.schedule).toEqual({ kind: "period", firstRunAt: "2026-01-01T01:00:00.000Z", periodMinutes: 120 } as never);
    expect(w.h.deps.scheduler.names()).toContain(name);
    expect(w.h.deps.scheduler.names()).not.toContain(`pull:${w.corpId}`);
    // At start (serve), saved schedules are registered again.
    w.h.deps.scheduler.set(name, null, async () => undefined);
    expect(await registerPushSchedules(w.h.deps)).toBe(1);
    expect(w.h.deps.scheduler.names()).toContain(name);
    // The tenant owns its corps' jobs: deleting the tenant takes this one along.
    const tenantId = (await w.h.deps.database.client.execute({ sql: "select tenant_id from corps where id = ?", args: [w.corpId] })).rows[0]?.tenant_id as string;
    expect(w.h.deps.scheduler.namesOwnedBy(tenantId)).toContain(name);
  });

  test("the scope warning counts bound people left out: subtrees, part-time, include, and exclude winning", async () => {
    const w = await world();
    const leaving = async (scope: unknown, includePartTime = false) => (await json<View>(await w.put({ scope, includePartTime }))).scopeWarning;
    // Sales subtree: a1, a2 in; a3 (IT), a4 (HQ), a5 (inactive), a6 (gone) out.
    expect((await leaving({ depts: ["SALES"] })).boundLeaving).toBe(4);
    // Part-time in Sales brings a3 in.
    expect((await leaving({ depts: ["SALES"] }, true)).boundLeaving).toBe(3);
    // Exclude wins over the subtree.
    expect((await leaving({ depts: ["SALES"], exclude: ["a2"] })).boundLeaving).toBe(5);
    // Include means exactly these people, exclude still wins, inactive never.
    const w2 = await leaving({ include: ["a3", "a4", "a5"], exclude: ["a4"] });
    expect(w2.boundLeaving).toBe(5);
    expect(w2.message).toBe("5 bound people are outside this scope and will be removed from WeLink on the next run.");
  });

  test("a read-only corp's settings say its runs are refused", async () => {
    const w = await world("read-only");
    const view = await w.get();
    expect(view.readOnly).toBe(true);
    expect(view.note).toContain("read-only");
  });

  test("another tenant's token gets 404 for the settings, saving them, running and the plan", async () => {
    const w = await world();
    const other = await w.h.tenantToken("tenant-x", ["admin"]);
    expect((await w.h.call("GET", w.url, { token: other })).status).toBe(404);
    expect((await w.h.call("PUT", w.url, { token: other, body: { topDeptCode: "NOPE" } })).status).toBe(404);
    const run = { tenantId: (await findTenantBySlug(w.h.deps.db, "default"))!.id, corpId: w.corpId };
    await w.h.deps.database.client.execute({ sql: "INSERT INTO sync_runs (id, tenant_id, corp_id, kind, trigger, status, started_at, dry_run) VALUES ('push-1', ?, ?, 'push', 'manual', 'planned', 0, 1)", args: [run.tenantId, run.corpId] });
    expect((await w.h.call("GET", "/api/v1/sync-runs/push-1/plan", T)).status).toBe(200);
    expect((await w.h.call("GET", "/api/v1/sync-runs/push-1/plan", { token: other })).status).toBe(404);
  });
});

describe("a push run's plan over the API", () => {
  test("lists items in order with parsed fields, filters by action and object, counts the whole plan, pages", async () => {
    const w = await world();
    const tenantId = (await findTenantBySlug(w.h.deps.db, "default"))!.id;
    await seedPlan(w.h, { tenantId, corpId: w.corpId });
    type Page = { items: { seq: number; action: string; object: string; desired: unknown; changes: unknown; state: string }[]; total: number; counts: Record<string, number> };
    const all = await json<Page>(await w.h.call("GET", "/api/v1/sync-runs/push-run-1/plan?limit=500", T));
    expect(all.total).toBe(69);
    expect(all.items.map((i) => i.seq)).toEqual([...Array(69).keys()]);
    expect(all.counts).toMatchObject({ "dept.match": 1, "dept.create": 1, "dept.move": 1, "dept.update": 1, "dept.remove": 1, "user.create": 60, "user.remove": 1, "user.skip": 1, "dept.skip": 0 });
    expect(all.items[3]).toMatchObject({ action: "update", changes: { nameCn: ["研发", "信息技术部"] }, state: "planned" });
    const created = await json<Page>(await w.h.call("GET", "/api/v1/sync-runs/push-run-1/plan?action=create&object=user&limit=10&offset=55", T));
    expect({ total: created.total, n: created.items.length, counts: created.counts["user.create"] }).toEqual({ total: 60, n: 5, counts: 60 });
    expect(created.items[0]!.desired).toMatchObject({ nameCn: "新人55" });
    expect((await w.h.call("GET", "/api/v1/sync-runs/push-run-1/plan?limit=501", T)).status).toBe(422);
    expect((await w.h.call("GET", "/api/v1/sync-runs/push-run-1/plan?action=explode", T)).status).toBe(422);
  });

  test("a pull run has no plan: 404", async () => {
    const w = await world();
    const tenantId = (await findTenantBySlug(w.h.deps.db, "default"))!.id;
    await w.h.deps.database.client.execute({ sql: "INSERT INTO sync_runs (id, tenant_id, corp_id, kind, trigger, status, started_at) VALUES ('pull-1', ?, ?, 'pull', 'manual', 'ok', 0)", args: [tenantId, w.corpId] });
    expect((await w.h.call("GET", "/api/v1/sync-runs/pull-1/plan", T)).status).toBe(404);
  });
});

describe("push runs over the API (needs the push runner, src/sync/to-welink/sync.ts)", () => {
  test("another tenant cannot start a push or apply a plan", async () => {
    const w = await world();
    const other = await w.h.tenantToken("tenant-x", ["admin"]);
    expect((await w.h.call("POST", `/api/v1/corps/${w.corpId}/push?dryRun=true`, { token: other })).status).toBe(404);
    expect((await w.h.call("POST", "/api/v1/sync-runs/unknown-run/apply", { token: other })).status).toBe(404);
  });

  test("a read-only corp's push is refused", async () => {
    const w = await world("read-only");
    const res = await w.h.call("POST", `/api/v1/corps/${w.corpId}/push?dryRun=true&wait=true`, T);
    expect({ status: res.status, code: (await json<Problem>(res)).code }).toEqual({ status: 409, code: "CORP_READ_ONLY" });
  });
});
