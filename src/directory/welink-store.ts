import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import type { DeptRecord, UserRecord } from "./records.ts";
import { welinkDepts, welinkUsers } from "./schema.ts";

/**
 * The WeLink directory mirror (welink_depts, welink_users). Writes are multi-row statements in
 * chunks (TOOLCHAIN pitfall 10: never a query per object over a whole directory); reads load a
 * corp's whole mirror in one query per table so a pull diffs in memory.
 */

export type DeptRow = typeof welinkDepts.$inferSelect;
export type UserRow = typeof welinkUsers.$inferSelect;

/** Rows per statement: users have 16 columns, well under SQLite's 32,766 parameters. */
const CHUNK = 1000;

function* chunks<T>(items: T[], size = CHUNK): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

export async function loadDeptRecords(db: Conn, corpId: string): Promise<Map<string, DeptRecord>> {
  const rows = await db
    .select({
      deptCode: welinkDepts.deptCode, corpDeptCode: welinkDepts.corpDeptCode, parentCode: welinkDepts.parentCode,
      nameCn: welinkDepts.nameCn, nameEn: welinkDepts.nameEn, orderNo: welinkDepts.orderNo, removedAt: welinkDepts.removedAt,
    })
    .from(welinkDepts)
    .where(eq(welinkDepts.corpId, corpId));
  return new Map(rows.map((r) => [r.deptCode, r]));
}

export async function loadUserRecords(db: Conn, corpId: string): Promise<Map<string, UserRecord>> {
  const rows = await db
    .select({
      userId: welinkUsers.userId, corpUserId: welinkUsers.corpUserId, nameCn: welinkUsers.nameCn, nameEn: welinkUsers.nameEn,
      mobile: welinkUsers.mobile, email: welinkUsers.email, employeeId: welinkUsers.employeeId, position: welinkUsers.position,
      mainDeptCode: welinkUsers.mainDeptCode, deptCodes: welinkUsers.deptCodes, status: welinkUsers.status, removedAt: welinkUsers.removedAt,
    })
    .from(welinkUsers)
    .where(eq(welinkUsers.corpId, corpId));
  return new Map(rows.map((r) => [r.userId, r]));
}

const excluded = (col: string) => sql.raw(`excluded.${col}`);

/** Inserts or replaces these departments (all fields; removedAt as given). */
export async function upsertDepts(db: Conn, key: { tenantId: string; corpId: string }, records: DeptRecord[], now: number): Promise<void> {
  for (const part of chunks(records)) {
    await db
      .insert(welinkDepts)
      .values(part.map((r) => ({ ...key, ...r, updatedAt: now })))
      .onConflictDoUpdate({
        target: [welinkDepts.corpId, welinkDepts.deptCode],
        set: Object.fromEntries(
          ["corp_dept_code", "parent_code", "name_cn", "name_en", "order_no", "removed_at", "updated_at"].map((c) => [camel(c), excluded(c)]),
        ),
      });
  }
}

export async function upsertUsers(db: Conn, key: { tenantId: string; corpId: string }, records: UserRecord[], now: number): Promise<void> {
  const cols = ["corp_user_id", "name_cn", "name_en", "mobile", "email", "employee_id", "position", "main_dept_code", "dept_codes", "status", "removed_at", "updated_at"];
  for (const part of chunks(records)) {
    await db
      .insert(welinkUsers)
      .values(part.map((r) => ({ ...key, ...r, updatedAt: now })))
      .onConflictDoUpdate({ target: [welinkUsers.corpId, welinkUsers.userId], set: Object.fromEntries(cols.map((c) => [camel(c), excluded(c)])) });
  }
}

const camel = (snake: string) => snake.replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase());

/** Removes (deletes) or marks removed; bindings of removed people stay until an admin unbinds them. */
export async function removeDepts(db: Conn, corpId: string, codes: string[], o: { delete: boolean; now: number }): Promise<void> {
  for (const part of chunks(codes)) {
    const where = and(eq(welinkDepts.corpId, corpId), inArray(welinkDepts.deptCode, part));
    if (o.delete) await db.delete(welinkDepts).where(where);
    else await db.update(welinkDepts).set({ removedAt: o.now, updatedAt: o.now }).where(where);
  }
}

export async function removeUsers(db: Conn, corpId: string, ids: string[], o: { delete: boolean; now: number }): Promise<void> {
  for (const part of chunks(ids)) {
    const where = and(eq(welinkUsers.corpId, corpId), inArray(welinkUsers.userId, part));
    if (o.delete) await db.delete(welinkUsers).where(where);
    else await db.update(welinkUsers).set({ removedAt: o.now, updatedAt: o.now }).where(where);
  }
}

/** Deletes a corp's whole mirror (for an integration removed without its directory). */
export async function clearDirectory(db: Conn, corpId: string): Promise<void> {
  await db.delete(welinkUsers).where(eq(welinkUsers.corpId, corpId));
  await db.delete(welinkDepts).where(eq(welinkDepts.corpId, corpId));
}

export const countUsers = async (db: Conn, corpId: string) => (await db.$count(welinkUsers, eq(welinkUsers.corpId, corpId))) as number;
export const countDepts = async (db: Conn, corpId: string) => (await db.$count(welinkDepts, eq(welinkDepts.corpId, corpId))) as number;

/** What a sign-in told us about a WeLink person: less than a pull, but enough to know who bound. */
export type WelinkProfile = { userId: string; corpUserId?: string; nameCn?: string; nameEn?: string; mobile?: string; email?: string; employeeId?: string };

const PROFILE_COLS = ["corp_user_id", "name_en", "mobile", "email", "employee_id"] as const;

/**
 * Records a person who binds through the app, so a binding never points at someone the mirror
 * does not know. A row already there keeps every value it has (a pull is richer than a sign-in):
 * only its empty fields are filled. removedAt is left to the pull, which owns WeLink's verdict.
 */
export async function rememberUser(db: Conn, key: { tenantId: string; corpId: string }, p: WelinkProfile, now: number): Promise<void> {
  const row = {
    ...key, userId: p.userId, corpUserId: p.corpUserId ?? null, nameCn: p.nameCn ?? "", nameEn: p.nameEn ?? null,
    mobile: p.mobile ?? null, email: p.email ?? null, employeeId: p.employeeId ?? null, updatedAt: now,
  };
  const keep = (col: string) => sql.raw(`coalesce(nullif(welink_users.${col}, ''), excluded.${col})`);
  await db
    .insert(welinkUsers)
    .values(row)
    .onConflictDoUpdate({
      target: [welinkUsers.corpId, welinkUsers.userId],
      set: { nameCn: keep("name_cn"), ...Object.fromEntries(PROFILE_COLS.map((c) => [camel(c), keep(c)])) },
      // Scoped: a corp id never crosses tenants, but the row must also be this tenant's to be touched.
      setWhere: eq(welinkUsers.tenantId, key.tenantId),
    });
}

/** One department of the mirror as a record, or undefined. */
export async function findDeptRecord(db: Conn, corpId: string, deptCode: string): Promise<DeptRecord | undefined> {
  return (await db
    .select({
      deptCode: welinkDepts.deptCode, corpDeptCode: welinkDepts.corpDeptCode, parentCode: welinkDepts.parentCode,
      nameCn: welinkDepts.nameCn, nameEn: welinkDepts.nameEn, orderNo: welinkDepts.orderNo, removedAt: welinkDepts.removedAt,
    })
    .from(welinkDepts)
    .where(and(eq(welinkDepts.corpId, corpId), eq(welinkDepts.deptCode, deptCode))))[0];
}

/** One person of the mirror as a record, or undefined. */
export async function findUserRecord(db: Conn, corpId: string, userId: string): Promise<UserRecord | undefined> {
  return (await db
    .select({
      userId: welinkUsers.userId, corpUserId: welinkUsers.corpUserId, nameCn: welinkUsers.nameCn, nameEn: welinkUsers.nameEn,
      mobile: welinkUsers.mobile, email: welinkUsers.email, employeeId: welinkUsers.employeeId, position: welinkUsers.position,
      mainDeptCode: welinkUsers.mainDeptCode, deptCodes: welinkUsers.deptCodes, status: welinkUsers.status, removedAt: welinkUsers.removedAt,
    })
    .from(welinkUsers)
    .where(and(eq(welinkUsers.corpId, corpId), eq(welinkUsers.userId, userId))))[0];
}

/** Closed accounts (status 4) no longer hold a department in WeLink (the sandbox's reading, welink-openapi.md §4.A). */
const CLOSED = 4;

/**
 * Who still sits in a department, as the mirror knows it: open accounts in it (main or part-time)
 * and sub-departments, removed ones left out. WeLink refuses to delete a department that has either.
 */
export async function deptOccupancy(db: Conn, corpId: string, deptCode: string): Promise<{ people: number; depts: number }> {
  const inDept = sql`(${welinkUsers.mainDeptCode} = ${deptCode} OR EXISTS (SELECT 1 FROM json_each("welink_users"."dept_codes") j WHERE j.value = ${deptCode}))`;
  const people = await db.$count(welinkUsers, and(eq(welinkUsers.corpId, corpId), isNull(welinkUsers.removedAt), ne(welinkUsers.status, CLOSED), inDept));
  const depts = await db.$count(welinkDepts, and(eq(welinkDepts.corpId, corpId), eq(welinkDepts.parentCode, deptCode), ne(welinkDepts.deptCode, deptCode), isNull(welinkDepts.removedAt)));
  return { people: Number(people), depts: Number(depts) };
}
