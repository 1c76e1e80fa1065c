import { afterEach, describe, expect, test } from "bun:test";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { clientOf } from "./support.ts";

let rs: RunningSandbox;
afterEach(() => rs?.stop());

describe("WeLink client: contact writes", () => {
  test("real-time department create / update / move / delete, keyed by corpDeptCode", async () => {
    rs = startSandbox();
    const c = clientOf(rs).contacts;
    const { deptCode: hq } = await c.createDept({ corpDeptCode: "OA-1", nameCn: "总部", nameEn: "HQ", parent: { deptCode: "0" }, orderNo: 5 });
    const { deptCode: sales } = await c.createDept({ corpDeptCode: "OA-2", nameCn: "销售", parent: { corpDeptCode: "OA-1" }, deptType: 1, visibleRange: 1 });
    expect(rs.sb.org.depts.get(sales)).toMatchObject({ parentCode: hq, deptNameCn: "销售" });
    await c.updateDept({ corpDeptCode: "OA-2" }, { nameCn: "销售部", parent: { deptCode: "0" } });
    expect(await c.dept({ corpDeptCode: "OA-2" })).toMatchObject({ nameCn: "销售部", parentCode: "0" });
    await expect(c.createDept({ corpDeptCode: "OA-2", nameCn: "again", parent: { deptCode: "0" } })).rejects.toMatchObject({ code: "WELINK_ERROR", welinkCode: "47007" });
    await c.deleteDept({ corpDeptCode: "OA-2" });
    expect(rs.sb.org.depts.has(sales)).toBe(false);
  });

  test("real-time user create / update / close, keyed by corpUserId", async () => {
    rs = startSandbox();
    const c = clientOf(rs).contacts;
    await c.createDept({ corpDeptCode: "OA-1", nameCn: "总部", parent: { deptCode: "0" } });
    const created = await c.createUser({ corpUserId: "E-1", nameCn: "张伟", nameEn: "Zhang Wei", mobileNumber: "+86-13900000001", depts: { corpDeptCodes: ["OA-1"], main: "OA-1" }, orderInDepts: { "OA-1": 3 }, email: "zw@corp.example", sex: "M" });
    expect(created).toMatchObject({ corpUserId: "E-1" });
    expect(created.userId).toMatch(/@welink$/);
    const updated = await c.updateUser({ corpUserId: "E-1" }, { position: "Engineer", phoneNumbers: ["+86-1"] });
    expect(updated.userId).toBe(created.userId);
    expect(await c.userDetail({ corpUserId: "E-1" })).toMatchObject({ position: "Engineer", email: "zw@corp.example", orderInDepts: expect.any(Object), status: "active" });
    await c.deleteUser({ corpUserId: "E-1" });
    expect((await c.userDetail({ userId: created.userId })).status).toBe("closed");
    await expect(c.createUser({ corpUserId: "E-2", nameCn: "李", mobileNumber: "+86-13900000001" })).rejects.toMatchObject({ welinkCode: "47009" });
  });

  test("batch jobs: a jobId, then per-item results from /batch/result", async () => {
    rs = startSandbox();
    const c = clientOf(rs).contacts;
    const depts = await c.batchCreateDepts([
      { corpDeptCode: "B-1", nameCn: "一部", parent: { deptCode: "0" } },
      { corpDeptCode: "B-2", nameCn: "二部", parent: { corpDeptCode: "B-1" } },
      { corpDeptCode: "B-3", nameCn: "三部", parent: { corpDeptCode: "missing" } },
    ]);
    const deptResult = await c.awaitBatch(depts.jobId, { intervalMs: 10 });
    expect(deptResult).toMatchObject({ done: true, total: 3, percentage: 100 });
    expect(deptResult.items.map((i) => i.ok)).toEqual([true, true, false]);
    expect(deptResult.items[2]).toMatchObject({ corpDeptCode: "B-3", welinkCode: "47006" });

    const users = await c.batchCreateUsers([
      { corpUserId: "BU-1", nameCn: "甲", mobileNumber: "+86-13700000001", depts: { corpDeptCodes: ["B-1"] } },
      { corpUserId: "BU-2", nameCn: "乙", mobileNumber: "+86-13700000002", depts: { corpDeptCodes: ["B-2"] } },
    ]);
    const created = await c.awaitBatch(users.jobId, { intervalMs: 10 });
    expect(created.items.every((i) => i.ok && i.userId)).toBe(true);
    const updated = await c.awaitBatch((await c.batchUpdateUsers([{ ref: { corpUserId: "BU-1" }, position: "Lead" }])).jobId, { intervalMs: 10 });
    expect(updated.items[0]).toMatchObject({ ok: true, corpUserId: "BU-1" });
    const removed = await c.awaitBatch((await c.batchDeleteUsers([{ corpUserId: "BU-1" }, { corpUserId: "BU-2" }], { deleteAccount: true })).jobId, { intervalMs: 10 });
    expect(removed.items.every((i) => i.ok)).toBe(true);
    const moved = await c.awaitBatch((await c.batchUpdateDepts([{ ref: { corpDeptCode: "B-2" }, parent: { deptCode: "0" } }])).jobId, { intervalMs: 10 });
    expect(moved.items[0]!.ok).toBe(true);
    const gone = await c.awaitBatch((await c.batchDeleteDepts([{ corpDeptCode: "B-1" }, { corpDeptCode: "B-2" }])).jobId, { intervalMs: 10 });
    expect(gone.items.every((i) => i.ok)).toBe(true);
    expect(rs.sb.org.depts.size).toBe(0);
  });

  test("a batch of more than 100 is refused before anything is sent", async () => {
    rs = startSandbox();
    const c = clientOf(rs).contacts;
    const many = Array.from({ length: 101 }, (_, i) => ({ corpDeptCode: `X${i}` }));
    await expect(c.batchDeleteDepts(many)).rejects.toMatchObject({ code: "WELINK_INVALID_REQUEST" });
    expect(rs.sb.calls.length).toBe(0);
  });

  test("a job still running past maxWaitMs is a retryable WELINK_UNAVAILABLE", async () => {
    rs = startSandbox({ settings: { batchDelayMs: 5_000 } });
    const c = clientOf(rs).contacts;
    const job = await c.batchCreateDepts([{ corpDeptCode: "S-1", nameCn: "慢", parent: { deptCode: "0" } }]);
    expect(await c.batchResult(job.jobId)).toMatchObject({ done: false, percentage: 0, items: [] });
    await expect(c.awaitBatch(job.jobId, { intervalMs: 20, maxWaitMs: 100 })).rejects.toMatchObject({ code: "WELINK_UNAVAILABLE", retryable: true });
  });
});
