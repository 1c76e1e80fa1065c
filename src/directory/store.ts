import { and, asc, count, eq, inArray, isNull, like, or, sql, type SQL } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import { oaUsers } from "../oa/index.ts";
import { corps } from "../accounts/index.ts";
import type { Comparison, MatchCandidate, RuleField } from "./match.ts";
import { bindingLockouts, bindings, welinkDepts, welinkUsers } from "./schema.ts";

export type BindingRow = typeof bindings.$inferSelect;
export type LockoutRow = typeof bindingLockouts.$inferSelect;

/** A binding with the bound OA person's account and name (null when the OA directory no longer has them). */
export type BindingWithPerson = BindingRow & { oaAccount: string | null; oaName: string | null };

const withPerson = {
  tenantId: bindings.tenantId,
  corpId: bindings.corpId,
  welinkUserId: bindings.welinkUserId,
  oaUserId: bindings.oaUserId,
  method: bindings.method,
  createdAt: bindings.createdAt,
  createdBy: bindings.createdBy,
  oaAccount: oaUsers.account,
  oaName: oaUsers.name,
};

export async function findBindingRow(db: Conn, corpId: string, welinkUserId: string): Promise<BindingWithPerson | undefined> {
  const rows = await db
    .select(withPerson)
    .from(bindings)
    .leftJoin(oaUsers, and(eq(oaUsers.tenantId, bindings.tenantId), eq(oaUsers.id, bindings.oaUserId)))
    .where(and(eq(bindings.corpId, corpId), eq(bindings.welinkUserId, welinkUserId)));
  return rows[0];
}

export const findBindingOfOaUser = async (db: Conn, corpId: string, oaUserId: string) =>
  (await db.select().from(bindings).where(and(eq(bindings.corpId, corpId), eq(bindings.oaUserId, oaUserId))))[0];

export const insertBinding = (db: Conn, row: BindingRow) => db.insert(bindings).values(row);

/** Which of these OA people are already bound to someone in the corp. */
export async function boundAmong(db: Conn, corpId: string, oaUserIds: string[]): Promise<Set<string>> {
  if (oaUserIds.length === 0) return new Set();
  const rows = await db
    .select({ id: bindings.oaUserId })
    .from(bindings)
    .where(and(eq(bindings.corpId, corpId), inArray(bindings.oaUserId, oaUserIds)));
  return new Set(rows.map((r) => r.id));
}

/**
 * Mobiles are stored as people typed them, so SQL only narrows: the digits in order with anything
 * between them. The exact comparison (normalised) is match.ts's job.
 */
function narrowing({ field, how, value }: RuleKey): SQL {
  const column = { mobile: oaUsers.mobile, email: oaUsers.email, account: oaUsers.account, employeeNo: oaUsers.employeeNo }[field];
  if (how === "mobile") return like(column, `%${value.split("").join("%")}%`);
  if (how === "caseless") return sql`lower(trim(${column})) = ${value}`;
  return sql`trim(${column}) = ${value}`;
}

/** One value the rule looks for: in which OA field, compared how (match.ts `comparisonOf`). */
export type RuleKey = { field: RuleField; how: Comparison; value: string };

/**
 * OA people who may hold one of these (normalised) values. This reads the OA directory snapshot's
 * table directly: the directory room owns matching against it (DESIGN "directory/").
 */
export async function ruleCandidates(db: Conn, tenantId: string, keys: RuleKey[]): Promise<MatchCandidate[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .select({ id: oaUsers.id, account: oaUsers.account, mobile: oaUsers.mobile, email: oaUsers.email, employeeNo: oaUsers.employeeNo, active: oaUsers.active })
    .from(oaUsers)
    .where(and(eq(oaUsers.tenantId, tenantId), or(...keys.map(narrowing))))
    .limit(1000);
  return rows;
}

export const findLockout = async (db: Conn, corpId: string, welinkUserId: string) =>
  (await db.select().from(bindingLockouts).where(and(eq(bindingLockouts.corpId, corpId), eq(bindingLockouts.welinkUserId, welinkUserId))))[0];

/** Counts one more failure atomically and returns the new count. */
export async function addFailure(tx: Conn, key: { tenantId: string; corpId: string; welinkUserId: string }): Promise<number> {
  const [row] = await tx
    .insert(bindingLockouts)
    .values({ ...key, failures: 1, lockedUntil: null })
    .onConflictDoUpdate({ target: [bindingLockouts.corpId, bindingLockouts.welinkUserId], set: { failures: sql`${bindingLockouts.failures} + 1` } })
    .returning({ failures: bindingLockouts.failures });
  return row?.failures ?? 1;
}

/** Locks until `until` and starts the count afresh for after the lock. */
export const lockUntil = (tx: Conn, corpId: string, welinkUserId: string, until: number) =>
  tx
    .update(bindingLockouts)
    .set({ lockedUntil: until, failures: 0 })
    .where(and(eq(bindingLockouts.corpId, corpId), eq(bindingLockouts.welinkUserId, welinkUserId)));

export const clearLockout = (db: Conn, corpId: string, welinkUserId: string) =>
  db.delete(bindingLockouts).where(and(eq(bindingLockouts.corpId, corpId), eq(bindingLockouts.welinkUserId, welinkUserId)));

// Admin listing and removal.

export type BindingListQuery = { q?: string; limit: number; offset: number };

/** A corp's bindings with both people's names; `q` searches WeLink id, OA id, account and names. */
export async function listBindingRows(db: Conn, corpId: string, query: BindingListQuery) {
  const q = query.q?.trim();
  const search = q
    ? or(like(bindings.welinkUserId, `%${q}%`), like(bindings.oaUserId, `%${q}%`), like(oaUsers.account, `%${q}%`), like(oaUsers.name, `%${q}%`), like(welinkUsers.nameCn, `%${q}%`))
    : undefined;
  const where = and(eq(bindings.corpId, corpId), search);
  const base = db
    .select({ ...withPerson, welinkName: welinkUsers.nameCn })
    .from(bindings)
    .leftJoin(oaUsers, and(eq(oaUsers.tenantId, bindings.tenantId), eq(oaUsers.id, bindings.oaUserId)))
    .leftJoin(welinkUsers, and(eq(welinkUsers.corpId, bindings.corpId), eq(welinkUsers.userId, bindings.welinkUserId)));
  const items = await base.where(where).orderBy(asc(bindings.welinkUserId)).limit(query.limit).offset(query.offset);
  const [total] = await db
    .select({ n: count() })
    .from(bindings)
    .leftJoin(oaUsers, and(eq(oaUsers.tenantId, bindings.tenantId), eq(oaUsers.id, bindings.oaUserId)))
    .leftJoin(welinkUsers, and(eq(welinkUsers.corpId, bindings.corpId), eq(welinkUsers.userId, bindings.welinkUserId)))
    .where(where);
  return { items, total: total?.n ?? 0 };
}

export const deleteBindingRow = (db: Conn, corpId: string, welinkUserId: string) =>
  db.delete(bindings).where(and(eq(bindings.corpId, corpId), eq(bindings.welinkUserId, welinkUserId)));

export const countBindings = async (db: Conn, corpId: string) => (await db.$count(bindings, eq(bindings.corpId, corpId))) as number;

export const allBindingRows = (db: Conn, corpId: string) => db.select().from(bindings).where(eq(bindings.corpId, corpId));

export const deleteAllBindingRows = (db: Conn, corpId: string) => db.delete(bindings).where(eq(bindings.corpId, corpId));

/** Inserts many bindings in statements of a few hundred rows (SQLite caps bound variables). */
export async function insertBindingRows(db: Conn, rows: BindingRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(bindings).values(rows.slice(i, i + 500));
}

/** The OA person of this tenant, if any. */
export const findOaUser = async (db: Conn, tenantId: string, oaUserId: string) =>
  (await db.select().from(oaUsers).where(and(eq(oaUsers.tenantId, tenantId), eq(oaUsers.id, oaUserId))))[0];

/** Every OA person of the tenant with the rule's fields (one read for a whole-corp run). */
export const allOaCandidates = (db: Conn, tenantId: string): Promise<MatchCandidate[]> =>
  db
    .select({ id: oaUsers.id, account: oaUsers.account, mobile: oaUsers.mobile, email: oaUsers.email, employeeNo: oaUsers.employeeNo, active: oaUsers.active })
    .from(oaUsers)
    .where(eq(oaUsers.tenantId, tenantId));

export async function allBoundOaIds(db: Conn, corpId: string): Promise<Set<string>> {
  const rows = await db.select({ id: bindings.oaUserId }).from(bindings).where(eq(bindings.corpId, corpId));
  return new Set(rows.map((r) => r.id));
}

/** The corp's WeLink people (not removed) that nobody has bound yet. */
export const unboundWelinkUsers = (db: Conn, corpId: string) =>
  db
    .select({ userId: welinkUsers.userId, mobile: welinkUsers.mobile, email: welinkUsers.email, employeeId: welinkUsers.employeeId })
    .from(welinkUsers)
    .leftJoin(bindings, and(eq(bindings.corpId, welinkUsers.corpId), eq(bindings.welinkUserId, welinkUsers.userId)))
    .where(and(eq(welinkUsers.corpId, corpId), isNull(welinkUsers.removedAt), isNull(bindings.welinkUserId)));

/** The corp by id alone, for jobs that already know it (the pull engine, callbacks). */
export const findCorpById = async (db: Conn, corpId: string) => (await db.select().from(corps).where(eq(corps.id, corpId)))[0];

/** A corp's WeLink people (not removed) with their main department's name and their binding, for the export. */
export const welinkPeopleForExport = (db: Conn, corpId: string) =>
  db
    .select({
      userId: welinkUsers.userId,
      name: welinkUsers.nameCn,
      mobile: welinkUsers.mobile,
      email: welinkUsers.email,
      employeeId: welinkUsers.employeeId,
      dept: welinkDepts.nameCn,
      oaUserId: bindings.oaUserId,
      oaAccount: oaUsers.account,
      oaName: oaUsers.name,
    })
    .from(welinkUsers)
    .leftJoin(welinkDepts, and(eq(welinkDepts.corpId, welinkUsers.corpId), eq(welinkDepts.deptCode, welinkUsers.mainDeptCode)))
    .leftJoin(bindings, and(eq(bindings.corpId, welinkUsers.corpId), eq(bindings.welinkUserId, welinkUsers.userId)))
    .leftJoin(oaUsers, and(eq(oaUsers.tenantId, bindings.tenantId), eq(oaUsers.id, bindings.oaUserId)))
    .where(and(eq(welinkUsers.corpId, corpId), isNull(welinkUsers.removedAt)))
    .orderBy(asc(welinkUsers.userId));

export const findWelinkUser = async (db: Conn, corpId: string, userId: string) =>
  (await db.select().from(welinkUsers).where(and(eq(welinkUsers.corpId, corpId), eq(welinkUsers.userId, userId), isNull(welinkUsers.removedAt))))[0];

/** What a corp's removal would take from the directory (corps' CorpFootprint). */
export async function corpDirectoryCounts(db: Conn, corpId: string): Promise<{ bindings: number; people: number; departments: number }> {
  return {
    bindings: (await db.$count(bindings, eq(bindings.corpId, corpId))) as number,
    people: (await db.$count(welinkUsers, eq(welinkUsers.corpId, corpId))) as number,
    departments: (await db.$count(welinkDepts, eq(welinkDepts.corpId, corpId))) as number,
  };
}
