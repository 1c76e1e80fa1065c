import pg from "pg";
import Cursor from "pg-cursor";
import { dbError, type Place } from "./db-errors.ts";
import type { Endpoint, Limits, RowBatch, RowReader } from "./rows.ts";

// int8, numeric and dates/times as the server's text (they would otherwise round or move zones); the rest as pg reads them.
const TEXT_TYPES = new Set([20, 1700, 1082, 1083, 1114, 1184, 1266]);
const asText = {
  getTypeParser: (oid: number, format?: "text" | "binary") => (TEXT_TYPES.has(oid) ? (v: string) => v : pg.types.getTypeParser(oid, format ?? "text")),
} as pg.CustomTypesConfig;

/**
 * PostgreSQL through pg: one client per read, `BEGIN READ ONLY` with `SET LOCAL statement_timeout`,
 * rows fetched through a cursor (pg-cursor) one page at a time, never the whole result.
 */
export function postgresReader(at: Endpoint, limits: Limits, place: Omit<Place, "query">): RowReader {
  return async function* read(sql: string, query: string): AsyncIterable<RowBatch> {
    const client = new pg.Client({
      host: at.host, port: at.port, user: at.user, password: at.password ?? "", database: at.database,
      connectionTimeoutMillis: limits.connectTimeoutMs, application_name: "welink-bridge", types: asText,
    });
    // A dropped connection is reported by the failing query; without a listener it would crash the process.
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("BEGIN READ ONLY");
      await client.query(`SET LOCAL statement_timeout = ${Math.floor(limits.statementTimeoutMs)}`);
    } catch (e) {
      await client.end().catch(() => {});
      throw dbError(e, place);
    }
    try {
      const cursor = client.query(new Cursor(sql, [], { types: asText }));
      const next = () =>
        new Promise<RowBatch>((resolve, reject) =>
          cursor.read(limits.pageSize, (err, rows, result) =>
            err ? reject(err) : resolve({ columns: (result?.fields ?? []).map((f) => f.name), rows: rows as Record<string, unknown>[] }),
          ),
        );
      for (let first = true; ; first = false) {
        let batch: RowBatch;
        try {
          batch = await next();
        } catch (e) {
          throw dbError(e, { ...place, query });
        }
        if (batch.rows.length === 0) {
          if (first) yield batch;
          break;
        }
        yield batch;
        if (batch.rows.length < limits.pageSize) break;
      }
      await new Promise<void>((resolve) => cursor.close(() => resolve()));
      await client.query("ROLLBACK");
    } finally {
      await client.end().catch(() => {});
    }
  };
}
