import { afterEach, describe, expect, test } from "bun:test";
import { generateOrg } from "../../src/sandbox/welink/generate.ts";
import { collect } from "../../src/welink/paging.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { callsTo, clientOf, dept, seedDept, user } from "./support.ts";

let rs: RunningSandbox;
afterEach(() => rs?.stop());

describe("WeLink client: contact reads", () => {
  test("a department's detail maps to WelinkDept, by deptCode or corpDeptCode", async () => {
    rs = startSandbox();
    rs.sb.org.putDept(dept("10"));
    rs.sb.org.putDept(dept("11", "10", { deptNameEn: "Sales", managerId: [] }));
    rs.sb.org.putUser(user(1, "11"));
    const client = clientOf(rs);
    const d = await client.contacts.dept({ corpDeptCode: "C11" });
    expect(d).toMatchObject({ deptCode: "11", corpDeptCode: "C11", parentCode: "10", corpParentCode: "C10", nameCn: "部门11", nameEn: "Sales", orderNo: 1, managerIds: [], deptType: 1, visibleRange: 1, hasChildren: false, level: 2 });
    expect((await client.contacts.dept({ deptCode: "10" })).hasChildren).toBe(true);
    await expect(client.contacts.dept({ deptCode: "999" })).rejects.toMatchObject({ code: "WELINK_NOT_FOUND", welinkCode: "47001" });
  });

  test("a person's detail (v2/user/detail) and the flat v1/users shape map to WelinkUser", async () => {
    rs = startSandbox();
    rs.sb.org.putDept(dept("10"));
    rs.sb.org.putDept(dept("12"));
    rs.sb.org.putUser(user(7, "10", { deptCodes: ["10", "12"], orderInDepts: { "10": 3, "12": 9 }, sex: "F", userEmail: "u7@corp.example", phoneNumber: ["+86-1"] }));
    const client = clientOf(rs);
    const full = await client.contacts.userDetail({ corpUserId: "U7" });
    expect(full).toMatchObject({
      userId: "user7@welink", corpUserId: "U7", nameCn: "用户7", nameEn: "User 7", mobileNumber: "+86-13800000007", email: "u7@corp.example",
      sex: "F", status: "active", activated: true, mainDeptCode: "10", deptCodes: ["10", "12"], orderInDepts: { "10": 3, "12": 9 }, phoneNumbers: ["+86-1"],
    });
    expect(typeof full.updatedAt).toBe("string");
    const flat = await client.contacts.user({ mobileNumber: "+86-13800000007" });
    expect(flat).toMatchObject({ userId: "user7@welink", mainDeptCode: "10", deptCodes: ["10"], status: "active" });
    await expect(client.contacts.user({ userId: "nobody@welink" })).rejects.toMatchObject({ code: "WELINK_NOT_FOUND" });
  });

  test("lists every member of a department page by page (user/list and simplelist)", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 123);
    const client = clientOf(rs);
    const users = await collect(client.contacts.list.users({ deptCode: "10" }));
    expect(users.map((u) => u.userId)).toEqual(Array.from({ length: 123 }, (_, i) => `user${i + 1}@welink`));
    expect(callsTo(rs.sb, "/api/contact/v1/user/list").length).toBe(3);
    const short = await collect(client.contacts.list.userSummaries({ corpDeptCode: "C10" }, { pageSize: 20 }));
    expect(short.length).toBe(123);
    expect(short[0]).toEqual({ userId: "user1@welink", corpUserId: "U1", nameCn: "用户1", nameEn: "User 1" });
    const page = await client.contacts.usersPage({ dept: { deptCode: "10" }, pageNo: 3, pageSize: 50 });
    expect(page).toMatchObject({ pageNo: 3, hasMore: false });
    expect(page.items.length).toBe(23);
  });

  test("hasMore stuck at 1: every listing still ends, with the right count", async () => {
    rs = startSandbox();
    generateOrg(rs.sb.org, { seed: 7, users: 400, depts: 30 });
    rs.sb.faults.hasMoreStuck = true;
    const client = clientOf(rs);
    const depts = await collect(client.contacts.list.depts({ pageSize: 20 }));
    expect(depts.length).toBe(30);
    expect(callsTo(rs.sb, "/api/contact/v1/department/list").length).toBe(2);
    let people = 0;
    for (const d of depts) people += (await collect(client.contacts.list.users({ deptCode: d.deptCode }))).length;
    const memberships = [...rs.sb.org.users.values()].reduce((n, u) => n + u.deptCodes.length, 0);
    expect(people).toBe(memberships);
    const page = await client.contacts.usersPage({ dept: { deptCode: depts[0]!.deptCode }, pageNo: 99 });
    expect(page).toMatchObject({ hasMore: true, items: [] });
  });

  test("departments through v2/departments/list: fatherCode becomes parentCode; offset/limit paging", async () => {
    rs = startSandbox();
    rs.sb.org.putDept(dept("10"));
    for (let i = 0; i < 250; i++) rs.sb.org.putDept(dept(String(1000 + i), "10"));
    const client = clientOf(rs);
    const children = await collect(client.contacts.list.deptsV2({ parentCode: "10" }));
    expect(children.length).toBe(250);
    expect(children.every((d) => d.parentCode === "10" && d.level === 2)).toBe(true);
    const page = await client.contacts.deptsPageV2({ parentCode: "10", offset: 3, limit: 100 });
    expect(page).toMatchObject({ pageNo: 3, total: 250 });
    expect(page.items.length).toBe(50);
    const top = await collect(client.contacts.list.deptsV2({ parentCode: "0", recursive: true }));
    expect(top.map((d) => d.deptCode)).toEqual(["10"]); // WeLink: no recursion at the root
  });

  test("a recursive v1 listing from a department returns all its descendants", async () => {
    rs = startSandbox();
    rs.sb.org.putDept(dept("10"));
    rs.sb.org.putDept(dept("11", "10"));
    rs.sb.org.putDept(dept("12", "11"));
    rs.sb.org.putDept(dept("20"));
    const client = clientOf(rs);
    const under = await collect(client.contacts.list.depts({ parent: { corpDeptCode: "C10" } }));
    expect(under.map((d) => d.deptCode).sort()).toEqual(["11", "12"]);
    const direct = await collect(client.contacts.list.depts({ recursive: false }));
    expect(direct.map((d) => d.deptCode).sort()).toEqual(["10", "20"]);
  });

  test("the token expiring in the middle of a long listing: one renewal, the listing completes", async () => {
    let offset = 0;
    rs = startSandbox({ now: () => Date.now() + offset });
    seedDept(rs.sb, 500);
    const client = clientOf(rs);
    let pagesSeen = 0;
    let people = 0;
    for await (const page of client.contacts.list.users({ deptCode: "10" })) {
      people += page.length;
      // After the third page, two hours pass on WeLink's side: the cached token is now dead there.
      if (++pagesSeen === 3) offset += 7201_000;
    }
    expect(people).toBe(500);
    expect(callsTo(rs.sb, "/api/auth/v2/tickets").length).toBe(2);
    expect(callsTo(rs.sb, "/api/contact/v1/user/list").filter((c) => c.code === "47101").length).toBe(1);
  });

  test("corpUserId → userId in chunks of 50; unknown ids are simply absent", async () => {
    rs = startSandbox();
    seedDept(rs.sb, 120);
    const client = clientOf(rs);
    const ids = [...Array.from({ length: 120 }, (_, i) => `U${i + 1}`), "U-none"];
    const map = await client.contacts.userIdsByCorpUserIds(ids);
    expect(map.size).toBe(120);
    expect(map.get("U77")).toBe("user77@welink");
    expect(callsTo(rs.sb, "/api/contact/v1/users/accounts").length).toBe(3);
    expect((await client.contacts.userIdsByCorpUserIds(["nope"])).size).toBe(0);
  });
});
