import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { registerApp } from "../../src/sandbox/welink/sandbox.ts";
import type { RunningSandbox } from "../helpers/sandbox.ts";
import { appToken, get, post, startWithOrg } from "./support.ts";

let s: RunningSandbox;
let token: string;
beforeEach(async () => {
  s = startWithOrg({ seed: 5, users: 30, depts: 8 });
  token = await appToken(s);
});
afterEach(() => s.stop());

const submit = (path: string, body: unknown) => post(s, token, `/api/contact/v1/${path}`, body);
const result = (jobId: string, t = token) => get(s, t, "/api/contact/v1/batch/result", { jobId });

async function finished(jobId: string) {
  for (let i = 0; i < 50; i++) {
    const r = await result(jobId);
    if (r.body.status === 1) return r.body;
    await Bun.sleep(5);
  }
  throw new Error("job did not finish");
}

describe("batch jobs", () => {
  test("user/batch/create answers a jobId; the result has one code per item, in order", async () => {
    const taken = [...s.sb.org.users.values()][0]!.mobileNumber;
    const personInfos = [
      { corpUserId: "B1", userNameCn: "批量一", mobileNumber: "+86-19900000001" },
      { corpUserId: "B2", userNameCn: "批量二", mobileNumber: "+86-19900000002" },
      { corpUserId: "B3", userNameCn: "批量三", mobileNumber: taken },
    ];
    const r = await submit("user/batch/create", { personInfos });
    const jobId = r.body.jobId;
    expect(r.body.code).toBe("0");
    expect(typeof jobId).toBe("string");
    const job = await finished(jobId);
    expect(job).toMatchObject({ code: "0", status: 1, type: "createUser", total: 3, percentage: 100 });
    expect(job.data.map((d: any) => [d.code, d.corpUserId])).toEqual([["0", "B1"], ["0", "B2"], ["47009", "B3"]]);
    expect(s.sb.org.userByCorpId("B2")).toBeDefined();
  });

  test("department batches run items in order, so a later item can hang under an earlier one", async () => {
    const deptInfos = [
      { corpDeptCode: "BD1", deptNameCn: "批量部" },
      { corpDeptCode: "BD2", corpParentCode: "BD1", deptNameCn: "批量子部" },
      { corpDeptCode: "BD3", corpParentCode: "BD2", deptNameCn: "x".repeat(129) },
    ];
    const job = await finished((await submit("department/batch/create", { deptInfos })).body.jobId);
    expect(job.data.map((d: any) => d.code)).toEqual(["0", "0", "47005"]);
    const del = await finished((await submit("department/batch/delete", { deptInfos: [{ corpDeptCode: "BD1" }, { corpDeptCode: "BD2" }, { corpDeptCode: "BD1" }] })).body.jobId);
    expect(del.data.map((d: any) => d.code)).toEqual(["47010", "0", "0"]);
  });

  test("update and delete batches use the same rules as the real-time API", async () => {
    const [a, b] = [...s.sb.org.users.values()];
    const upd = await finished((await submit("user/batch/update", { personInfos: [{ userId: a!.userId, position: "新职位" }, { userId: a!.userId, mobileNumber: b!.mobileNumber }] })).body.jobId);
    expect(upd.data.map((d: any) => d.code)).toEqual(["0", "47009"]);
    const del = await finished((await submit("user/batch/delete", { personInfos: [{ userId: b!.userId, isDeleteUser: 1 }, { userId: "ghost@welink" }] })).body.jobId);
    expect(del.data).toEqual([
      { code: "0", message: "ok", userId: b!.userId, corpUserId: b!.corpUserId },
      { code: "47001", message: "user does not exist", userId: "ghost@welink" },
    ]);
  });

  test("a job runs after the configured delay; until then it reports status 0 and no items", async () => {
    s.sb.settings.batchDelayMs = 100;
    const r = await submit("user/batch/create", { personInfos: [{ corpUserId: "D1", userNameCn: "延迟", mobileNumber: "+86-19900000009" }] });
    expect((await result(r.body.jobId)).body).toMatchObject({ status: 0, total: 1, percentage: 0, type: "createUser" });
    expect((await finished(r.body.jobId)).percentage).toBe(100);
  });

  test("empty lists are 47003, more than 100 items 47013; unknown or another app's jobs are 47001", async () => {
    expect((await submit("user/batch/create", { personInfos: [] })).body.code).toBe("47003");
    const many = Array.from({ length: 101 }, (_, i) => ({ corpDeptCode: `M${i}`, deptNameCn: "多" }));
    expect((await submit("department/batch/create", { deptInfos: many })).body.code).toBe("47013");
    expect((await result("no-such-job")).body.code).toBe("47001");
    expect((await get(s, token, "/api/contact/v1/batch/result")).body.code).toBe("47003");
    const mine = await submit("department/batch/create", { deptInfos: [{ corpDeptCode: "Q", deptNameCn: "甲" }] });
    registerApp(s.sb, { clientId: "other", clientSecret: "other-secret" });
    expect((await result(mine.body.jobId, await appToken(s, "other", "other-secret"))).body.code).toBe("47001");
  });

  test("batches need the contact sync grant (501)", async () => {
    registerApp(s.sb, { clientId: "reader", clientSecret: "reader-secret", permissions: ["contact-read"] });
    const reader = await appToken(s, "reader", "reader-secret");
    const r = await post(s, reader, "/api/contact/v1/user/batch/create", { personInfos: [{ corpUserId: "R" }] });
    expect(r.body.code).toBe("501");
  });
});
