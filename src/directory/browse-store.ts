import { and, asc, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import { oaUsers } from "../oa/index.ts";
import { bindingReviews, bindings, syncChanges, syncRuns, welinkDepts, welinkUsers } from "./schema.ts";

export type DeptRow = typeof welinkDepts.$inferSelect;
export type WelinkUserRow = typeof welinkUsers.$inferSelect;
export type ReviewRow = typeof bindingReviews.$inferSelect;

export const PEOPLE_FILTERS = ["all", "bound", "unbound", "review", "removed"] as const;
export type PeopleFilter = (typeof PEOPLE_FILTERS)[number];
export type PeopleQuery = { q?: string | undefined; filter: PeopleFilter; deptCode?: string | undefined; offset: number; limit: number };

/**
 * One level of the tree, each with how many departments and people sit directly under it. The outer
 * columns are spelled out: drizzle writes them unqualified, which the subquery would read as its own.
 */
export async function deptChildRows(db: Conn, corpId: string, parentCode: string) {
  const kids = sql<number>`(SELECT count(*) FROM welink_depts k WHERE k.corp_id = "welink_depts"."corp_id" AND k.parent_code = "welink_depts"."dept_code" AND k.dept_code <> k.parent_code)`;
  const people = sql<number>`(SELECT count(*) FROM welink_users u WHERE u.corp_id = "welink_depts"."corp_id" AND u.main_dept_code = "welink_depts"."dept_code")`;
  return db
    .select({ dept: welinkDepts, childCount: kids, userCount: people })
    .from(welinkDepts)
    .where(and(eq(welinkDepts.corpId, corpId), eq(welinkDepts.parentCode, parentCode), sql`${welinkDepts.deptCode} <> ${welinkDepts.parentCode}`))
    .orderBy(asc(welinkDepts.orderNo), asc(welinkDepts.nameCn));
}

export const findDeptRow = async (db: Conn, corpId: string, deptCode: string) =>
  (await db.select().from(welinkDepts).where(and(eq(welinkDepts.corpId, corpId), eq(welinkDepts.deptCode, deptCode))))[0];

const openReview = sql`EXISTS (SELECT 1 FROM binding_reviews r WHERE r.corp_id = "welink_users"."corp_id" AND r.welink_user_id = "welink_users"."user_id" AND r.resolved_at IS NULL)`;

function filterWhere(filter: PeopleFilter): SQL | undefined {
  if (filter === "bound") return isNotNull(bindings.oaUserId);
  if (filter === "unbound") return and(isNull(bindings.oaUserId), isNull(welinkUsers.removedAt));
  if (filter === "review") return openReview;
  if (filter === "removed") return isNotNull(welinkUsers.removedAt);
  return undefined;
}

function peopleWhere(corpId: string, q: PeopleQuery): SQL | undefined {
  const where: (SQL | undefined)[] = [eq(welinkUsers.corpId, corpId), filterWhere(q.filter)];
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const cols = [welinkUsers.nameCn, welinkUsers.nameEn, welinkUsers.userId, welinkUsers.mobile, welinkUsers.email, welinkUsers.employeeId];
    where.push(or(...cols.map((col) => sql`${col} LIKE ${like} ESCAPE '\\'`)));
  }
  if (q.deptCode) {
    // dept_codes is a JSON array: a person in the department as a part-time member counts too.
    where.push(or(eq(welinkUsers.mainDeptCode, q.deptCode), sql`EXISTS (SELECT 1 FROM json_each("welink_users"."dept_codes") j WHERE j.value = ${q.deptCode})`));
  }
  return and(...where);
}

const personCols = {
  user: welinkUsers,
  oaUserId: bindings.oaUserId,
  bindingMethod: bindings.method,
  oaAccount: oaUsers.account,
  oaName: oaUsers.name,
  inReview: sql<number>`${openReview}`,
};

const joined = (db: Conn) =>
  db
    .select(personCols)
    .from(welinkUsers)
    .leftJoin(bindings, and(eq(bindings.corpId, welinkUsers.corpId), eq(bindings.welinkUserId, welinkUsers.userId)))
    .leftJoin(oaUsers, and(eq(oaUsers.tenantId, bindings.tenantId), eq(oaUsers.id, bindings.oaUserId)));

export type PersonRow = Awaited<ReturnType<ReturnType<typeof joined>["where"]>>[number];

export async function peopleRows(db: Conn, corpId: string, q: PeopleQuery): Promise<{ rows: PersonRow[]; total: number }> {
  const where = peopleWhere(corpId, q);
  const rows = await joined(db).where(where).orderBy(asc(welinkUsers.nameCn), asc(welinkUsers.userId)).limit(q.limit).offset(q.offset);
  const [count] = await db
    .select({ n: sql<number>`count(*)` })
    .from(welinkUsers)
    .leftJoin(bindings, and(eq(bindings.corpId, welinkUsers.corpId), eq(bindings.welinkUserId, welinkUsers.userId)))
    .where(where);
  return { rows, total: Number(count?.n ?? 0) };
}

export const personRow = async (db: Conn, corpId: string, userId: string) =>
  (await joined(db).where(and(eq(welinkUsers.corpId, corpId), eq(welinkUsers.userId, userId))))[0];

export const openReviewRow = async (db: Conn, corpId: string, userId: string) =>
  (
    await db
      .select()
      .from(bindingReviews)
      .where(and(eq(bindingReviews.corpId, corpId), eq(bindingReviews.welinkUserId, userId), isNull(bindingReviews.resolvedAt)))
      .orderBy(desc(bindingReviews.createdAt))
      .limit(1)
  )[0];

export async function oaPeopleByIds(db: Conn, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db.select().from(oaUsers).where(and(eq(oaUsers.tenantId, tenantId), inArray(oaUsers.id, ids)));
}

/** The person's changes across the corp's runs, newest run first. */
export function personChangeRows(db: Conn, corpId: string, userId: string, limit: number) {
  return db
    .select({ change: syncChanges, runKind: syncRuns.kind, runTrigger: syncRuns.trigger, runStartedAt: syncRuns.startedAt })
    .from(syncChanges)
    .innerJoin(syncRuns, eq(syncRuns.id, syncChanges.runId))
    .where(and(eq(syncRuns.corpId, corpId), eq(syncChanges.object, "user"), eq(syncChanges.objectId, userId)))
    .orderBy(desc(syncRuns.startedAt), desc(syncChanges.id))
    .limit(limit);
}
