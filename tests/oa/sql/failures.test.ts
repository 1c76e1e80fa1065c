import { LOCAL_NET } from "../../../src/kernel/net-policy.ts";
import { describe, expect, test } from "bun:test";
import { messageOf } from "../../../src/kernel/errors.ts";
import { freePort } from "../../helpers/db-server.ts";
import { createSqlConnector } from "../../../src/oa/sql/connector.ts";
import { SqlOaSettings } from "../../../src/oa/sql/settings.ts";
import { all, bothServers, connect, failure, PEOPLE, settingsFor } from "./support.ts";

const dbs = bothServers();

describe.each(["MariaDB", "PostgreSQL"] as const)("SQL source on %s: what goes wrong, in words", (name) => {
  const db = () => dbs.find((d) => d.name === name)!;

  test("nothing listening on the port: OA_SQL_UNREACHABLE naming the URL", async () => {
    const port = await freePort();
    const e = await failure(connect(db(), { url: db().url.replace(`:${db().port}/`, `:${port}/`) }).testConnection());
    expect(e.code).toBe("OA_SQL_UNREACHABLE");
    expect(e.params).toMatchObject({ reason: "ECONNREFUSED" });
    expect(messageOf(e, "zh-CN")).toContain("无法连接到 OA 数据库");
  });

  test("a wrong password: OA_SQL_AUTH_FAILED with the database's words, never the password", async () => {
    const e = await failure(connect(db(), {}, "wrong-secret-9").testConnection());
    expect(e.code).toBe("OA_SQL_AUTH_FAILED");
    expect(e.params).toMatchObject({ user: "oa_reader" });
    expect(String(e.params.message)).toMatch(name === "MariaDB" ? /Access denied for user 'oa_reader'/ : /password authentication failed for user "oa_reader"/);
    expect(JSON.stringify(e.params) + e.message).not.toContain("wrong-secret-9");
  });

  test("a query the database rejects: OA_SQL_BAD_QUERY with its message", async () => {
    const e = await failure(connect(db(), { usersQuery: "SELECT id, login_name, real_name FROM org_people" }).testConnection());
    expect(e.code).toBe("OA_SQL_BAD_QUERY");
    expect(e.params.query).toBe("usersQuery");
    expect(String(e.params.message)).toContain("org_people");
    expect(messageOf(e, "zh-CN")).toContain("数据库的提示");
  });

  test("a mapped column missing from the result: OA_SQL_COLUMN_MISSING naming it and the columns there are", async () => {
    const e = await failure(all(connect(db(), { departmentsQuery: "SELECT id, parent_id AS up, name FROM org_dept" }).listDepartments()));
    expect(e.code).toBe("OA_SQL_COLUMN_MISSING");
    expect(e.params).toMatchObject({ query: "departmentsQuery", column: "parent_id", field: "parentId", columns: "id, up, name" });
  });

  test("the missing column is found even when the result is empty", async () => {
    const e = await failure(connect(db(), { usersQuery: "SELECT id, login_name FROM org_user WHERE 1 = 0" }).testConnection());
    expect(e).toMatchObject({ code: "OA_SQL_COLUMN_MISSING", params: { column: "real_name", field: "name" } });
  });

  test("a query over the statement timeout is stopped by the database: OA_SQL_TIMEOUT", async () => {
    const started = performance.now();
    const slow = "SELECT a.id, a.login_name, a.real_name FROM org_user a, org_user b, org_user c WHERE a.id + b.id + c.id = -1";
    const e = await failure(all(connect(db(), { statementTimeoutMs: 500, usersQuery: slow, users: { id: "id", account: "login_name", name: "real_name" } }).listUsers()));
    expect(e.code).toBe("OA_SQL_TIMEOUT");
    expect(e.params).toMatchObject({ query: "usersQuery", ms: 500 });
    expect(performance.now() - started).toBeLessThan(5_000);
    // The server is fine afterwards.
    expect((await connect(db()).testConnection()).code).toBe("OA_TEST_SQL");
  });

  test("a non-SELECT statement reaching the connector (settings saved before a check): OA_SQL_NOT_SELECT, nothing deleted", async () => {
    // The settings refuse it when saved (guard.test.ts); the connector checks again before every run.
    const ok = SqlOaSettings.parse(settingsFor(db()));
    const e = await failure(all(createSqlConnector({ ...ok, usersQuery: "DELETE FROM org_user" }, { password: db().password }, LOCAL_NET).listUsers()));
    expect(e).toMatchObject({ code: "OA_SQL_NOT_SELECT", params: { query: "usersQuery", statement: "DELETE" } });
    expect((await all(connect(db()).listUsers())).items.length).toBe(PEOPLE);
  });
});
