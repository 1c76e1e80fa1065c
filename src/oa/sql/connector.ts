import type { ConnectionReport, OaConnector, OaDept, OaUser } from "../contract.ts";
import { oaErrors } from "../connection/errors.ts";
import { reportOf } from "../connection/report.ts";
import { checkedQuery } from "./guard.ts";
import { checkColumns, DEPT_FIELDS, rowToDept, rowToUser, USER_FIELDS } from "./map.ts";
import { mysqlReader } from "./mysql.ts";
import { postgresReader } from "./postgres.ts";
import type { RowBatch, RowReader } from "./rows.ts";
import { endpointOf, type SqlOaSecrets, type SqlOaSettings } from "./settings.ts";

/**
 * The OA's own database as a source: the two SELECTs of the settings, each checked to be one
 * read-only SELECT, run in a read-only transaction with a statement timeout and streamed page by
 * page. It cannot check passwords: the OA's password hashes are the OA's business.
 */
export function createSqlConnector(settings: SqlOaSettings, secrets: SqlOaSecrets): OaConnector {
  const at = endpointOf(settings.url);
  const endpoint = { ...at, password: secrets.password };
  const place = { dialect: at.dialect, url: settings.url, user: at.user, timeoutMs: settings.statementTimeoutMs };
  const read: RowReader = at.dialect === "mysql" ? mysqlReader(endpoint, settings, place) : postgresReader(endpoint, settings, place);

  async function* pages<T>(query: "departmentsQuery" | "usersQuery", fields: readonly string[], map: (row: Record<string, unknown>, n: number) => T): AsyncIterable<T[]> {
    const sql = checkedQuery(settings[query], at.dialect, query);
    const mapping = query === "departmentsQuery" ? settings.departments : settings.users;
    let n = 0;
    let checked = false;
    for await (const batch of read(sql, query) as AsyncIterable<RowBatch>) {
      if (!checked) checkColumns(batch.columns, mapping, fields, query);
      checked = true;
      if (batch.rows.length > 0) yield batch.rows.map((row) => map(row, n++));
    }
  }

  const listDepartments = () => pages<OaDept>("departmentsQuery", DEPT_FIELDS, (row, n) => rowToDept(row, settings, n));
  const listUsers = () => pages<OaUser>("usersQuery", USER_FIELDS, (row, n) => rowToUser(row, settings, n));

  return {
    async testConnection(): Promise<ConnectionReport> {
      const started = performance.now();
      const depts = await firstPage(listDepartments());
      const people = await firstPage(listUsers());
      return reportOf(
        "OA_TEST_SQL",
        {
          database: at.dialect === "mysql" ? "MySQL/MariaDB" : "PostgreSQL",
          authName: at.user,
          departments: depts.length,
          people: people.length,
          ...(depts[0] && { departmentExample: depts[0].name }),
          ...(people[0] && { personExample: people[0].account }),
        },
        started,
      );
    },
    listDepartments,
    listUsers,
    async verifyPassword(): Promise<OaUser | undefined> {
      throw oaErrors.notSupported({ variant: "sqlPassword" });
    },
  };
}

/** The first page (or none); leaving early closes the stream and its connection. */
async function firstPage<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  for await (const page of pages) return page;
  return [];
}
