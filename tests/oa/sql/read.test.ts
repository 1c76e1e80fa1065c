import { describe, expect, test } from "bun:test";
import { all, bothServers, connect, DEPTS, failure, PEOPLE } from "./support.ts";

const dbs = bothServers();

describe.each(["MariaDB", "PostgreSQL"] as const)("SQL source on %s: reading", (name) => {
  const db = () => dbs.find((d) => d.name === name)!;

  test("every department and person arrives, in pages of the configured size, mapped from the columns", async () => {
    const c = connect(db(), { pageSize: 700 });
    const depts = await all(c.listDepartments());
    expect(depts.items.length).toBe(DEPTS);
    expect(depts.items.find((d) => d.id === "1")).toEqual({ id: "1", parentId: null, name: "示例集团", order: 10 });
    expect(depts.items.find((d) => d.id === "7")).toMatchObject({ parentId: "2", order: 70 });
    const people = await all(c.listUsers());
    expect(people.items.length).toBe(PEOPLE);
    expect(people.sizes).toEqual([700, 700, 700, 700, 200]);
    const p10 = people.items.find((u) => u.id === "10")!;
    expect(p10).toEqual({
      id: "10", account: "user10", name: expect.stringMatching(/^[\u4e00-\u9fff]{3}$/), mobile: "13800000010", email: "user10@oa.example.cn",
      employeeNo: "E000010", mainDeptId: "11", partTimeDeptIds: ["12", "13"], active: true, position: "总监",
    });
    // No mobile (every 7th), no title (every 6th): the fields are absent, not empty.
    expect(people.items.find((u) => u.id === "42")).not.toHaveProperty("mobile");
    expect(people.items.find((u) => u.id === "5")).not.toHaveProperty("position");
    expect(people.items.filter((u) => !u.active).length).toBe(PEOPLE / 25);
    expect(people.items.find((u) => u.id === "25")!.active).toBe(false);
  });

  test("the test connection reports the kind of database, its user and the first rows", async () => {
    const report = await connect(db()).testConnection();
    expect(report.code).toBe("OA_TEST_SQL");
    expect(report.params).toMatchObject({ departments: DEPTS, people: 500, departmentExample: "示例集团", personExample: "user1", authName: "oa_reader" });
    expect(report.detail).toContain(name === "MariaDB" ? "MySQL/MariaDB as oa_reader" : "PostgreSQL as oa_reader");
  });

  test("stopping early (the first page only) leaves the server usable: the connection is closed, not leaked", async () => {
    const c = connect(db(), { pageSize: 10 });
    for (let i = 0; i < 30; i++) {
      for await (const page of c.listUsers()) {
        expect(page.length).toBe(10);
        break;
      }
    }
    expect((await all(c.listDepartments())).items.length).toBe(DEPTS);
  });

  test("a part-time separator, inactive values instead of active ones, and a column named with a dot", async () => {
    const c = connect(db(), {
      usersQuery: "SELECT id, login_name AS \"a.b\", real_name, part_depts, status FROM org_user WHERE id IN (10, 25)".replaceAll('"', name === "MariaDB" ? "`" : '"'),
      users: { id: "id", account: "a.b", name: "real_name", partTimeDeptIds: "part_depts", partTimeSeparator: ";", active: "status", inactiveValues: ["0"] },
    });
    const people = (await all(c.listUsers())).items;
    expect(people.map((u) => [u.account, u.active, u.partTimeDeptIds])).toEqual([["user10", true, ["12", "13"]], ["user25", false, []]]);
  });

  test("a kind column marks branches (分部) — subcompany, branch, 1 — anything else, NULL included, is a department; a mapped kind the result lacks is named", async () => {
    const kinds = "CASE id WHEN 1 THEN 'subcompany' WHEN 2 THEN '1' WHEN 3 THEN 'dept' WHEN 4 THEN 'BRANCH' END";
    const departments = { id: "id", parentId: "parent_id", name: "name", kind: "k" };
    const c = connect(db(), { departmentsQuery: `SELECT id, parent_id, name, ${kinds} AS k FROM org_dept WHERE id <= 5`, departments });
    const depts = (await all(c.listDepartments())).items.sort((a, b) => Number(a.id) - Number(b.id));
    expect(depts.map((d) => [d.id, d.kind ?? "dept"])).toEqual([["1", "branch"], ["2", "branch"], ["3", "dept"], ["4", "branch"], ["5", "dept"]]);
    const e = await failure(all(connect(db(), { departmentsQuery: "SELECT id, parent_id, name FROM org_dept", departments }).listDepartments()));
    expect(e).toMatchObject({ code: "OA_SQL_COLUMN_MISSING", params: { column: "k", field: "kind" } });
  });

  test("verifyPassword: the database's password hashes are the OA's business (OA_NOT_SUPPORTED)", async () => {
    const e = await failure(connect(db()).verifyPassword("user1", "x"));
    expect(e.code).toBe("OA_NOT_SUPPORTED");
    expect(e.message).toContain("does not check passwords");
  });
});
