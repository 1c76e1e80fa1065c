import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import type { RunningSandbox } from "../helpers/sandbox.ts";
import { appToken, call, get, post, startWithOrg } from "./support.ts";

// One organisation for the file (reads do not change it); rate limits off so paging loops run freely.
let s: RunningSandbox;
let token: string;
beforeAll(async () => {
  s = startWithOrg({ seed: 11, users: 400, depts: 45 }, { settings: { rateLimits: { enabled: false, perAppApiPerSecond: 40, perAppApiPerMinute: 1500, perIpPer20s: 3000 } } });
  token = await appToken(s);
});
afterAll(() => s.stop());
beforeEach(async () => {
  await call(s.baseUrl, "DELETE", "/_sandbox/faults");
  await call(s.baseUrl, "PUT", `/_sandbox/apps/${s.app.clientId}/visible`, { body: { all: true } });
  token = await appToken(s);
});

const org = () => s.sb.org;
/** A department with several members, to page through. */
const busyDept = () => [...org().depts.values()].sort((a, b) => org().memberCount(b.deptCode) - org().memberCount(a.deptCode))[0]!;

async function pageAll(path: string, query: Record<string, string | number>, size: number) {
  const items: any[] = [];
  for (let pageNo = 1; pageNo < 100; pageNo++) {
    const r = await get(s, token, path, { ...query, pageNo, pageSize: size });
    expect(r.body.code).toBe("0");
    items.push(...r.body.data);
    if (r.body.hasMore === 0) return { items, pages: pageNo };
  }
  throw new Error("hasMore never reached 0");
}

describe("GET /api/contact/v1/department/list", () => {
  test("lists the root's children with the department fields, pageNo/pageSize/hasMore", async () => {
    const r = await get(s, token, "/api/contact/v1/department/list", { deptCode: "0" });
    expect(r.body).toMatchObject({ code: "0", pageNo: 1, pageSize: 100, hasMore: 0 });
    expect(r.body.data.length).toBe(org().childCount("0"));
    expect(Object.keys(r.body.data[0])).toEqual(expect.arrayContaining(["deptCode", "corpDeptCode", "parentCode", "corpParentCode", "deptNameCn", "deptNameEn", "orderNo", "hasChildDept", "managerId"]));
    expect(r.body.data.every((d: any) => d.parentCode === "0")).toBe(true);
  });

  test("recursiveflag=1 pages through every department exactly once", async () => {
    const { items, pages } = await pageAll("/api/contact/v1/department/list", { deptCode: "0", recursiveflag: 1 }, 7);
    expect(items.length).toBe(org().depts.size);
    expect(new Set(items.map((d) => d.deptCode)).size).toBe(org().depts.size);
    expect(pages).toBe(Math.ceil(org().depts.size / 7));
  });

  test("accepts corpDeptCode; pageSize over 100 or below 1 is 47004; no department key is 47003", async () => {
    const dept = busyDept();
    const byCorp = await get(s, token, "/api/contact/v1/department/list", { corpDeptCode: dept.corpDeptCode! });
    expect(byCorp.body.code).toBe("0");
    expect((await get(s, token, "/api/contact/v1/department/list", { deptCode: "0", pageSize: 101 })).body.code).toBe("47004");
    expect((await get(s, token, "/api/contact/v1/department/list", { deptCode: "0", pageSize: 0 })).body.code).toBe("47004");
    expect((await get(s, token, "/api/contact/v1/department/list", {})).body.code).toBe("47003");
    expect((await get(s, token, "/api/contact/v1/department/list", { deptCode: "nope" })).body.code).toBe("47001");
  });
});

describe("GET /api/contact/v2/departments/list", () => {
  test("offset is the page number, limit ≤ 100, totalCount, departmentInfo with fatherCode", async () => {
    const top = [...org().sortedChildren("0")][0]!;
    const r = await get(s, token, "/api/contact/v2/departments/list", { deptCode: top.deptCode, recursiveflag: 1, offset: 1, limit: 5 });
    expect(r.body).toMatchObject({ code: "0", offset: 1, limit: 5, totalCount: org().descendantsOf(top.deptCode).length });
    expect(r.body.departmentInfo.length).toBe(Math.min(5, r.body.totalCount));
    expect(Object.keys(r.body.departmentInfo[0]).sort()).toEqual(["corpDeptCode", "deptCode", "deptLevel", "deptNameCn", "deptNameEn", "fatherCode", "hasChildDept", "orderNo"]);
  });

  test("at the root it returns one level only, even with recursiveflag=1", async () => {
    const r = await get(s, token, "/api/contact/v2/departments/list", { deptCode: "0", recursiveflag: 1 });
    expect(r.body.totalCount).toBe(org().childCount("0"));
    expect(r.body.departmentInfo.every((d: any) => d.fatherCode === "0" && d.deptLevel === 1)).toBe(true);
  });

  test("limit 101 and offset 0 are refused with 47004", async () => {
    expect((await get(s, token, "/api/contact/v2/departments/list", { deptCode: "0", limit: 101 })).body.code).toBe("47004");
    expect((await get(s, token, "/api/contact/v2/departments/list", { deptCode: "0", offset: 0 })).body.code).toBe("47004");
    expect((await get(s, token, "/api/contact/v2/departments/list", { deptCode: "0", limit: "x" })).body.code).toBe("47004");
  });
});

describe("GET /api/contact/v1/department/detail", () => {
  test("by deptCode or corpDeptCode, fields at the top level", async () => {
    const dept = busyDept();
    const a = await get(s, token, "/api/contact/v1/department/detail", { deptCode: dept.deptCode });
    const b = await get(s, token, "/api/contact/v1/department/detail", { corpDeptCode: dept.corpDeptCode! });
    expect(a.body).toMatchObject({ code: "0", deptCode: dept.deptCode, corpDeptCode: dept.corpDeptCode, deptNameCn: dept.deptNameCn, parentCode: dept.parentCode });
    expect(b.body).toEqual(a.body);
  });

  test("unknown is 47001, missing key 47003", async () => {
    expect((await get(s, token, "/api/contact/v1/department/detail", { deptCode: "999999" })).body.code).toBe("47001");
    expect((await get(s, token, "/api/contact/v1/department/detail")).body.code).toBe("47003");
  });
});

describe("GET /api/contact/v1/user/list and /simplelist", () => {
  test("pages through a department's members in order; hasMore is 0 on the last page", async () => {
    const dept = busyDept();
    const { items } = await pageAll("/api/contact/v1/user/list", { deptCode: dept.deptCode }, 2);
    expect(items.map((u) => u.userId)).toEqual(org().membersOf(dept.deptCode).map((u) => u.userId));
    expect(items[0]).toMatchObject({ mobileNumber: expect.stringMatching(/^\+86-1\d{10}$/), userStatus: 3 });
    expect(items[0].deptCodes).toContain(dept.deptCode);
  });

  test("simplelist carries userId, corpUserId and the names only", async () => {
    const dept = busyDept();
    const r = await get(s, token, "/api/contact/v1/user/simplelist", { corpDeptCode: dept.corpDeptCode!, pageSize: 50 });
    expect(r.body).toMatchObject({ code: "0", pageNo: 1, pageSize: 50, hasMore: 0 });
    expect(Object.keys(r.body.data[0]).sort()).toEqual(["corpUserId", "userId", "userNameCn", "userNameEn"]);
  });

  test("pageSize over 50 is 47004; default pageSize is 10", async () => {
    const dept = busyDept();
    expect((await get(s, token, "/api/contact/v1/user/list", { deptCode: dept.deptCode, pageSize: 51 })).body.code).toBe("47004");
    expect((await get(s, token, "/api/contact/v1/user/list", { deptCode: dept.deptCode })).body.pageSize).toBe(10);
  });

  test("with the hasMore-stuck fault, every page says hasMore 1, even past the end", async () => {
    const dept = busyDept();
    await call(s.baseUrl, "POST", "/_sandbox/faults", { body: { hasMoreStuck: true } });
    const last = await get(s, token, "/api/contact/v1/user/list", { deptCode: dept.deptCode, pageNo: 99, pageSize: 50 });
    expect(last.body).toMatchObject({ code: "0", hasMore: 1, data: [] });
    expect((await get(s, token, "/api/contact/v1/department/list", { deptCode: "0" })).body.hasMore).toBe(1);
  });
});

describe("user lookups", () => {
  test("GET /api/contact/v1/users by exactly one of userId, mobileNumber, corpUserId", async () => {
    const u = [...org().users.values()][5]!;
    const queries: Record<string, string>[] = [{ userId: u.userId }, { mobileNumber: u.mobileNumber }, { corpUserId: u.corpUserId! }];
    for (const query of queries) {
      const r = await get(s, token, "/api/contact/v1/users", query);
      expect(r.body).toMatchObject({ code: "0", userId: u.userId, deptCode: u.mainDeptCode, userNameCn: u.userNameCn, userStatus: 3 });
    }
    expect((await get(s, token, "/api/contact/v1/users", { userId: u.userId, corpUserId: u.corpUserId! })).body.code).toBe("47004");
    expect((await get(s, token, "/api/contact/v1/users")).body.code).toBe("47003");
    expect((await get(s, token, "/api/contact/v1/users", { userId: "ghost@welink" })).body.code).toBe("47001");
  });

  test("POST /api/contact/v2/user/detail prefers userId over corpUserId and returns the full dictionary", async () => {
    const [a, b] = [...org().users.values()];
    const r = await post(s, token, "/api/contact/v2/user/detail", { corpUserId: b!.corpUserId, userId: a!.userId });
    expect(r.body).toMatchObject({ code: "0", userId: a!.userId, corpUserId: a!.corpUserId, mainDeptCode: a!.mainDeptCode, employeeId: a!.employeeId, position: a!.position, userEmail: a!.userEmail });
    expect(r.body.corpDeptCodes.length).toBe(a!.deptCodes.length);
    expect((await post(s, token, "/api/contact/v2/user/detail", { mobileNumber: b!.mobileNumber })).body.userId).toBe(b!.userId);
  });

  test("POST /api/contact/v1/users/accounts maps ≤ 50 corpUserIds to userIds", async () => {
    const users = [...org().users.values()].slice(0, 3);
    const r = await post(s, token, "/api/contact/v1/users/accounts", { corpUserId: [...users.map((u) => u.corpUserId), "nobody"] });
    expect(r.body).toEqual({ code: "0", message: "ok", userInfo: users.map((u) => ({ userId: u.userId, corpUserId: u.corpUserId })) });
    const many = Array.from({ length: 51 }, (_, i) => `c${i}`);
    expect((await post(s, token, "/api/contact/v1/users/accounts", { corpUserId: many })).body.code).toBe("47013");
    expect((await post(s, token, "/api/contact/v1/users/accounts", { corpUserId: [] })).body.code).toBe("47003");
    expect((await post(s, token, "/api/contact/v1/users/accounts", { corpUserId: ["nobody"] })).body.code).toBe("47012");
  });
});

describe("the app's visible range", () => {
  async function restrictTo(deptCodes: string[], userIds: string[] = []) {
    await call(s.baseUrl, "PUT", `/_sandbox/apps/${s.app.clientId}/visible`, { body: { deptCodes, userIds } });
    token = await appToken(s);
  }
  const branch = () => [...org().sortedChildren("0")][0]!;
  const outsider = () => [...org().users.values()].find((u) => !u.deptCodes.some((c) => org().isWithin(c, branch().deptCode)))!;
  const insider = () => [...org().users.values()].find((u) => u.deptCodes.some((c) => org().isWithin(c, branch().deptCode)))!;

  test("people outside it are 47000 on lookups and left out of account mappings", async () => {
    await restrictTo([branch().deptCode]);
    expect((await get(s, token, "/api/contact/v1/users", { userId: outsider().userId })).body.code).toBe("47000");
    expect((await post(s, token, "/api/contact/v2/user/detail", { userId: outsider().userId })).body.code).toBe("47000");
    expect((await get(s, token, "/api/contact/v1/users", { userId: insider().userId })).body.code).toBe("0");
    const accounts = await post(s, token, "/api/contact/v1/users/accounts", { corpUserId: [outsider().corpUserId, insider().corpUserId] });
    expect(accounts.body.userInfo).toEqual([{ userId: insider().userId, corpUserId: insider().corpUserId }]);
  });

  test("department lists show the visible branch (and the path to it) only", async () => {
    await restrictTo([branch().deptCode]);
    const top = await get(s, token, "/api/contact/v1/department/list", { deptCode: "0" });
    expect(top.body.data.map((d: any) => d.deptCode)).toEqual([branch().deptCode]);
    const all = await get(s, token, "/api/contact/v1/department/list", { deptCode: "0", recursiveflag: 1 });
    expect(all.body.data.length).toBe(1 + org().descendantsOf(branch().deptCode).length);
    const other = [...org().sortedChildren("0")][1]!;
    expect((await get(s, token, "/api/contact/v1/department/detail", { deptCode: other.deptCode })).body.code).toBe("47000");
    expect((await get(s, token, "/api/contact/v1/user/list", { deptCode: other.deptCode })).body.code).toBe("47000");
  });

  test("single people can be made visible; member lists then show just them", async () => {
    const person = outsider();
    await restrictTo([], [person.userId]);
    expect((await get(s, token, "/api/contact/v1/users", { userId: person.userId })).body.code).toBe("0");
    const members = await get(s, token, "/api/contact/v1/user/list", { deptCode: person.mainDeptCode, pageSize: 50 });
    expect(members.body.data.map((u: any) => u.userId)).toEqual([person.userId]);
  });
});
