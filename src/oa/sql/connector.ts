import { isIP } from "node:net";
import { checkHost, type NetPolicy } from "../../kernel/net-policy.ts";
import { dbError } from "./db-errors.ts";
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
export function createSqlConnector(settings: SqlOaSettings, secrets: SqlOaSecrets, net: NetPolicy): OaConnector {
  const at = endpointOf(settings.url);
  const place = { dialect: at.dialect, url: settings.url, user: at.user, timeoutMs: settings.statementTimeoutMs };
  // The host is checked where the connection is made, and the driver is given the address that
  // was checked, so a name cannot resolve to another address between the check and the connect.
  async function* read(sql: string, query: string): AsyncIterable<RowBatch> {
    const addresses = await checkHost(net, "oa", at.host).catch((e: unknown) => Promise.reject(dbError(e, place)));
    const address = addresses.find((a) => isIP(a) === 4) ?? addresses[0];
    const endpoint = { ...at, host: address ?? at.host, password: secrets.password };
    const reader: RowReader = at.dialect === "mysql" ? mysqlReader(endpoint, settings, place) : postgresReader(endpoint, settings, place);
    yield* reader(sql, query);
  }

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
