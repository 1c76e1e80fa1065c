import { LOCAL_NET } from "../../../src/kernel/net-policy.ts";
import { describe, expect, test } from "bun:test";
import mysql from "mysql2/promise";
import pg from "pg";
import { SqlOaSettings } from "../../../src/oa/sql/settings.ts";
import { freePort } from "../../helpers/db-server.ts";
import { all, bothServers, connect, type Db, failure, settingsFor } from "./support.ts";

const dbs = bothServers();

const REFUSED: [string, Record<string, unknown>][] = [
  ["INSERT INTO org_user (id) VALUES (1)", { statement: "INSERT" }],
  ["UPDATE org_user SET status = 0", { statement: "UPDATE" }],
  ["DELETE FROM org_user", { statement: "DELETE" }],
  ["DROP TABLE org_user", { statement: "DROP" }],
  ["SELECT id FROM org_user; DROP TABLE org_user", { variant: "several", count: 2 }],
  ["SELECT id FROM org_user; SELECT id FROM org_dept", { variant: "several", count: 2 }],
  ["SELECT id INTO copy_of_users FROM org_user", { variant: "into" }],
  ["SELEC id FROM org_user", { variant: "unreadable" }],
];

/** The people's count of audit_touch rows, read through a plain client as the writer. */
async function touches(db: Db, touchFirst = false): Promise<number> {
  if (db.name === "MariaDB") {
    const c = await mysql.createConnection({ uri: db.writerUrl, password: db.writerPassword });
    if (touchFirst) await c.query("SELECT oa_touch()");
    const [rows] = await c.query("SELECT COUNT(*) AS n FROM audit_touch");
    await c.end();
    return Number((rows as { n: number }[])[0]?.n);
  }
  const u = new URL(db.writerUrl);
  const c = new pg.Client({ host: u.hostname, port: Number(u.port), user: u.username, database: "oa", password: db.writerPassword });
  await c.connect();
  if (touchFirst) await c.query("SELECT oa_touch()");
  const { rows } = await c.query("SELECT COUNT(*)::int AS n FROM audit_touch");
  await c.end();
  return Number(rows[0]?.n);
}

describe.each(["MariaDB", "PostgreSQL"] as const)("SQL source on %s: only one read-only SELECT", (name) => {
  const db = () => dbs.find((d) => d.name === name)!;

  test.each(REFUSED)("refused when saved and before reaching the server: %s", async (sql, params) => {
    const parsed = SqlOaSettings.safeParse(settingsFor(db(), { usersQuery: sql }));
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["usersQuery"]);
    // Pointed at a port nobody listens on: had the statement been sent, this would be OA_SQL_UNREACHABLE.
    const ok = SqlOaSettings.parse({ ...settingsFor(db()), url: db().url.replace(`:${db().port}/`, `:${await freePort()}/`) });
    const { createSqlConnector } = await import("../../../src/oa/sql/connector.ts");
    const e = await failure(all(createSqlConnector({ ...ok, usersQuery: sql }, { password: db().password }, LOCAL_NET).listUsers()));
    expect(e.code).toBe("OA_SQL_NOT_SELECT");
    expect(e.params).toMatchObject({ query: "usersQuery", ...params });
  });

  test("SELECTs an OA admin writes are accepted: WITH, joins, a bare `status` column, a trailing semicolon", async () => {
    const withQuery = "WITH d AS (SELECT id, name FROM org_dept) SELECT u.id, u.login_name, u.real_name, status, d.name AS dept FROM org_user u JOIN d ON d.id = u.dept_id WHERE status = 1;";
    const people = await all(connect(db(), { usersQuery: withQuery, users: { id: "id", account: "login_name", name: "real_name", position: "dept", active: "status", activeValues: ["1"] } }).listUsers());
    expect(people.items.length).toBe(3000 - 120);
    expect(people.items.every((u) => u.active)).toBe(true);
  });

  test("a function that writes runs, and is refused inside the read-only transaction even for a user allowed to write", async () => {
    const before = await touches(db(), true);
    expect(before).toBeGreaterThanOrEqual(1);
    const asWriter = connect(db(), {
      url: db().writerUrl,
      usersQuery: "SELECT oa_touch() AS id, 'x' AS login_name, 'y' AS real_name",
      users: { id: "id", account: "login_name", name: "real_name" },
    }, db().writerPassword);
    const e = await failure(all(asWriter.listUsers()));
    expect(e.code).toBe("OA_SQL_WRITE_REFUSED");
    expect(String(e.params.message)).toMatch(/read[- ]only/i);
    expect(await touches(db())).toBe(before);
  });
});
