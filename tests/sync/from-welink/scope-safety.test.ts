import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { Dept, User } from "../../../src/sandbox/welink/model.ts";
import { encryptCallback } from "../../../src/welink/callback-crypto.ts";
import { oaUsers } from "../../../src/oa/schema.ts";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { signedIn } from "../../helpers/admin-client.ts";
import { changesOf, json, newPerson, pull, rows, settings, startPullWorld, T, type PullWorld } from "./support.ts";

let w: PullWorld;
beforeEach(async () => {
  w = await startPullWorld({ users: 160, depts: 14 });
});
afterEach(() => w.close());

const org = () => w.rs.sb.org;
const LEFT = "moved outside the pull scope";

function subtree(root: string): Set<string> {
  const out = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of org().depts.values()) if (out.has(d.parentCode) && !out.has(d.deptCode)) (out.add(d.deptCode), (grew = true));
  }
  return out;
}

/** A first-level department with a child and at least 3 people wholly inside it, and a department outside it. */
function pickScope(): { root: Dept; inside: Set<string>; insiders: User[]; outside: Dept } {
  const tops = [...org().depts.values()].filter((d) => d.parentCode === "0");
  const users = [...org().users.values()];
  const options = tops.map((root) => {
    const inside = subtree(root.deptCode);
    return { root, inside, insiders: users.filter((u) => u.deptCodes.every((c) => inside.has(c))) };
  });
  const s = options.filter((o) => o.insiders.length >= 3 && o.inside.size >= 2).sort((a, b) => a.insiders.length - b.insiders.length)[0]!;
  return { ...s, outside: [...org().depts.values()].find((d) => !s.inside.has(d.deptCode))! };
}

/** Moves a sandbox person to be only in `deptCode`. */
const moveTo = (u: User, deptCode: string) => org().putUser({ ...u, mainDeptCode: deptCode, deptCodes: [deptCode], orderInDepts: { [deptCode]: 1 } });

const userRow = async (userId: string) => (await rows(w, "SELECT removed_at, main_dept_code FROM welink_users WHERE corp_id = ? AND user_id = ?", [w.corpId, userId]))[0];
const deptRow = async (code: string) => (await rows(w, "SELECT removed_at, parent_code FROM welink_depts WHERE corp_id = ? AND dept_code = ?", [w.corpId, code]))[0];

/** A contact-change callback, sealed with the sync app's secret, posted to the bridge's receiver. */
async function callback(eventType: string, data: Record<string, string>[]) {
  const key = String((await rows(w, "SELECT app_key FROM apps WHERE corp_id = ?", [w.corpId]))[0]![0]);
  const plain = { eventType, timestamp: String(Math.floor(w.h.deps.clock.now() / 1000)), data };
  const res = await w.h.app.request(`/callbacks/welink/${key}`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ encrypt: encryptCallback(w.rs.app.clientSecret, JSON.stringify(plain)) }),
  });
  expect(res.status).toBe(200);
}

describe("a scoped pull never clears what WeLink still has", () => {
  test("a person and a department moved out of the scope are kept and updated; a person deleted inside it is cleared", async () => {
    expect((await pull(w)).status).toBe("ok");
    const s = pickScope();
    await settings(w, { deptCodes: [s.root.deptCode], clearMissingPeople: true, clearMissingDepts: true, shrinkThreshold: 90 });
    const [gone, mover] = s.insiders;
    const tenantId = String((await rows(w, "SELECT tenant_id FROM corps WHERE id = ?", [w.corpId]))[0]![0]);
    await w.h.deps.db.insert(oaUsers).values({ tenantId, id: "oa-mover", account: "mover", name: "Mover", active: true });
    const bound = await w.h.call("PUT", `/api/v1/corps/${w.corpId}/bindings/${encodeURIComponent(mover!.userId)}`, { ...T, body: { oaUserId: "oa-mover" } });
    expect(bound.status).toBe(200);
    org().removeUser(gone!.userId);
    moveTo(mover!, s.outside.deptCode);
    const leaf = [...s.inside].map((c) => org().depts.get(c)!).find((d) => d.deptCode !== s.root.deptCode && org().childCount(d.deptCode) === 0);
    expect(leaf).toBeDefined();
    org().putDept({ ...leaf!, parentCode: s.outside.deptCode });
    const calls = w.rs.sb.calls.length;

    const run = await pull(w);
    expect([run.status, run.heldReason]).toEqual(["ok", null]);
    const changes = await changesOf(w, run.id);
    expect(await userRow(gone!.userId)).toBeUndefined();
    expect(await userRow(mover!.userId)).toMatchObject({ removed_at: null, main_dept_code: s.outside.deptCode });
    expect(changes.find((c) => c.objectId === mover!.userId)).toMatchObject({ action: "move", applied: true, after: { mainDeptCode: s.outside.deptCode } });
    expect(changes.find((c) => c.objectId === mover!.userId)?.reason).toContain(LEFT);
    expect(changes.find((c) => c.objectId === gone!.userId)).toMatchObject({ action: "remove", applied: true });
    expect(await deptRow(leaf!.deptCode)).toMatchObject({ removed_at: null, parent_code: s.outside.deptCode });
    expect(changes.find((c) => c.objectId === leaf!.deptCode)).toMatchObject({ action: "move", applied: true });
    expect(changes.find((c) => c.objectId === leaf!.deptCode)?.reason).toContain(LEFT);
    // The binding of the person who only moved stays.
    const bindings = await json<{ items: { welinkUserId: string; oaUserId: string }[] }>(await w.h.call("GET", `/api/v1/corps/${w.corpId}/bindings?limit=200`, T));
    expect(bindings.items.find((b) => b.welinkUserId === mover!.userId)).toMatchObject({ oaUserId: "oa-mover" });
    // The run page says why, in both languages.
    const page = async (lang: "zh-CN" | "en") => {
      const client = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
      await client.post("/admin/tenant", { tenant: "default", back: "/admin" });
      if (lang === "en") await client.get("/admin/lang/en?back=/admin");
      return (await client.getText(`/admin/directory/${w.corpId}/runs/${run.id}`)).html;
    };
    expect(await page("zh-CN")).toContain("已移到拉取范围之外");
    expect(await page("en")).toContain(LEFT);
    // Only the missing ones were read one by one.
    const reads = w.rs.sb.calls.slice(calls).filter((c) => c.path.endsWith("/user/detail") || c.path.endsWith("/department/detail"));
    expect(reads.length).toBeLessThanOrEqual(changes.filter((c) => c.reason?.includes(LEFT) || c.action === "remove").length + 1);

    // The kept rows lie outside the scope now: the next pull neither reads nor changes them.
    const again = await pull(w);
    expect((await changesOf(w, again.id)).some((c) => c.objectId === mover!.userId)).toBe(false);
  });

  test("a confirmation read that fails holds the removals: nothing is cleared", async () => {
    await pull(w);
    const s = pickScope();
    await settings(w, { deptCodes: [s.root.deptCode], clearMissingPeople: true, shrinkThreshold: 90 });
    const [gone] = s.insiders;
    org().removeUser(gone!.userId);
    w.rs.sb.faults.errorRates = { "/api/contact/v2/user/detail": { rate: 1, code: "http500" } };
    const run = await pull(w);
    expect(run.status).toBe("held");
    expect(run.heldReason).toContain("failed to load");
    expect(await userRow(gone!.userId)).toMatchObject({ removed_at: null });
    const changes = await changesOf(w, run.id);
    expect(changes.find((c) => c.action === "fail")?.reason).toContain(gone!.userId);
  });

  test("the unscoped pull reads nothing one by one and clears what is missing, as before", async () => {
    await pull(w);
    await settings(w, { clearMissingPeople: true });
    const [gone, mover] = [...org().users.values()];
    const other = [...org().depts.values()].find((d) => !mover!.deptCodes.includes(d.deptCode))!;
    org().removeUser(gone!.userId);
    moveTo(mover!, other.deptCode);
    const calls = w.rs.sb.calls.length;
    const run = await pull(w);
    expect(run.status).toBe("ok");
    expect(w.rs.sb.calls.slice(calls).some((c) => c.path.endsWith("/detail"))).toBe(false);
    expect(await userRow(gone!.userId)).toBeUndefined();
    const moved = (await changesOf(w, run.id)).find((c) => c.objectId === mover!.userId);
    expect(moved).toMatchObject({ action: "move" });
    expect(moved?.reason).toBeNull();
  });
});

describe("contact callbacks honour the pull scope", () => {
  test("a person outside the scope is not added; one inside is; one moved out is kept with the reason", async () => {
    await pull(w);
    const s = pickScope();
    await settings(w, { deptCodes: [s.root.deptCode] });
    const like = s.insiders[0]!;
    const outsider = { ...newPerson(w, like, 1), mainDeptCode: s.outside.deptCode, deptCodes: [s.outside.deptCode], orderInDepts: { [s.outside.deptCode]: 1 } };
    const insider = newPerson(w, like, 2);
    org().putUser(outsider);
    org().putUser(insider);
    await callback("corpEditUser", [{ userId: outsider.userId }, { userId: insider.userId }]);
    expect(await userRow(outsider.userId)).toBeUndefined();
    expect(await userRow(insider.userId)).toMatchObject({ removed_at: null });

    const mover = s.insiders[1]!;
    moveTo(mover, s.outside.deptCode);
    await callback("corpEditUser", [{ userId: mover.userId }]);
    expect(await userRow(mover.userId)).toMatchObject({ removed_at: null, main_dept_code: s.outside.deptCode });
    const reason = String((await rows(w, "SELECT reason FROM sync_changes WHERE object_id = ? AND action = 'move'", [mover.userId]))[0]?.[0]);
    expect(reason).toContain("change.leftScope");
  });

  test("a department created outside the scope is not added; one created inside it is", async () => {
    await pull(w);
    const s = pickScope();
    await settings(w, { deptCodes: [s.root.deptCode] });
    const base = { ...s.root, corpDeptCode: undefined, managerId: [] };
    org().putDept({ ...base, deptCode: "cb-out", parentCode: s.outside.deptCode, deptNameCn: "范围外新部门" });
    org().putDept({ ...base, deptCode: "cb-in", parentCode: s.root.deptCode, deptNameCn: "范围内新部门" });
    await callback("corpEditDept", [{ deptCode: "cb-out" }, { deptCode: "cb-in" }]);
    expect(await deptRow("cb-out")).toBeUndefined();
    expect(await deptRow("cb-in")).toMatchObject({ removed_at: null, parent_code: s.root.deptCode });
  });

  test("without a scope a callback adds anyone, as before", async () => {
    await pull(w);
    const outsider = newPerson(w, [...org().users.values()][0]!, 3);
    org().putUser(outsider);
    await callback("corpEditUser", [{ userId: outsider.userId }]);
    expect(await userRow(outsider.userId)).toMatchObject({ removed_at: null });
  });
});
