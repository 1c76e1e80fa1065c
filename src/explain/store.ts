import { and, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { bindings, welinkUsers } from "../directory/index.ts";
import type { Conn } from "../kernel/db/client.ts";
import { oaUsers } from "../oa/index.ts";

export type WelinkPersonRow = typeof welinkUsers.$inferSelect;
export type OaPersonRow = typeof oaUsers.$inferSelect;

/** At most this many people per search: explain answers for one person, the list only helps pick them. */
export const MAX_PEOPLE = 20;

const likeText = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
/** Digits of a mobile number without separators or the +86 / 0086 prefix, matched at the end. */
const mobileDigits = (column: typeof welinkUsers.mobile | typeof oaUsers.mobile) =>
  sql`replace(replace(replace(replace(coalesce(${column}, ''), '-', ''), ' ', ''), '+', ''), '(', '')`;

function mobileTerm(column: typeof welinkUsers.mobile | typeof oaUsers.mobile, q: string): SQL | undefined {
  const digits = q.replace(/\D/g, "").replace(/^(?:00)?86(?=\d{11}$)/, "");
  // Five digits at least: a shorter run would match half the directory by accident.
  if (digits.length < 5 || /[^\d\s+()-]/.test(q)) return undefined;
  return sql`${mobileDigits(column)} like ${`%${digits}`}`;
}

/** WeLink people whose name contains q, or whose WeLink id, account (corp user id, e-mail), employee no. or mobile is q. */
export function searchWelink(db: Conn, tenantId: string, q: string, corpId?: string) {
  const text = likeText(q);
  const terms = [
    eq(welinkUsers.userId, q), eq(welinkUsers.corpUserId, q), eq(welinkUsers.employeeId, q), eq(sql`lower(${welinkUsers.email})`, q.toLowerCase()),
    sql`${welinkUsers.nameCn} like ${text} escape '\\'`, sql`coalesce(${welinkUsers.nameEn}, '') like ${text} escape '\\'`, mobileTerm(welinkUsers.mobile, q),
  ];
  return db
    .select()
    .from(welinkUsers)
    .where(and(eq(welinkUsers.tenantId, tenantId), corpId ? eq(welinkUsers.corpId, corpId) : undefined, or(...terms)))
    .limit(MAX_PEOPLE);
}

/** OA people whose name contains q, or whose OA id, account, e-mail, employee no. or mobile is q. */
export function searchOa(db: Conn, tenantId: string, q: string) {
  const text = likeText(q);
  const terms = [
    eq(oaUsers.id, q), eq(oaUsers.account, q), eq(oaUsers.employeeNo, q), eq(sql`lower(${oaUsers.email})`, q.toLowerCase()),
    sql`${oaUsers.name} like ${text} escape '\\'`, mobileTerm(oaUsers.mobile, q),
  ];
  return db.select().from(oaUsers).where(and(eq(oaUsers.tenantId, tenantId), or(...terms))).limit(MAX_PEOPLE);
}

export const bindingsOfWelink = (db: Conn, tenantId: string, corpId: string, welinkUserIds: string[]) =>
  welinkUserIds.length === 0
    ? Promise.resolve([])
    : db.select().from(bindings).where(and(eq(bindings.tenantId, tenantId), eq(bindings.corpId, corpId), inArray(bindings.welinkUserId, welinkUserIds)));

export const bindingsOfOa = (db: Conn, tenantId: string, oaUserIds: string[]) =>
  oaUserIds.length === 0 ? Promise.resolve([]) : db.select().from(bindings).where(and(eq(bindings.tenantId, tenantId), inArray(bindings.oaUserId, oaUserIds)));

export const oaPeople = (db: Conn, tenantId: string, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.select().from(oaUsers).where(and(eq(oaUsers.tenantId, tenantId), inArray(oaUsers.id, ids)));

export const welinkPeople = (db: Conn, tenantId: string, corpId: string, ids: string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.select().from(welinkUsers).where(and(eq(welinkUsers.tenantId, tenantId), eq(welinkUsers.corpId, corpId), inArray(welinkUsers.userId, ids)));


