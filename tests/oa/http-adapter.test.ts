import { describe, expect, test } from "bun:test";
import { all, baseSettings, connect, depts, failure, fixtureOa, json } from "./http-support.ts";

/** An OA holding `items` that pages the way `style` says and always claims there is more. */
function pagingOa(items: unknown[], style: "page" | "offset" | "cursor") {
  return fixtureOa((s) => {
    const size = Number(s.query.size ?? s.query.limit ?? 100);
    let from = 0;
    if (style === "page") from = (Number(s.query.page) - 1) * size;
    if (style === "offset") from = Number(s.query.offset);
    if (style === "cursor") from = s.query.cursor ? Number(s.query.cursor.slice(1)) : 0;
    const slice = items.slice(from, from + size);
    const next = from + size < items.length ? `c${from + size}` : "";
    return json({ data: { items: slice, total: 999_999, hasMore: true }, next });
  });
}

describe("http adapter: paging", () => {
  test("'none' makes one call and yields the whole list", async () => {
    const oa = fixtureOa(() => json({ data: { items: depts(3) } }));
    const { items, sizes } = await all(connect(baseSettings(oa.baseUrl)).listDepartments());
    expect(items.map((d) => d.id)).toEqual(["1", "2", "3"]);
    expect(sizes).toEqual([3]);
    expect(oa.seen.length).toBe(1);
  });

  test("'page' counts from firstPage and stops on the short last page, whatever total and hasMore say", async () => {
    const oa = pagingOa(depts(250), "page");
    const settings = baseSettings(oa.baseUrl, { paging: { style: "page", firstPage: 1, size: 100 } });
    const { items, sizes } = await all(connect(settings).listDepartments());
    expect(items.length).toBe(250);
    expect(sizes).toEqual([100, 100, 50]);
    expect(oa.seen.map((s) => [s.query.page, s.query.size])).toEqual([["1", "100"], ["2", "100"], ["3", "100"]]);
  });

  test("'page' with its own parameter names and a first page of 0", async () => {
    const oa = fixtureOa((s) => json({ data: { items: depts(5).slice(Number(s.query.p) * 2, Number(s.query.p) * 2 + 2) } }));
    const settings = baseSettings(oa.baseUrl, { paging: { style: "page", pageParam: "p", sizeParam: "n", firstPage: 0, size: 2 } });
    expect((await all(connect(settings).listDepartments())).sizes).toEqual([2, 2, 1]);
    expect(oa.seen.map((s) => `${s.query.p}/${s.query.n}`)).toEqual(["0/2", "1/2", "2/2"]);
  });

  test("a list that is an exact multiple of the size costs one empty page, which is not yielded", async () => {
    const oa = pagingOa(depts(200), "page");
    const settings = baseSettings(oa.baseUrl, { paging: { style: "page", size: 100 } });
    expect((await all(connect(settings).listDepartments())).sizes).toEqual([100, 100]);
    expect(oa.seen.length).toBe(3);
  });

  test("'offset' advances by what each page held and stops on the short last page", async () => {
    const oa = pagingOa(depts(230), "offset");
    const settings = baseSettings(oa.baseUrl, { paging: { style: "offset", size: 100 } });
    expect((await all(connect(settings).listDepartments())).sizes).toEqual([100, 100, 30]);
    expect(oa.seen.map((s) => [s.query.offset, s.query.limit])).toEqual([["0", "100"], ["100", "100"], ["200", "100"]]);
  });

  test("'cursor' sends back the next cursor until it is empty", async () => {
    const oa = pagingOa(depts(250), "cursor");
    const settings = baseSettings(oa.baseUrl, { paging: { style: "cursor", nextCursorPath: "next", sizeParam: "size", size: 100 } });
    expect((await all(connect(settings).listDepartments())).sizes).toEqual([100, 100, 50]);
    expect(oa.seen.map((s) => s.query.cursor)).toEqual([undefined, "c100", "c200"]);
  });

  test("'cursor' stops when the next cursor is missing", async () => {
    const oa = fixtureOa(() => json({ data: { items: depts(2) } }));
    const settings = baseSettings(oa.baseUrl, { paging: { style: "cursor", nextCursorPath: "paging.next" } });
    expect((await all(connect(settings).listDepartments())).sizes).toEqual([2]);
    expect(oa.seen.length).toBe(1);
  });

  test("fixed query parameters go with every call, and a base URL's path prefix and query are kept", async () => {
    const oa = pagingOa(depts(3), "page");
    const settings = baseSettings(`${oa.baseUrl}/openapi/?tenant=t1`, {
      paging: { style: "page", size: 2 },
      departments: { path: "/v1/depts", query: { status: "all", size: "ignored" }, itemsPath: "data.items", fields: { id: "id", parentId: "parentId", name: "name" } },
    });
    await all(connect(settings).listDepartments());
    expect(oa.seen.map((s) => s.path)).toEqual(["/openapi/v1/depts", "/openapi/v1/depts"]);
    expect(oa.seen[0]?.query).toEqual({ tenant: "t1", status: "all", page: "1", size: "2" });
  });
});

describe("http adapter: field mapping", () => {
  const deptAnswer = {
    result: {
      rows: [
        { key: 7, info: { title: "研发部", parent: { key: 3 } }, sort: "5" },
        { key: "3", info: { title: "总部", parent: { key: null } } },
        { key: 8, info: { title: "空父", parent: { key: "" } }, sort: 2.5 },
        { key: 9, info: { title: "无父" } },
        { key: 10, info: { title: "零父", parent: { key: 0 } } },
      ],
    },
  };

  test("departments: nested paths, numeric ids as text, null/missing/'' parent is top level, '0' stays an id", async () => {
    const oa = fixtureOa(() => json(deptAnswer));
    const settings = baseSettings(oa.baseUrl, {
      departments: { path: "/depts", itemsPath: "result.rows", fields: { id: "key", parentId: "info.parent.key", name: "info.title", order: "sort" } },
    });
    const { items } = await all(connect(settings).listDepartments());
    expect(items).toEqual([
      { id: "7", parentId: "3", name: "研发部", order: 5 },
      { id: "3", parentId: null, name: "总部", order: 0 },
      { id: "8", parentId: null, name: "空父", order: 2.5 },
      { id: "9", parentId: null, name: "无父", order: 0 },
      { id: "10", parentId: "0", name: "零父", order: 0 },
    ]);
  });

  const people = [
    { uid: 1, login: "zhang", name: "张三", contact: { mobile: 13800000001, email: "" }, ptd: [11, "12", "", 11], state: "Active" },
    { uid: 2, login: "li", name: "李四", contact: { mobile: null }, ptd: "21, 22,,23", state: "Disabled" },
    { uid: 3, login: "wang", name: "王五", ptd: null, state: false },
    { uid: 4, login: "zhao", name: "赵六", state: 0, no: "E4", job: "工程师", dept: 31 },
    { uid: 5, login: "qian", name: "钱七", state: true },
    { uid: 6, login: "sun", name: "孙八" },
    { uid: 7, login: "zhou", name: "周九", state: "LEFT" },
  ];
  const userFields = {
    id: "uid",
    account: "login",
    name: "name",
    mobile: "contact.mobile",
    email: "contact.email",
    employeeNo: "no",
    position: "job",
    mainDeptId: "dept",
    partTimeDeptIds: "ptd",
    active: "state",
  };

  test("users: optional fields left out when empty, part-time as a list or text, default inactive values", async () => {
    const oa = fixtureOa(() => json({ data: { items: people } }));
    const settings = baseSettings(oa.baseUrl, { users: { path: "/users", itemsPath: "data.items", fields: userFields } });
    const { items } = await all(connect(settings).listUsers());
    expect(items[0]).toEqual({ id: "1", account: "zhang", name: "张三", mobile: "13800000001", partTimeDeptIds: ["11", "12"], active: true });
    expect(items[1]).toEqual({ id: "2", account: "li", name: "李四", partTimeDeptIds: ["21", "22", "23"], active: false });
    expect(items[3]).toEqual({
      id: "4",
      account: "zhao",
      name: "赵六",
      employeeNo: "E4",
      position: "工程师",
      mainDeptId: "31",
      partTimeDeptIds: [],
      active: false,
    });
    expect(items.map((u) => u.active)).toEqual([true, false, false, false, true, true, false]);
  });

  test("users: custom inactive values replace the defaults; without an active path everyone is active", async () => {
    const oa = fixtureOa(() => json({ data: { items: people } }));
    const custom = baseSettings(oa.baseUrl, { users: { path: "/users", itemsPath: "data.items", fields: { ...userFields, inactiveValues: ["LEFT", "true"] } } });
    expect((await all(connect(custom).listUsers())).items.map((u) => u.active)).toEqual([true, true, true, true, false, true, false]);
    const none = baseSettings(oa.baseUrl, { users: { path: "/users", itemsPath: "data.items", fields: { id: "uid", account: "login", name: "name" } } });
    expect((await all(connect(none).listUsers())).items.every((u) => u.active && u.partTimeDeptIds.length === 0)).toBe(true);
  });

  test("a field of the wrong kind is an OA_BAD_RESPONSE naming the item and the path", async () => {
    const oa = fixtureOa(() => json({ data: { items: [{ id: 1, parentId: null, name: "A" }, { id: 2, parentId: 1, name: { cn: "B" } }] } }));
    const error = await failure(all(connect(baseSettings(oa.baseUrl)).listDepartments()));
    expect(error.code).toBe("OA_BAD_RESPONSE");
    expect(error.message).toContain('item 1 (counting from 0) on page 1 has name at "name" as an object');
  });

  test("an order that is not a number is an OA_BAD_RESPONSE", async () => {
    const oa = fixtureOa(() => json({ data: { items: [{ id: 1, parentId: null, name: "A", order: "first" }] } }));
    const error = await failure(all(connect(baseSettings(oa.baseUrl)).listDepartments()));
    expect(error.code).toBe("OA_BAD_RESPONSE");
    expect(error.message).toContain('order at "order"');
  });
});

describe("http adapter: authentication", () => {
  /** An OA that answers 401 unless the header it expects is there. */
  const guarded = (header: string, expected: string) =>
    fixtureOa((s) => (s.headers.get(header) === expected ? json({ data: { items: depts(1) } }) : json({ msg: "unauthorized" }, 401)));

  test("bearer sends Authorization: Bearer <token>", async () => {
    const oa = guarded("authorization", "Bearer tok-123456");
    const settings = baseSettings(oa.baseUrl, { auth: { type: "bearer" } });
    expect((await all(connect(settings, { token: "tok-123456" }).listDepartments())).items.length).toBe(1);
    expect((await failure(all(connect(settings, { token: "tok-wrong" }).listDepartments()))).code).toBe("OA_AUTH_FAILED");
  });

  test("basic sends the user name and the secret password", async () => {
    const oa = guarded("authorization", `Basic ${btoa("bridge:pa55-word")}`);
    const settings = baseSettings(oa.baseUrl, { auth: { type: "basic", username: "bridge" } });
    expect((await all(connect(settings, { password: "pa55-word" }).listDepartments())).items.length).toBe(1);
  });

  test("header sends the named header with the secret value", async () => {
    const oa = guarded("x-api-key", "key-abcdef");
    const settings = baseSettings(oa.baseUrl, { auth: { type: "header", name: "X-Api-Key" } });
    expect((await all(connect(settings, { headerValue: "key-abcdef" }).listDepartments())).items.length).toBe(1);
  });

  test("none sends no Authorization header", async () => {
    const oa = fixtureOa(() => json({ data: { items: [] } }));
    await all(connect(baseSettings(oa.baseUrl)).listDepartments());
    expect(oa.seen[0]?.headers.get("authorization")).toBeNull();
  });

  test("a sign-in without its secret is OA_SECRET_MISSING, and the OA is not called", async () => {
    const oa = fixtureOa(() => json({ data: { items: [] } }));
    for (const auth of [{ type: "bearer" }, { type: "basic", username: "u" }, { type: "header", name: "X-Key" }]) {
      const error = await failure(connect(baseSettings(oa.baseUrl, { auth })).testConnection());
      expect(error.code).toBe("OA_SECRET_MISSING");
    }
    expect(oa.seen.length).toBe(0);
  });
});

describe("http adapter: testConnection", () => {
  test("reads the first page of departments and of people and says so in words", async () => {
    const oa = pagingOa(depts(150), "page");
    const settings = baseSettings(oa.baseUrl, {
      paging: { style: "page", size: 100 },
      users: { path: "/depts", itemsPath: "data.items", fields: { id: "id", account: "name", name: "name" } },
    });
    const report = await connect(settings).testConnection();
    expect(report.detail).toBe(
      'used no authentication and read the first page of departments (100, e.g. "部门1") and of people (100, e.g. "部门1"); no password check is set',
    );
    // The same facts as a code and params, for the admin to word in its language.
    expect(report).toMatchObject({ code: "OA_TEST_HTTP", params: { auth: "none", departments: 100, people: 100, departmentExample: "部门1", personExample: "部门1" } });
    expect(report.params).not.toHaveProperty("passwordCheck");
    expect(report.ms).toBeGreaterThanOrEqual(0);
    expect(oa.seen.length).toBe(2);
  });

  test("settings that do not fit the answer fail with the OA_* error", async () => {
    const oa = fixtureOa(() => json({ data: { items: [{ deptId: 1 }] } }));
    const error = await failure(connect(baseSettings(oa.baseUrl)).testConnection());
    expect(error.code).toBe("OA_BAD_RESPONSE");
  });
});

describe("http adapter: verifyPassword", () => {
  const lina = { userId: "u2", loginName: "lina", userName: "李娜" };
  const withCheck = (baseUrl: string) =>
    baseSettings(baseUrl, {
      auth: { type: "bearer" },
      users: { path: "/users", itemsPath: "data.items", fields: { id: "userId", account: "loginName", name: "userName" } },
      passwordCheck: { path: "/auth/check", accountField: "loginName", passwordField: "pwd", userPath: "data.user" },
    });
  /** Right password: the person; wrong: what `wrong` answers. */
  const checker = (wrong: () => Response) =>
    fixtureOa((s) => {
      const body = JSON.parse(s.body) as Record<string, string>;
      return body.loginName === "lina" && body.pwd === "s3cret" ? json({ code: 0, data: { user: lina } }) : wrong();
    });

  test("the right password answers the OA user; the request is a JSON POST with the configured fields", async () => {
    const oa = checker(() => json({}, 401));
    const user = await connect(withCheck(oa.baseUrl), { token: "t0ken" }).verifyPassword("lina", "s3cret");
    expect(user).toEqual({ id: "u2", account: "lina", name: "李娜", partTimeDeptIds: [], active: true });
    expect(oa.seen[0]?.method).toBe("POST");
    expect(oa.seen[0]?.headers.get("content-type")).toBe("application/json");
    expect(oa.seen[0]?.headers.get("authorization")).toBe("Bearer t0ken");
  });

  test("a wrong password is undefined, whether the OA says 401, 403, 404 or 200 without a person", async () => {
    for (const wrong of [
      () => json({ msg: "bad" }, 401),
      () => json({ msg: "bad" }, 403),
      () => new Response("not found", { status: 404 }),
      () => json({ code: 1001, msg: "用户名或密码错误", data: null }),
    ]) {
      const oa = checker(wrong);
      expect(await connect(withCheck(oa.baseUrl), { token: "t0ken" }).verifyPassword("lina", "wrong")).toBeUndefined();
    }
  });

  test("an empty password never reaches the OA", async () => {
    const oa = checker(() => json({ data: { user: lina } }));
    expect(await connect(withCheck(oa.baseUrl), { token: "t0ken" }).verifyPassword("lina", "")).toBeUndefined();
    expect(oa.seen.length).toBe(0);
  });

  test("other failures are the OA_* error", async () => {
    const oa = checker(() => json({ msg: "boom" }, 500));
    const error = await failure(connect(withCheck(oa.baseUrl), { token: "t0ken" }).verifyPassword("lina", "wrong"));
    expect(error.code).toBe("OA_HTTP_ERROR");
    expect(error.retryable).toBe(true);
  });

  test("without a password check it is OA_NOT_SUPPORTED, saying how people get bound instead", async () => {
    const oa = fixtureOa(() => json({}));
    const error = await failure(connect(baseSettings(oa.baseUrl)).verifyPassword("lina", "s3cret"));
    expect(error.code).toBe("OA_NOT_SUPPORTED");
    expect(error.message).toContain("no password check");
    expect(error.message).toContain("an admin");
    expect(oa.seen.length).toBe(0);
  });
});
