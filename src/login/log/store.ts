import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Conn } from "../../kernel/db/client.ts";
import { loginLog } from "../schema.ts";

export type LoginLogRow = typeof loginLog.$inferSelect;

export const insertLoginLog = (db: Conn, row: LoginLogRow) => db.insert(loginLog).values(row);

export type LoginLogFilter = {
  /** undefined: every tenant (the global view). */
  tenantId?: string;
  /** Name, OA account, mobile or WeLink user id contains this. */
  q?: string;
  /** The user agent contains this. */
  device?: string;
  from?: number;
  to?: number;
  result?: LoginLogRow["result"];
  reason?: string;
  channel?: LoginLogRow["channel"];
  /** Entries older than this id (UUIDv7 ids sort by time). */
  before?: string;
  limit: number;
};

/** `%` and `_` typed into a search box are meant literally. */
const contains = (column: SQLiteColumn, text: string): SQL => sql`${column} LIKE ${`%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`} ESCAPE '\\'`;

export function listLoginLogRows(db: Conn, f: LoginLogFilter) {
  const where: SQL[] = [];
  if (f.tenantId !== undefined) where.push(eq(loginLog.tenantId, f.tenantId));
  if (f.q) {
    const q = f.q;
    where.push(or(...[loginLog.userName, loginLog.oaAccount, loginLog.mobile, loginLog.welinkUserId].map((col) => contains(col, q)))!);
  }
  if (f.device) where.push(contains(loginLog.userAgent, f.device));
  if (f.from !== undefined) where.push(gte(loginLog.at, f.from));
  if (f.to !== undefined) where.push(lte(loginLog.at, f.to));
  if (f.result) where.push(eq(loginLog.result, f.result));
  if (f.reason) where.push(eq(loginLog.reason, f.reason));
  if (f.channel) where.push(eq(loginLog.channel, f.channel));
  if (f.before) where.push(lt(loginLog.id, f.before));
  return db
    .select()
    .from(loginLog)
    .where(and(...where))
    .orderBy(desc(loginLog.id))
    .limit(f.limit);
}

/** The corp's login log entries: they stay when the corp goes (corps' CorpFootprint). */
export const countCorpLoginLog = async (db: Conn, tenantId: string, corpId: string) =>
  (await db.$count(loginLog, and(eq(loginLog.tenantId, tenantId), eq(loginLog.corpId, corpId)))) as number;
