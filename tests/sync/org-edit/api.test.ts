import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { deleteDept } from "../../../src/sandbox/welink/dept-ops.ts";
import { createUser } from "../../../src/sandbox/welink/user-ops.ts";
import { json, pull, rows, T } from "../from-welink/support.ts";
import { asPull, startPushWorld, welinkDept, type PushWorld } from "../to-welink/support.ts";

/**
 * Editing a read-write corp's WeLink organisation from the bridge, over HTTP against the sandbox:
 * each edit reaches WeLink, the mirror and the audit log; removals wait for confirm; a department
 * with people is refused first in the seed FAQ's words; a read-only corp is refused every edit.
 */
let w: PushWorld;
let ro: PushWorld;
let sales: string;
let hq: string;
let person: string;

type Problem = { code: string; detail: string; status: number };
const edit = (world: PushWorld, body: unknown, path = "") => world.h.call("POST", `/api/v1/corps/${world.corpId}/org-edits${path}`, { ...T, body });
const mirrorDept = async (code: string) => (await rows(asPull(w), "SELECT name_cn, parent_code, removed_at FROM welink_depts WHERE corp_id = ? AND dept_code = ?", [w.corpId, code]))[0];
const mirrorUser = async (id: string) => (await rows(asPull(w), "SELECT name_cn, main_dept_code, status, removed_at FROM welink_users WHERE corp_id = ? AND user_id = ?", [w.corpId, id]))[0];
const audit = async (prefix: string) => (await json<{ items: { action: string; target: string; actor: string }[] }>(await w.h.call("GET", `/api/v1/audit?action=${prefix}&limit=100`, T))).items;

beforeAll(async () => {
  w = await startPushWorld();
  hq = welinkDept(w.rs.sb, "总部");
  sales = welinkDept(w.rs.sb, "销售部", hq);
  const made = createUser(w.rs.sb, { userNameCn: "王五", mobileNumber: "+86-13900000005", deptCodes: [sales], mainDeptCode: sales });
  if (!made.ok) throw new Error(made.error.message);
  person = made.value.userId;
  await pull(asPull(w));
  ro = await startPushWorld({ permission: "read-only", sandbox: w.rs });
  await pull(asPull(ro));
}, 60_000);
afterAll(() => {
  ro?.h.close();
  w?.close();
});

describe("organisation edits on a read-write corp", () => {
  test("a department is created, renamed and moved in WeLink and in the mirror, each audited", async () => {
    const created = await json<{ run: { kind: string; status: string }; item: { welinkId: string; state: string } }>(await edit(w, { edit: { op: "createDept", name: "研发部", parentCode: hq } }));
    expect(created.run).toMatchObject({ kind: "edit", status: "ok" });
    const code = created.item.welinkId;
    expect(w.rs.sb.org.depts.get(code)).toMatchObject({ deptNameCn: "研发部", parentCode: hq });
    expect(await mirrorDept(code)).toMatchObject({ name_cn: "研发部", parent_code: hq, removed_at: null });

    const renamed = await edit(w, { edit: { op: "updateDept", deptCode: code, name: "研发中心" } });
    expect(renamed.status).toBe(200);
    expect(w.rs.sb.org.depts.get(code)?.deptNameCn).toBe("研发中心");
    expect(await mirrorDept(code)).toMatchObject({ name_cn: "研发中心" });

    expect((await edit(w, { edit: { op: "updateDept", deptCode: code, parentCode: "0" } })).status).toBe(200);
    expect(w.rs.sb.org.depts.get(code)?.parentCode).toBe("0");
    expect(await mirrorDept(code)).toMatchObject({ parent_code: "0" });

    const actions = (await audit("org.dept.")).map((a) => `${a.action} ${a.target.replace(/^corp:[^/]+\//, "")}`);
    expect(actions).toEqual(expect.arrayContaining([`org.dept.create dept:${code}`, `org.dept.update dept:${code}`, `org.dept.move dept:${code}`]));
  });

  test("moving a department under its own sub-department is refused before WeLink is asked", async () => {
    const res = await edit(w, { edit: { op: "updateDept", deptCode: hq, parentCode: sales } });
    expect(res.status).toBe(422);
    expect(w.rs.sb.org.depts.get(hq)?.parentCode).toBe("0");
  });

  test("a department with people is refused with the seed's reason before WeLink is asked; WeLink refuses it too", async () => {
    const res = await edit(w, { edit: { op: "deleteDept", deptCode: sales }, confirm: true });
    expect(res.status).toBe(409);
    const p = await json<Problem>(res);
    expect(p.code).toBe("ORG_DEPT_NOT_EMPTY");
    expect(p.detail).toContain("销售部");
    expect(p.detail).toContain("1 people");
    expect(w.rs.sb.org.depts.has(sales)).toBe(true);
    // Asked directly, the sandbox refuses it as WeLink's console does (47010, the FAQ's reason).
    const direct = deleteDept(w.rs.sb, { deptCode: sales });
    expect(direct.ok ? null : direct.error).toEqual({ code: "47010", message: expect.stringContaining("delete its people first") });
    // A parent with a sub-department is refused the same way.
    expect((await json<Problem>(await edit(w, { edit: { op: "deleteDept", deptCode: hq }, confirm: true }))).code).toBe("ORG_DEPT_NOT_EMPTY");
  });

  test("a person is created, renamed and moved; the mirror follows", async () => {
    const made = await json<{ item: { welinkId: string } }>(await edit(w, { edit: { op: "createUser", name: "赵六", mobile: "+86-13900000006", deptCode: sales } }));
    const id = made.item.welinkId;
    expect(w.rs.sb.org.users.get(id)).toMatchObject({ userNameCn: "赵六", mainDeptCode: sales });
    expect(await mirrorUser(id)).toMatchObject({ name_cn: "赵六", main_dept_code: sales });
    expect((await edit(w, { edit: { op: "updateUser", userId: id, name: "赵小六", deptCode: hq } })).status).toBe(200);
    expect(w.rs.sb.org.users.get(id)).toMatchObject({ userNameCn: "赵小六", mainDeptCode: hq });
    expect(await mirrorUser(id)).toMatchObject({ name_cn: "赵小六", main_dept_code: hq });
    const actions = (await audit("org.user.")).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["org.user.create", "org.user.move"]));
  });

  test("a removal runs only when confirmed: the preview shows it, unconfirmed is refused", async () => {
    const preview = await json<{ item: { action: string; name: string }; removal: boolean }>(await edit(w, { edit: { op: "removeUser", userId: person, mode: "close" } }, "/preview"));
    expect(preview).toMatchObject({ item: { action: "remove", name: "王五" }, removal: true });
    const refused = await edit(w, { edit: { op: "removeUser", userId: person, mode: "close" } });
    expect(refused.status).toBe(409);
    expect((await json<Problem>(refused)).code).toBe("ORG_EDIT_UNCONFIRMED");
    expect(w.rs.sb.org.users.get(person)?.userStatus).not.toBe(4);
  });

  test("a person is disabled, then the emptied department is deleted; a person is deleted", async () => {
    expect((await edit(w, { edit: { op: "removeUser", userId: person, mode: "close" }, confirm: true })).status).toBe(200);
    expect(w.rs.sb.org.users.get(person)?.userStatus).toBe(4);
    expect(await mirrorUser(person)).toMatchObject({ status: 4 });
    // Closed accounts no longer hold the department: now it can go.
    const gone = await edit(w, { edit: { op: "deleteDept", deptCode: sales }, confirm: true });
    expect(gone.status).toBe(200);
    expect(w.rs.sb.org.depts.has(sales)).toBe(false);
    expect((await mirrorDept(sales))?.removed_at).not.toBeNull();
    const other = await json<{ item: { welinkId: string } }>(await edit(w, { edit: { op: "createUser", name: "孙七", mobile: "+86-13900000007", deptCode: hq } }));
    expect((await edit(w, { edit: { op: "removeUser", userId: other.item.welinkId, mode: "delete" }, confirm: true })).status).toBe(200);
    expect(w.rs.sb.org.users.has(other.item.welinkId)).toBe(false);
    expect((await mirrorUser(other.item.welinkId))?.removed_at).not.toBeNull();
    const actions = (await audit("org.")).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["org.user.close", "org.user.delete", "org.dept.delete"]));
  });

  test("each edit is a journalled run of kind edit with its one item done", async () => {
    const runs = await rows(asPull(w), "SELECT r.status, i.state, count(*) AS n FROM sync_runs r JOIN push_items i ON i.run_id = r.id WHERE r.corp_id = ? AND r.kind = 'edit' GROUP BY r.id", [w.corpId]);
    expect(runs.length).toBeGreaterThanOrEqual(9);
    for (const r of runs) expect([r.status, r.state, Number(r.n)]).toEqual(["ok", "done", 1]);
    // A run of its own each: the push's last good run (its shrink guard's baseline) is not one of them.
    expect(await rows(asPull(w), "SELECT id FROM sync_runs WHERE corp_id = ? AND kind = 'push'", [w.corpId])).toEqual([]);
  });

  test("an edit WeLink keeps refusing ends its run partial and says so; the mirror keeps what WeLink holds", async () => {
    w.rs.sb.faults.errorRates = { "/api/contact/v1/department/update": { rate: 1, code: "47004" } };
    try {
      const res = await edit(w, { edit: { op: "updateDept", deptCode: hq, name: "总部改名" } });
      expect(res.status).toBe(502);
      const p = await json<Problem>(res);
      expect(p.code).toBe("ORG_EDIT_FAILED");
      expect(p.detail).toContain("47004");
    } finally {
      w.rs.sb.faults.errorRates = {};
    }
    expect(await mirrorDept(hq)).toMatchObject({ name_cn: "总部" });
    const [run] = await rows(asPull(w), "SELECT status FROM sync_runs WHERE corp_id = ? AND kind = 'edit' ORDER BY started_at DESC, rowid DESC LIMIT 1", [w.corpId]);
    expect(run!.status).toBe("partial");
  });

  test("unknown objects are 404; bad input lists the field", async () => {
    expect((await edit(w, { edit: { op: "updateDept", deptCode: "nope", name: "x" } })).status).toBe(404);
    const bad = await edit(w, { edit: { op: "createDept", name: "", parentCode: hq } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain("edit.name");
  });
});

describe("organisation edits on a read-only corp", () => {
  test("every edit is refused with the reason in words; WeLink is never written", async () => {
    const before = w.rs.sb.org.depts.size;
    for (const e of [{ op: "createDept", name: "x", parentCode: "0" }, { op: "updateDept", deptCode: hq, name: "y" }, { op: "deleteDept", deptCode: hq }]) {
      const res = await edit(ro, { edit: e, confirm: true });
      expect(res.status).toBe(409);
      const p = await json<Problem>(res);
      expect(p.code).toBe("CORP_READ_ONLY");
      expect(p.detail).toContain("can be bound here but not edited");
    }
    expect((await json<Problem>(await edit(ro, { edit: { op: "deleteDept", deptCode: hq } }, "/preview"))).code).toBe("CORP_READ_ONLY");
    expect(w.rs.sb.org.depts.size).toBe(before);
  });
});
