import { afterEach, describe, expect, test } from "bun:test";
import { deleteUser } from "../../../src/sandbox/welink/user-ops.ts";
import { json, rows, T } from "../from-welink/support.ts";
import { asPull } from "../to-welink/support.ts";
import { direction, planOf, pullNow, seedWelink, startWbWorld, type WbWorld, writeback } from "./support.ts";

let world: WbWorld | undefined;
afterEach(() => {
  world?.close();
  world = undefined;
});

const oaPerson = (w: WbWorld, name: string) => w.oa.org.users.find((u) => u.name === name);
const oaDeptNamed = (w: WbWorld, name: string) => w.oa.org.depts.find((d) => d.name === name && !d.disabled);

describe("WeLink → OA write-back into the demo OA", () => {
  test("direction: push is the default; write-back is refused until the corp goes WeLink → OA, and push is refused after; audited", async () => {
    const w = (world = await startWbWorld());
    expect(await json(await w.h.call("GET", `/api/v1/corps/${w.corpId}/sync-direction`, T))).toEqual({ direction: "to-welink" });
    const refused = await w.h.call("POST", `/api/v1/corps/${w.corpId}/writeback?wait=true`, T);
    expect(refused.status).toBe(409);
    const problem = await json<{ code: string; detail: string }>(refused);
    expect(problem.code).toBe("SYNC_DIRECTION_OTHER");
    expect(problem.detail).toContain("WeLink → OA");
    expect((await direction(w, "to-oa")).status).toBe(200);
    const push = await w.h.call("POST", `/api/v1/corps/${w.corpId}/push?wait=true`, T);
    expect(await json(push)).toMatchObject({ code: "SYNC_DIRECTION_OTHER" });
    // Saving the push settings keeps the direction.
    expect((await w.h.call("PUT", `/api/v1/corps/${w.corpId}/push-settings`, { ...T, body: { addNewPeople: true } })).status).toBe(200);
    expect(await json(await w.h.call("GET", `/api/v1/corps/${w.corpId}/sync-direction`, T))).toEqual({ direction: "to-oa" });
    const audit = await rows(asPull(w), "SELECT before, after FROM audit_log WHERE action = 'sync.direction.update'");
    expect(audit.map((a) => [JSON.parse(String(a.before)).direction, JSON.parse(String(a.after)).direction])).toEqual([["to-welink", "to-oa"]]);
  });

  test("switching direction while a run is in flight is refused", async () => {
    const w = (world = await startWbWorld());
    await rows(asPull(w), "INSERT INTO sync_runs (id, tenant_id, corp_id, kind, trigger, status, started_at) VALUES ('busy', ?, ?, 'push', 'manual', 'running', 0)", [w.tenantId, w.corpId]);
    const res = await direction(w, "to-oa");
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ code: "SYNC_DIRECTION_BUSY" });
    expect(await json(await w.h.call("GET", `/api/v1/corps/${w.corpId}/sync-direction`, T))).toEqual({ direction: "to-welink" });
  });

  test("a dry run stores the plan and writes nothing; applying it creates departments and people, binds them, and the next plan is empty", async () => {
    const w = (world = await startWbWorld());
    const seed = seedWelink(w);
    await direction(w, "to-oa");
    const planned = await writeback(w, true);
    expect(planned.status).toBe("planned");
    expect(w.oa.state.writes.count).toBe(0);
    const plan = await planOf(w, planned.id);
    // Departments parents first, then people (in a stable order).
    expect(plan.slice(0, 3).map((i) => [i.object, i.action, i.name])).toEqual([["dept", "create", "写回总部"], ["dept", "create", "研发部"], ["dept", "create", "市场部"]]);
    expect(plan.slice(3).map((i) => [i.object, i.action, i.name]).sort()).toEqual([["user", "create", "写回丙"], ["user", "create", "写回乙"], ["user", "create", "写回甲"]].sort());
    const applied = await json<{ status: string; counts: Record<string, number> }>(await w.h.call("POST", `/api/v1/sync-runs/${planned.id}/writeback-apply?wait=true`, T));
    expect(applied).toMatchObject({ status: "ok", counts: { added: 6, failed: 0 } });
    expect(w.oa.state.writes.count).toBe(6);
    const rd = oaDeptNamed(w, "研发部")!;
    expect(oaDeptNamed(w, "写回总部")).toMatchObject({ parentId: null });
    expect(rd.parentId).toBe(oaDeptNamed(w, "写回总部")!.id);
    expect(oaPerson(w, "写回甲")).toMatchObject({ deptId: rd.id, status: "active", mobile: expect.stringContaining("139") });
    const bindings = await rows(asPull(w), "SELECT welink_user_id, oa_user_id FROM bindings WHERE corp_id = ?", [w.corpId]);
    expect(new Map(bindings.map((b) => [String(b.welink_user_id), String(b.oa_user_id)]))).toEqual(new Map(seed.people.map((p, i) => [p, oaPerson(w, ["写回甲", "写回乙", "写回丙"][i]!)!.id])));
    const deptBindings = await rows(asPull(w), "SELECT dept_code, oa_dept_id FROM dept_bindings WHERE corp_id = ?", [w.corpId]);
    expect(deptBindings).toHaveLength(3);
    // The OA snapshot was refreshed after the writes: the next plan writes nothing.
    const again = await writeback(w);
    expect(again.status).toBe("ok");
    expect((await planOf(w, again.id)).filter((i) => i.action !== "match")).toEqual([]);
    expect(w.oa.state.writes.count).toBe(6);
  });

  test("a change in WeLink is written as an update; a person closed in WeLink is disabled in the OA", async () => {
    const w = (world = await startWbWorld());
    const seed = seedWelink(w);
    await direction(w, "to-oa");
    expect((await writeback(w)).status).toBe("ok");
    const sb = w.rs.sb;
    const jia = sb.org.users.get(seed.people[0]!)!;
    sb.org.putUser({ ...jia, position: "架构师" });
    deleteUser(sb, { userId: seed.people[2]!, isDeleteUser: 0 });
    await pullNow(w);
    const run = await writeback(w);
    expect(run).toMatchObject({ status: "ok", counts: { updated: 1, removed: 1, failed: 0 } });
    expect(oaPerson(w, "写回甲")).toMatchObject({ title: "架构师", status: "active" });
    expect(oaPerson(w, "写回丙")).toMatchObject({ status: "left" });
  });

  test("the deletion breaker holds disabling: nothing is written until an admin approves", async () => {
    const w = (world = await startWbWorld());
    const seed = seedWelink(w);
    await direction(w, "to-oa");
    await w.h.call("PUT", `/api/v1/corps/${w.corpId}/push-settings`, { ...T, body: { addNewPeople: true, breaker: { usersMax: 1, usersPct: 100, deptsMax: 20, deptsPct: 100 } } });
    expect((await writeback(w)).status).toBe("ok");
    const before = w.oa.state.writes.count;
    for (const id of seed.people.slice(0, 2)) deleteUser(w.rs.sb, { userId: id, isDeleteUser: 0 });
    await pullNow(w);
    const held = await writeback(w);
    expect(held.status).toBe("held");
    expect(held.heldReason).toContain("disables 2 people in the OA, more than the limit of 1");
    expect(w.oa.state.writes.count).toBe(before);
    expect(oaPerson(w, "写回甲")!.status).toBe("active");
    const approved = await json<{ status: string }>(await w.h.call("POST", `/api/v1/sync-runs/${held.id}/writeback-apply?wait=true`, T));
    expect(approved.status).toBe("approved");
    expect([oaPerson(w, "写回甲")!.status, oaPerson(w, "写回乙")!.status]).toEqual(["left", "left"]);
  });
});

describe("approving a held write-back through the runs' approve route", () => {
  test("POST /sync-runs/{runId}/approve applies the held write-back to the OA and leaves the WeLink mirror alone", async () => {
    const w = (world = await startWbWorld());
    const seed = seedWelink(w);
    await direction(w, "to-oa");
    await w.h.call("PUT", `/api/v1/corps/${w.corpId}/push-settings`, { ...T, body: { addNewPeople: true, breaker: { usersMax: 1, usersPct: 100, deptsMax: 20, deptsPct: 100 } } });
    expect((await writeback(w)).status).toBe("ok");
    for (const id of seed.people.slice(0, 2)) deleteUser(w.rs.sb, { userId: id, isDeleteUser: 0 });
    await pullNow(w);
    const mirror = async () => (await rows(asPull(w), "SELECT user_id, status FROM welink_users WHERE corp_id = ? ORDER BY user_id", [w.corpId])).map((r) => `${r.user_id}:${r.status}`);
    const mirrored = await mirror();
    const held = await writeback(w);
    expect(held.status).toBe("held");
    const res = await w.h.call("POST", `/api/v1/sync-runs/${held.id}/approve`, T);
    expect(res.status).toBeLessThan(300);
    await until(async () => String((await rows(asPull(w), "SELECT status FROM sync_runs WHERE id = ?", [held.id]))[0]!.status) !== "running");
    expect([oaPerson(w, "写回甲")!.status, oaPerson(w, "写回乙")!.status]).toEqual(["left", "left"]);
    expect(await mirror()).toEqual(mirrored);
  });
});

async function until(check: () => Promise<boolean>) {
  while (!(await check())) await Bun.sleep(20);
}
