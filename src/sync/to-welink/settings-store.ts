import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { bindings, welinkDepts, welinkUsers } from "../../directory/index.ts";
import type { Conn } from "../../kernel/db/client.ts";
import { oaDepartments, oaUsers } from "../../oa/index.ts";
import { pushSettings } from "../schema.ts";

export type PushSettingsRow = typeof pushSettings.$inferSelect;

export const findPushSettings = async (db: Conn, corpId: string) =>
  (await db.select().from(pushSettings).where(eq(pushSettings.corpId, corpId)))[0];

export const upsertPushSettings = (db: Conn, row: PushSettingsRow) => {
  const { corpId: _c, tenantId: _t, ...set } = row;
  return db.insert(pushSettings).values(row).onConflictDoUpdate({ target: pushSettings.corpId, set });
};

export const listScheduledPushes = (db: Conn) => db.select().from(pushSettings).where(sql`${pushSettings.scheduleKind} <> 'none'`);

/** A department of the corp's WeLink mirror that WeLink still has. */
export const findLiveDept = async (db: Conn, corpId: string, deptCode: string) =>
  (await db.select({ deptCode: welinkDepts.deptCode }).from(welinkDepts)
    .where(and(eq(welinkDepts.corpId, corpId), eq(welinkDepts.deptCode, deptCode), isNull(welinkDepts.removedAt))))[0];

/** The corp's live WeLink departments, for the top-department choice. */
export const liveDepts = (db: Conn, corpId: string) =>
  db.select({ deptCode: welinkDepts.deptCode, parentCode: welinkDepts.parentCode, nameCn: welinkDepts.nameCn, orderNo: welinkDepts.orderNo })
    .from(welinkDepts).where(and(eq(welinkDepts.corpId, corpId), isNull(welinkDepts.removedAt)))
    .orderBy(asc(welinkDepts.orderNo), asc(welinkDepts.nameCn));

/** The OA tree (ids and parents only) for scope subtrees. */
export const oaDeptParents = (db: Conn, tenantId: string) =>
  db.select({ id: oaDepartments.id, parentId: oaDepartments.parentId }).from(oaDepartments).where(eq(oaDepartments.tenantId, tenantId));

/**
 * Bound people of the corp whose WeLink account is still there (a person already removed in
 * WeLink has nothing left to remove), with the OA fields scope needs; the OA columns are null
 * when the OA no longer has the person.
 */
export const boundPeople = (db: Conn, tenantId: string, corpId: string) =>
  db.select({ oaUserId: bindings.oaUserId, mainDeptId: oaUsers.mainDeptId, partTimeDeptIds: oaUsers.partTimeDeptIds, active: oaUsers.active })
    .from(bindings)
    .leftJoin(oaUsers, and(eq(oaUsers.tenantId, tenantId), eq(oaUsers.id, bindings.oaUserId)))
    .leftJoin(welinkUsers, and(eq(welinkUsers.corpId, bindings.corpId), eq(welinkUsers.userId, bindings.welinkUserId)))
    .where(and(eq(bindings.corpId, corpId), isNull(welinkUsers.removedAt)));
