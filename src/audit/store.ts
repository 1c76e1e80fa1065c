import { and, desc, eq, gte, isNull, like, lt, lte, type SQL } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import { auditLog } from "./schema.ts";

export type AuditRow = typeof auditLog.$inferSelect;

export const insertAudit = (db: Conn, row: AuditRow) => db.insert(auditLog).values(row);

export type AuditFilter = {
  /** undefined: every tenant (global view); null: global entries only. */
  tenantId?: string | null;
  action?: string;
  actor?: string;
  target?: string;
  from?: number;
  to?: number;
  /** Return entries older than this id (UUIDv7 ids sort by time). */
  before?: string;
  limit: number;
};

export function listAuditRows(db: Conn, f: AuditFilter) {
  const where: SQL[] = [];
  if (f.tenantId === null) where.push(isNull(auditLog.tenantId));
  else if (f.tenantId !== undefined) where.push(eq(auditLog.tenantId, f.tenantId));
  if (f.action) where.push(like(auditLog.action, `${f.action}%`));
  if (f.actor) where.push(eq(auditLog.actor, f.actor));
  if (f.target) where.push(like(auditLog.target, `%${f.target}%`));
  if (f.from !== undefined) where.push(gte(auditLog.at, f.from));
  if (f.to !== undefined) where.push(lte(auditLog.at, f.to));
  if (f.before) where.push(lt(auditLog.id, f.before));
  return db
    .select()
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.id))
    .limit(f.limit);
}
