import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { onOrgChange, type OrgChange } from "../../src/sandbox/welink/contacts-events.ts";
import type { RunningSandbox } from "../helpers/sandbox.ts";
import { appToken, get, post, startWithOrg } from "./support.ts";

let s: RunningSandbox;
let token: string;
beforeEach(async () => {
  s = startWithOrg({ seed: 3, users: 60, depts: 12 });
  token = await appToken(s);
});
afterEach(() => s.stop());

const write = (path: string, body: unknown) => post(s, token, `/api/contact/v1/${path}`, body);
const createDept = (body: Record<string, unknown>) => write("department/create", { deptNameCn: "测试部", ...body });
const person = (n: number, extra: Record<string, unknown> = {}) => ({
  corpUserId: `C${n}`,
  userNameCn: `测试${n}`,
  userNameEn: `Tester ${n}`,
  mobileNumber: `+86-1990000${String(n).padStart(4, "0")}`,
  ...extra,
});

describe("department writes", () => {
  test("create answers the new deptCode; the department reads back under its parent", async () => {
    const parent = await createDept({ corpDeptCode: "P1", deptNameEn: "Parent" });
    const parentCode = parent.body.deptCode;
    expect(parent.body).toMatchObject({ code: "0", corpDeptCode: "P1" });
    expect(s.sb.org.depts.get(parentCode)?.corpDeptCode).toBe("P1");
    const child = await createDept({ corpDeptCode: "P1-1", corpParentCode: "P1", orderNo: 3 });
    const read = await get(s, token, "/api/contact/v1/department/detail", { corpDeptCode: "P1-1" });
    expect(read.body).toMatchObject({ deptCode: child.body.deptCode, parentCode, corpParentCode: "P1", orderNo: 3, deptNameCn: "测试部" });
  });

  test("corpDeptCode is unique per tenant (47007); the parent must exist (47006); a name is required (47003)", async () => {
    expect((await createDept({ corpDeptCode: "X" })).body.code).toBe("0");
    expect((await createDept({ corpDeptCode: "X" })).body.code).toBe("47007");
    expect((await createDept({ corpDeptCode: "Y", corpParentCode: "missing" })).body.code).toBe("47006");
    expect((await createDept({ corpDeptCode: "Z", parentCode: "424242" })).body.code).toBe("47006");
    expect((await write("department/create", { corpDeptCode: "W" })).body.code).toBe("47003");
  });

  test("names are at most 128 characters (47005)", async () => {
    expect((await createDept({ corpDeptCode: "L1", deptNameCn: "部".repeat(128) })).body.code).toBe("0");
    expect((await createDept({ corpDeptCode: "L2", deptNameCn: "部".repeat(129) })).body.code).toBe("47005");
    expect((await write("department/update", { corpDeptCode: "L1", deptNameEn: "x".repeat(129) })).body.code).toBe("47005");
  });

  test("moving a department under itself or its descendant is refused (47011); a legal move works", async () => {
    await createDept({ corpDeptCode: "A" });
    await createDept({ corpDeptCode: "A1", corpParentCode: "A" });
    await createDept({ corpDeptCode: "A11", corpParentCode: "A1" });
    await createDept({ corpDeptCode: "B" });
    expect((await write("department/update", { corpDeptCode: "A", corpParentCode: "A11" })).body.code).toBe("47011");
    expect((await write("department/update", { corpDeptCode: "A", corpParentCode: "A" })).body.code).toBe("47011");
    expect((await write("department/update", { corpDeptCode: "A1", corpParentCode: "B", deptNameCn: "改名" })).body.code).toBe("0");
    const moved = await get(s, token, "/api/contact/v1/department/detail", { corpDeptCode: "A1" });
    expect(moved.body).toMatchObject({ corpParentCode: "B", deptNameCn: "改名" });
    expect(s.sb.org.depthOf(s.sb.org.deptByCorpCode("A11")!.deptCode)).toBe(3);
  });

  test("a move or create past the maximum depth is refused (47014)", async () => {
    s.sb.settings.maxDeptDepth = 2;
    await createDept({ corpDeptCode: "D1" });
    await createDept({ corpDeptCode: "D2", corpParentCode: "D1" });
    expect((await createDept({ corpDeptCode: "D3", corpParentCode: "D2" })).body.code).toBe("47014");
    await createDept({ corpDeptCode: "E1" });
    expect((await write("department/update", { corpDeptCode: "D1", corpParentCode: "E1" })).body.code).toBe("47014");
  });

  test("a department with members or sub-departments cannot be deleted (47010); an empty one can", async () => {
    await createDept({ corpDeptCode: "F" });
    await createDept({ corpDeptCode: "F1", corpParentCode: "F" });
    expect((await write("department/delete", { corpDeptCode: "F" })).body.code).toBe("47010");
    await write("user/create", person(1, { corpDeptCodes: ["F1"] }));
    expect((await write("department/delete", { corpDeptCode: "F1" })).body.code).toBe("47010");
    await write("user/delete", { corpUserId: "C1", isDeleteUser: 1 });
    expect((await write("department/delete", { corpDeptCode: "F1" })).body).toMatchObject({ code: "0", corpDeptCode: "F1" });
    expect((await write("department/delete", { corpDeptCode: "F" })).body.code).toBe("0");
    expect((await get(s, token, "/api/contact/v1/department/detail", { corpDeptCode: "F" })).body.code).toBe("47001");
  });

  test("with the refusal switched off, deleting removes the branch and detaches its people", async () => {
    s.sb.settings.refuseNonEmptyDeptDelete = false;
    await createDept({ corpDeptCode: "G" });
    await createDept({ corpDeptCode: "G1", corpParentCode: "G" });
    await write("user/create", person(2, { corpDeptCodes: ["G1"] }));
    expect((await write("department/delete", { corpDeptCode: "G" })).body.code).toBe("0");
    expect(s.sb.org.deptByCorpCode("G1")).toBeUndefined();
    expect(s.sb.org.userByCorpId("C2")!.deptCodes).toEqual(["0"]);
  });
});

describe("user writes", () => {
  test("create answers userId and corpUserId; the person reads back with departments and order", async () => {
    await createDept({ corpDeptCode: "H" });
    const r = await write("user/create", person(3, { corpDeptCodes: ["H"], orderInCorpDepts: { H: 7 }, sex: "F", position: "工程师" }));
    expect(r.body).toEqual({ code: "0", message: "ok", userId: "tester3@welink", corpUserId: "C3" });
    const read = await post(s, token, "/api/contact/v2/user/detail", { corpUserId: "C3" });
    expect(read.body).toMatchObject({ userId: "tester3@welink", mainCorpDeptCode: "H", corpDeptCodes: ["H"], orderInCorpDepts: { H: 7 }, sex: "F", position: "工程师", userStatus: 3 });
  });

  test("mobile numbers and corpUserIds are unique per tenant (47009 / 47008)", async () => {
    const existing = [...s.sb.org.users.values()][0]!;
    expect((await write("user/create", person(4, { mobileNumber: existing.mobileNumber }))).body.code).toBe("47009");
    expect((await write("user/create", person(4, { corpUserId: existing.corpUserId }))).body.code).toBe("47008");
    expect((await write("user/create", person(4))).body.code).toBe("0");
    expect((await write("user/update", { corpUserId: "C4", mobileNumber: existing.mobileNumber })).body.code).toBe("47009");
    expect((await write("user/update", { userId: "tester4@welink", corpUserId: existing.corpUserId })).body.code).toBe("47008");
    // Keeping one's own mobile is not a clash.
    expect((await write("user/update", { corpUserId: "C4", mobileNumber: person(4).mobileNumber })).body.code).toBe("0");
  });

  test("bad input: missing name or mobile 47003, unknown department 47006, bad sex or mobile 47004, long name 47005", async () => {
    expect((await write("user/create", { corpUserId: "C5", userNameCn: "无号" })).body.code).toBe("47003");
    expect((await write("user/create", person(5, { corpDeptCodes: ["nope"] }))).body.code).toBe("47006");
    expect((await write("user/create", person(5, { sex: "X" }))).body.code).toBe("47004");
    expect((await write("user/create", person(5, { mobileNumber: "call me" }))).body.code).toBe("47004");
    expect((await write("user/create", person(5, { userNameCn: "名".repeat(129) }))).body.code).toBe("47005");
  });

  test("update changes departments and fields; PUT user/mobilenumber changes only the mobile", async () => {
    await createDept({ corpDeptCode: "J" });
    await createDept({ corpDeptCode: "K" });
    await write("user/create", person(6, { corpDeptCodes: ["J"] }));
    const r = await write("user/update", { corpUserId: "C6", corpDeptCodes: ["J", "K"], mainCorpDeptCode: "K", remark: "moved" });
    expect(r.body.code).toBe("0");
    const u = s.sb.org.userByCorpId("C6")!;
    expect([u.deptCodes.length, s.sb.org.depts.get(u.mainDeptCode)!.corpDeptCode, u.remark]).toEqual([2, "K", "moved"]);
    const m = s.sb.org.userByCorpId("C6");
    const res = await fetch(`${s.baseUrl}/api/contact/v1/user/mobilenumber`, {
      method: "PUT",
      headers: { "x-wlk-authorization": token, "content-type": "application/json" },
      body: JSON.stringify({ userId: m!.userId, mobileNumber: "+86-18800000000" }),
    });
    expect(((await res.json()) as any).code).toBe("0");
    expect(s.sb.org.userByMobileNumber("+86-18800000000")?.corpUserId).toBe("C6");
  });

  test("delete with isDeleteUser 0 closes the account (userStatus 4); 1 removes it", async () => {
    await write("user/create", person(7));
    await write("user/create", person(8));
    expect((await write("user/delete", { corpUserId: "C7", isDeleteUser: 0 })).body.code).toBe("0");
    expect((await get(s, token, "/api/contact/v1/users", { corpUserId: "C7" })).body.userStatus).toBe(4);
    expect((await write("user/delete", { mobileNumber: person(8).mobileNumber, isDeleteUser: 1 })).body.code).toBe("0");
    expect((await get(s, token, "/api/contact/v1/users", { corpUserId: "C8" })).body.code).toBe("47001");
    expect((await write("user/delete", { corpUserId: "C8" })).body.code).toBe("47001");
  });

  test("every write reports a change event (for the callback module)", async () => {
    const seen: OrgChange[] = [];
    onOrgChange(s.sb, (e) => seen.push(e));
    const d = await createDept({ corpDeptCode: "EV" });
    const u = await write("user/create", person(9, { corpDeptCodes: ["EV"] }));
    await write("user/delete", { corpUserId: "C9" });
    await write("department/delete", { corpDeptCode: "EV" });
    expect(seen).toEqual([
      { eventType: "corpEditDept", deptCode: d.body.deptCode },
      { eventType: "corpEditUser", userId: u.body.userId },
      { eventType: "corpDelUser", userId: u.body.userId },
      { eventType: "corpDelDept", deptCode: d.body.deptCode },
    ]);
  });
});
