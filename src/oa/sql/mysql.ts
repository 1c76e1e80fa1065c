import mysql from "mysql2";
import type { Connection } from "mysql2";
import { dbError, type Place } from "./db-errors.ts";
import type { Endpoint, Limits, RowBatch, RowReader } from "./rows.ts";

const run = (conn: Connection, sql: string) =>
  new Promise<unknown>((resolve, reject) => conn.query(sql, (err, result) => (err ? reject(err) : resolve(result))));

/**
 * MySQL / MariaDB through mysql2: one connection per read, `START TRANSACTION READ ONLY` with the
 * server's statement time limit (MariaDB max_statement_time in seconds, MySQL max_execution_time
 * in ms), rows streamed (`query().stream()`, which pauses the socket while pages are consumed).
 */
export function mysqlReader(at: Endpoint, limits: Limits, place: Omit<Place, "query">): RowReader {
  return async function* read(sql: string, query: string): AsyncIterable<RowBatch> {
    let conn: Connection | undefined;
    let done = false;
    try {
      conn = mysql.createConnection({
        host: at.host, port: at.port, user: at.user, password: at.password, database: at.database,
        connectTimeout: limits.connectTimeoutMs, charset: "utf8mb4", multipleStatements: false,
        supportBigNumbers: true, bigNumberStrings: true, dateStrings: true,
      });
      const c = conn;
      await new Promise<void>((resolve, reject) => c.connect((err) => (err ? reject(err) : resolve())));
      const [version] = (await run(c, "SELECT VERSION() AS v")) as { v: string }[];
      const mariadb = /mariadb/i.test(version?.v ?? "");
      const limit = mariadb ? `max_statement_time = ${limits.statementTimeoutMs / 1000}` : `max_execution_time = ${limits.statementTimeoutMs}`;
      await run(c, `SET SESSION ${limit}`).catch((e: unknown) => { throw dbError(e, { ...place, query }); });
      await run(c, "START TRANSACTION READ ONLY");
    } catch (e) {
      conn?.destroy();
      throw dbError(e, place);
    }
    const c = conn;
    try {
      let columns: string[] | undefined;
      const q = c.query(sql);
      q.on("fields", (fields: { name: string }[]) => (columns = fields.map((f) => f.name)));
      let rows: Record<string, unknown>[] = [];
      try {
        for await (const row of q.stream({ highWaterMark: limits.pageSize })) {
          rows.push(row as Record<string, unknown>);
          if (rows.length >= limits.pageSize) {
            yield { columns: columns ?? [], rows };
            rows = [];
          }
        }
      } catch (e) {
        throw dbError(e, { ...place, query });
      }
      if (rows.length > 0 || columns) yield { columns: columns ?? [], rows };
      await run(c, "ROLLBACK");
      done = true;
    } finally {
      // Read to the end: close politely. Stopped early (an error, or the reader left): drop the connection.
      if (done) c.end();
      else c.destroy();
    }
  };
}
