import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before tenants.ts builds its zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../../helpers/harness.ts";
import { signedIn } from "../../helpers/admin-client.ts";
import { startMariaDb, type RunningMariaDb } from "../../helpers/mariadb.ts";
import { startPostgres, type RunningPostgres } from "../../helpers/postgres.ts";
import { sqlSettingsFromForm } from "../../../src/oa/sql/form.ts";
import { SQL_GENERIC_PRESET, SQL_PRESETS } from "../../../src/oa/sql/presets.ts";
import type { OaDept } from "../../../src/oa/contract.ts";
import { oaTree, resolveScope } from "../../../src/sync/to-welink/scope.ts";
import { personRule } from "../../../src/sync/to-welink/scope-rule.ts";
import type { PushConfig } from "../../../src/sync/to-welink/types.ts";

/**
 * e-cology's tables as its published scripts create them: the preset's columns and a few others
 * it must ignore. A canceled department, people on trial, left (5), invalid (7) and without a login.
 * 分部: 星河集团 (top) over 华东分部; a canceled 分部 with a 分部 and a department under it, which
 * then sit at the top. 分部 2 and department 2 share an id, as the two tables allow.
 */
const ECOLOGY_TABLES = `
  CREATE TABLE HrmDepartment (id INT PRIMARY KEY, departmentmark VARCHAR(60), departmentname VARCHAR(200),
    subcompanyid1 INT, supdepid INT, allsupdepid VARCHAR(200), showorder INT, canceled CHAR(1));
  CREATE TABLE HrmSubCompany (id INT PRIMARY KEY, subcompanyname VARCHAR(200), subcompanydesc VARCHAR(200),
    companyid INT, supsubcomid INT, url VARCHAR(50), showorder INT, canceled CHAR(1), subcompanycode VARCHAR(100));
  INSERT INTO HrmSubCompany VALUES
    (1, '星河集团', '星河集团', 1, 0, NULL, 1, NULL, 'XH'), (2, '华东分部', '华东', 1, 1, NULL, 1, '0', 'HD'),
    (3, '已封存的华北分部', '华北', 1, 1, NULL, 2, '1', 'HB'), (4, '天津办事处', '天津', 1, 3, NULL, 1, NULL, 'TJ');
  CREATE TABLE HrmJobTitles (id INT PRIMARY KEY, jobtitlemark VARCHAR(60), jobtitlename VARCHAR(200));
  CREATE TABLE HrmResource (id INT PRIMARY KEY, loginid VARCHAR(60), password VARCHAR(100), lastname VARCHAR(60),
    sex CHAR(1), mobile VARCHAR(60), email VARCHAR(60), jobtitle INT, departmentid INT, subcompanyid1 INT,
    workcode VARCHAR(60), dsporder INT, status INT);
  INSERT INTO HrmDepartment VALUES
    (1, 'ZJB', '总经办', 1, 0, '0', 1, NULL), (2, 'YF', '研发中心', 2, NULL, '', 2, '0'),
    (3, 'PT', '平台开发部', 2, 2, ',2,', 1, '0'), (4, 'CS', '已封存的测试部', 2, 2, ',2,', 2, '1'),
    (5, 'ZL', '质量保障部', 2, 2, ',2,', 3, NULL), (7, 'HB', '华北综合部', 3, 0, '0', 1, NULL);
  INSERT INTO HrmJobTitles VALUES (1, 'ZJL', '总经理'), (2, 'GJ', '高级工程师');
  INSERT INTO HrmResource VALUES
    (1, 'zhangwei', 'x', '张伟', '0', '13800000001', 'zhangwei@oa.example.cn', 1, 1, 1, 'E001', 1, 1),
    (2, 'lina', 'x', '李娜', '1', '13800000002', NULL, 2, 3, 1, 'E002', 2, 0),
    (3, 'wangfang', 'x', '王芳', '1', NULL, NULL, 2, 3, 1, 'E003', 3, 5),
    (4, '', 'x', '赵强', '0', NULL, NULL, NULL, 3, 1, 'E004', 4, 1),
    (5, 'liuyang', 'x', '刘洋', '0', NULL, NULL, NULL, 5, 1, 'E005', 5, 3),
    (6, 'chenjing', 'x', '陈静', '1', NULL, NULL, NULL, 4, 1, 'E006', 6, 7);
`;

type Server = { name: string; url: string; password: string };
const servers: Server[] = [];
let maria: RunningMariaDb | undefined;
let postgres: RunningPostgres | undefined;
beforeAll(async () => {
  [maria, postgres] = await Promise.all([startMariaDb({ people: 1, depts: 1 }), startPostgres({ people: 1, depts: 1 })]);
  await maria.admin.query(`USE oa; ${ECOLOGY_TABLES}`);
  // Unquoted names fold to lower case in PostgreSQL, in the tables and in the preset's queries alike.
  await postgres.admin.query(`SET search_path = org; ${ECOLOGY_TABLES} GRANT SELECT ON ALL TABLES IN SCHEMA org TO oa_reader;`);
  servers.push({ name: "MariaDB", url: maria.url, password: maria.password }, { name: "PostgreSQL", url: postgres.url, password: postgres.password });
}, 120_000);
afterAll(async () => {
  await Promise.all([maria?.stop(), postgres?.stop()]);
});

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const T = { tenant: "default" };
const json = async <X>(r: Response) => (await r.json()) as X;
type User = { id: string; account: string; name: string; position?: string; employeeNo?: string; mainDeptId?: string; active: boolean };

describe.each(["MariaDB", "PostgreSQL"])("the Weaver e-cology preset on %s", (name) => {
  test("saved as the form fills it, it tests and refreshes: 分部 as branches over their departments, nothing canceled, 在职 as status 0–3", async () => {
    const db = servers.find((s) => s.name === name)!;
    const form: Record<string, string> = { ...SQL_PRESETS["weaver-ecology"], url: db.url };
    const settings = sqlSettingsFromForm((n) => form[n] ?? "");
    const saved = await h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "sql", settings, secrets: { password: db.password } } });
    expect(saved.status).toBe(200);
    const tested = await h.call("POST", "/api/v1/oa/connection/test", T);
    expect(await json(tested)).toMatchObject({ ok: true, code: "OA_TEST_SQL", params: { departments: 8 } });
    expect(await json(await h.call("POST", "/api/v1/oa/refresh", T))).toMatchObject({ status: "ok", departments: 8, users: 5 });

    const depts = (await json<{ items: OaDept[] }>(await h.call("GET", "/api/v1/oa/departments", T))).items;
    expect(depts.map((d) => [d.id, d.parentId, d.name, d.order, d.kind ?? "dept"]).sort()).toEqual([
      ["1", "sub-1", "总经办", 1, "dept"],
      ["2", "sub-2", "研发中心", 2, "dept"],
      ["3", "2", "平台开发部", 1, "dept"],
      ["5", "2", "质量保障部", 3, "dept"],
      // Under the canceled 分部 3: at the top, like the 分部 4 under it.
      ["7", null, "华北综合部", 1, "dept"],
      ["sub-1", null, "星河集团", 1, "branch"],
      ["sub-2", "sub-1", "华东分部", 1, "branch"],
      ["sub-4", null, "天津办事处", 1, "branch"],
    ]);
    const users = (await json<{ items: User[] }>(await h.call("GET", "/api/v1/oa/users", T))).items.sort((a, b) => Number(a.id) - Number(b.id));
    expect(users.map((u) => [u.id, u.account, u.name, u.active])).toEqual([
      ["1", "zhangwei", "张伟", true],
      ["2", "lina", "李娜", true],
      ["3", "wangfang", "王芳", false],
      ["5", "liuyang", "刘洋", true],
      ["6", "chenjing", "陈静", false],
    ]);
    expect(users[0]).toMatchObject({ position: "总经理", employeeNo: "E001", mainDeptId: "1", mobile: "13800000001", email: "zhangwei@oa.example.cn" });
    expect(users[1]).toMatchObject({ position: "高级工程师", mainDeptId: "3" });
    expect(users[3]!.position).toBeUndefined();

    // A scope choosing 华东分部 takes the active people of its departments, named by the branch.
    const people = users.map((u) => ({ ...u, partTimeDeptIds: [] }));
    const tree = oaTree(depts);
    const config = (depts: string[]) => ({ includePartTime: false, scope: { depts, include: [], exclude: [] } }) as unknown as PushConfig;
    expect(resolveScope(config(["sub-2"]), tree, people).people.map((u) => u.account)).toEqual(["lina", "liuyang"]);
    expect(personRule(config(["sub-2"]), tree, people.find((u) => u.account === "liuyang")!).why).toEqual({ code: "scope.underBranch", params: { name: "华东分部", id: "sub-2" } });
    expect(resolveScope(config(["sub-1"]), tree, people).people.map((u) => u.account)).toEqual(["zhangwei", "lina", "liuyang"]);
    // Department 2 is not 分部 2: choosing it leaves 总经办 out, as it would choosing sub-2.
    expect(resolveScope(config(["2"]), tree, people).people.map((u) => u.account)).toEqual(["lina", "liuyang"]);
  });
});

describe("the preset picker of the OA database form", () => {
  test("lists the presets in both languages; ?preset= fills the form and leaves the saved connection as it was", async () => {
    const generic = sqlSettingsFromForm((n) => ({ ...SQL_GENERIC_PRESET, url: "mysql://oa_reader@10.0.0.5:3306/oa" })[n] ?? "");
    expect((await h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "sql", settings: generic, refreshCron: "0 3 * * *" } })).status).toBe(200);
    const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
    expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);

    const zh = (await client.getText("/admin/oa/connection?type=sql")).html;
    expect(zh).toContain("泛微 e-cology：HrmResource / HrmDepartment / HrmSubCompany 表；读取分部");
    expect(zh).toContain('href="/admin/oa/connection?type=sql&amp;preset=weaver-ecology"');
    expect(zh).toContain("FROM org_user");
    expect(zh).not.toContain("已按预设");

    const filled = (await client.getText("/admin/oa/connection?type=sql&preset=weaver-ecology")).html;
    expect(filled).toContain("FROM HrmResource r LEFT JOIN HrmJobTitles j");
    expect(filled).toContain('value="loginid"');
    expect(filled).toMatch(/name="departments\.kind"[^>]*value="kind"|value="kind"[^>]*name="departments\.kind"/);
    expect(filled).toContain('value="0, 1, 2, 3"');
    expect(filled).toContain('value="mysql://oa_reader@10.0.0.5:3306/oa"');
    expect(filled).toContain('value="0 3 * * *"');
    expect(filled).toContain("已按预设「泛微 e-cology」填写查询和字段，尚未保存");
    const view = await json<{ settings: { usersQuery: string } }>(await h.call("GET", "/api/v1/oa/connection", T));
    expect(view.settings.usersQuery).toContain("FROM org_user");

    expect((await client.get("/admin/lang/en?back=/admin")).status).toBe(303);
    const en = (await client.getText("/admin/oa/connection?type=sql&preset=weaver-ecology")).html;
    expect(en).toContain("Weaver e-cology: HrmResource / HrmDepartment / HrmSubCompany tables, 分部 as branches");
    expect(en).toContain("Generic example");
    expect(en).toContain("Filled the queries and columns from the “Weaver e-cology (泛微)” preset");
    // An unknown preset is ignored: the form shows the saved connection.
    expect((await client.getText("/admin/oa/connection?type=sql&preset=nope")).html).toContain("FROM org_user");
  });
});
