import { AppError } from "../../kernel/errors.ts";
import type { Dialect } from "./rows.ts";

/** What a driver's error is about; the database's own words are kept (they never hold the password). */
type DbError = Error & { code?: string | number; errno?: number; sqlMessage?: string };

export type Place = { dialect: Dialect; url: string; user: string; query?: string; timeoutMs: number };

const NETWORK = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ECONNRESET", "EPIPE", "PROTOCOL_CONNECTION_LOST"]);
// MariaDB 1969 / MySQL 3024: max_statement_time / max_execution_time; PostgreSQL 57014: canceled (statement_timeout).
const TIMEOUT = new Set([1969, 3024, "57014"]);
// MySQL 1045 access denied, 1044 no access to the database; PostgreSQL 28P01 bad password, 28000 no such role/pg_hba.
const AUTH = new Set([1045, 1044, "28P01", "28000"]);
// MySQL 1792, PostgreSQL 25006: a write inside a READ ONLY transaction.
const READ_ONLY = new Set([1792, "25006"]);

const clip = (s: string) => s.replace(/\s+/g, " ").trim().slice(0, 300);

/** The catalog error for a driver's failure while connecting (no query) or running `place.query`. */
export function dbError(e: unknown, place: Place): AppError {
  if (e instanceof AppError) return e;
  const err = e as DbError;
  const message = clip(err.sqlMessage ?? err.message ?? String(e));
  const code = place.dialect === "mysql" ? (err.errno ?? err.code) : err.code;
  if (typeof err.code === "string" && NETWORK.has(err.code)) return new AppError("OA_SQL_UNREACHABLE", { url: place.url, reason: err.code });
  if (/timeout expired|connect timeout|Connection terminated due to connection timeout/i.test(message) && !place.query) {
    return new AppError("OA_SQL_UNREACHABLE", { url: place.url, reason: `no answer within ${place.timeoutMs} ms` });
  }
  if (code !== undefined && AUTH.has(code)) return new AppError("OA_SQL_AUTH_FAILED", { user: place.user, message });
  if (!place.query) return new AppError("OA_SQL_UNREACHABLE", { url: place.url, reason: message });
  if (code !== undefined && TIMEOUT.has(code)) return new AppError("OA_SQL_TIMEOUT", { query: place.query, ms: place.timeoutMs });
  if (code !== undefined && READ_ONLY.has(code)) return new AppError("OA_SQL_WRITE_REFUSED", { query: place.query, message });
  return new AppError("OA_SQL_BAD_QUERY", { query: place.query, message });
}
