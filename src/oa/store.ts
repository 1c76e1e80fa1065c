import { and, asc, count, desc, eq, isNotNull, like, or, sql, type SQL } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import { AppError } from "../kernel/errors.ts";
import { encodeSaid, saidOf } from "../kernel/said.ts";
import type { OaDept, OaUser } from "./contract.ts";
import { csvImports, oaConnections, oaDepartments, oaPortals, oaRefreshes, oaUsers } from "./schema.ts";

export type ConnectionRow = typeof oaConnections.$inferSelect;
export type PortalRow = typeof oaPortals.$inferSelect;
export type RefreshRow = typeof oaRefreshes.$inferSelect;
export type CsvImportRow = typeof csvImports.$inferSelect;
type UserRow = typeof oaUsers.$inferSelect;

// SQLite allows 32766 bound values per statement; stay well below it.
const ROWS_PER_INSERT = 500;

export const findConnection = async (db: Conn, tenantId: string) =>
  (await db.select().from(oaConnections).where(eq(oaConnections.tenantId, tenantId)))[0];
export const upsertConnection = (db: Conn, row: ConnectionRow) =>
  db.insert(oaConnections).values(row).onConflictDoUpdate({ target: oaConnections.tenantId, set: row });
export const deleteConnection = (db: Conn, tenantId: string) => db.delete(oaConnections).where(eq(oaConnections.tenantId, tenantId));
export const listScheduledConnections = (db: Conn) =>
  db.select({ tenantId: oaConnections.tenantId, refreshCron: oaConnections.refreshCron }).from(oaConnections).where(sql`${oaConnections.refreshCron} IS NOT NULL`);

export const toUserRow = (tenantId: string, u: OaUser): UserRow => ({
  tenantId,
  id: u.id,
  account: u.account,
  name: u.name,
  mobile: u.mobile ?? null,
  email: u.email ?? null,
  employeeNo: u.employeeNo ?? null,
  position: u.position ?? null,
  mainDeptId: u.mainDeptId ?? null,
  partTimeDeptIds: JSON.stringify(u.partTimeDeptIds),
  active: u.active,
});

export const fromUserRow = (r: UserRow): OaUser => ({
  id: r.id,
  account: r.account,
  name: r.name,
  mobile: r.mobile ?? undefined,
  email: r.email ?? undefined,
  employeeNo: r.employeeNo ?? undefined,
  position: r.position ?? undefined,
  mainDeptId: r.mainDeptId ?? undefined,
  partTimeDeptIds: JSON.parse(r.partTimeDeptIds) as string[],
  active: r.active,
});

/** Replaces the tenant's whole directory; call inside a transaction so a failure keeps the old one. */
export async function replaceDirectory(tx: Conn, tenantId: string, depts: OaDept[], users: OaUser[]): Promise<void> {
  await tx.delete(oaDepartments).where(eq(oaDepartments.tenantId, tenantId));
  await tx.delete(oaUsers).where(eq(oaUsers.tenantId, tenantId));
  await upsertDepartments(tx, tenantId, depts);
  await upsertUsers(tx, tenantId, users);
}

/** Inserts or updates departments by (tenant, id), in multi-row statements. */
export async function upsertDepartments(tx: Conn, tenantId: string, depts: OaDept[]): Promise<void> {
  for (let i = 0; i < depts.length; i += ROWS_PER_INSERT) {
    const rows = depts.slice(i, i + ROWS_PER_INSERT).map((d) => ({ tenantId, id: d.id, parentId: d.parentId, name: d.name, order: d.order, kind: d.kind ?? null }));
    await tx
      .insert(oaDepartments)
      .values(rows)
      .onConflictDoUpdate({
        target: [oaDepartments.tenantId, oaDepartments.id],
        set: { parentId: sql`excluded.parent_id`, name: sql`excluded.name`, order: sql`excluded."order"`, kind: sql`excluded.kind` },
      });
  }
}

/** Inserts or updates people by (tenant, id), in multi-row statements. */
export async function upsertUsers(tx: Conn, tenantId: string, users: OaUser[]): Promise<void> {
  for (let i = 0; i < users.length; i += ROWS_PER_INSERT) {
    const rows = users.slice(i, i + ROWS_PER_INSERT).map((u) => toUserRow(tenantId, u));
    await tx
      .insert(oaUsers)
      .values(rows)
      .onConflictDoUpdate({
        target: [oaUsers.tenantId, oaUsers.id],
        set: {
          account: sql`excluded.account`,
          name: sql`excluded.name`,
          mobile: sql`excluded.mobile`,
          email: sql`excluded.email`,
          employeeNo: sql`excluded.employee_no`,
          position: sql`excluded.position`,
          mainDeptId: sql`excluded.main_dept_id`,
          partTimeDeptIds: sql`excluded.part_time_dept_ids`,
          active: sql`excluded.active`,
        },
      });
  }
}

export async function directoryCounts(db: Conn, tenantId: string) {
  const [d] = await db.select({ n: count() }).from(oaDepartments).where(eq(oaDepartments.tenantId, tenantId));
  const [u] = await db.select({ n: count() }).from(oaUsers).where(eq(oaUsers.tenantId, tenantId));
  return { departments: d?.n ?? 0, users: u?.n ?? 0 };
}

export const listDepartmentRows = (db: Conn, tenantId: string) =>
  db.select().from(oaDepartments).where(eq(oaDepartments.tenantId, tenantId)).orderBy(asc(oaDepartments.parentId), asc(oaDepartments.order), asc(oaDepartments.id));

export type UserQuery = { q?: string; deptId?: string; offset: number; limit: number };

export async function listUserRows(db: Conn, tenantId: string, query: UserQuery) {
  const where: SQL[] = [eq(oaUsers.tenantId, tenantId)];
  if (query.deptId) where.push(eq(oaUsers.mainDeptId, query.deptId));
  if (query.q) {
    const p = `%${query.q}%`;
    where.push(or(like(oaUsers.name, p), like(oaUsers.account, p), like(oaUsers.mobile, p), like(oaUsers.email, p), eq(oaUsers.id, query.q))!);
  }
  const rows = await db.select().from(oaUsers).where(and(...where)).orderBy(asc(oaUsers.id)).limit(query.limit).offset(query.offset);
  const [total] = await db.select({ n: count() }).from(oaUsers).where(and(...where));
  return { rows: rows.map(fromUserRow), total: total?.n ?? 0 };
}

export const findUserRowByAccount = async (db: Conn, tenantId: string, account: string) => {
  const row = (await db.select().from(oaUsers).where(and(eq(oaUsers.tenantId, tenantId), eq(oaUsers.account, account))))[0];
  return row ? fromUserRow(row) : undefined;
};

export const insertRefresh = (db: Conn, row: RefreshRow) => db.insert(oaRefreshes).values(row);
export const finishRefresh = (db: Conn, id: string, set: Partial<RefreshRow>) => db.update(oaRefreshes).set(set).where(eq(oaRefreshes.id, id));
export const listRefreshRows = (db: Conn, tenantId: string, limit: number) =>
  db.select().from(oaRefreshes).where(eq(oaRefreshes.tenantId, tenantId)).orderBy(desc(oaRefreshes.startedAt)).limit(limit);
/** The newest good refresh that left a mark: where the next changes-only refresh starts. */
export const lastMarkedRefresh = async (db: Conn, tenantId: string) =>
  (await db.select().from(oaRefreshes).where(and(eq(oaRefreshes.tenantId, tenantId), eq(oaRefreshes.status, "ok"), isNotNull(oaRefreshes.mark))).orderBy(desc(oaRefreshes.startedAt), desc(oaRefreshes.id)).limit(1))[0];
export const lastFullRefresh = async (db: Conn, tenantId: string) =>
  (await db.select().from(oaRefreshes).where(and(eq(oaRefreshes.tenantId, tenantId), eq(oaRefreshes.status, "ok"), eq(oaRefreshes.kind, "full"))).orderBy(desc(oaRefreshes.startedAt), desc(oaRefreshes.id)).limit(1))[0];
/** At start: refreshes an earlier process left running ended with it (stored as every refresh failure: its code, said). */
export function closeRunningRefreshes(db: Conn, now: number) {
  const e = new AppError("REFRESH_INTERRUPTED");
  return db.update(oaRefreshes).set({ status: "failed", finishedAt: now, errorCode: e.code, error: encodeSaid(saidOf(e)) }).where(eq(oaRefreshes.status, "running"));
}
export const lastRefreshWith = async (db: Conn, tenantId: string, status: RefreshRow["status"]) =>
  (await db.select().from(oaRefreshes).where(and(eq(oaRefreshes.tenantId, tenantId), eq(oaRefreshes.status, status))).orderBy(desc(oaRefreshes.startedAt)).limit(1))[0];

export const insertCsvImport = (db: Conn, row: CsvImportRow) => db.insert(csvImports).values(row);
export const findCsvImport = async (db: Conn, tenantId: string, id: string) =>
  (await db.select().from(csvImports).where(and(eq(csvImports.tenantId, tenantId), eq(csvImports.id, id))))[0];
export const listCsvImportRows = (db: Conn, tenantId: string, limit: number) =>
  db
    .select({
      id: csvImports.id,
      kind: csvImports.kind,
      fileName: csvImports.fileName,
      encoding: csvImports.encoding,
      createdAt: csvImports.createdAt,
      createdBy: csvImports.createdBy,
      totalRows: csvImports.totalRows,
      okRows: csvImports.okRows,
      failedRows: csvImports.failedRows,
      createdDepts: csvImports.createdDepts,
    })
    .from(csvImports)
    .where(eq(csvImports.tenantId, tenantId))
    .orderBy(desc(csvImports.createdAt))
    .limit(limit);

// OA portal
export const findPortal = async (db: Conn, tenantId: string) => (await db.select().from(oaPortals).where(eq(oaPortals.tenantId, tenantId)))[0];
export const upsertPortal = (db: Conn, row: PortalRow) => db.insert(oaPortals).values(row).onConflictDoUpdate({ target: oaPortals.tenantId, set: row });
