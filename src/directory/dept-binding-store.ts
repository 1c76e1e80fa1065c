import { and, eq } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import { oaDepartments } from "../oa/index.ts";
import { deptBindings, welinkDepts } from "./schema.ts";

export type DeptBindingRow = typeof deptBindings.$inferSelect;

export const deptBindingRows = (db: Conn, corpId: string) => db.select().from(deptBindings).where(eq(deptBindings.corpId, corpId));

export const findDeptBinding = async (db: Conn, corpId: string, deptCode: string) =>
  (await db.select().from(deptBindings).where(and(eq(deptBindings.corpId, corpId), eq(deptBindings.deptCode, deptCode))))[0];

export const findDeptBindingOfOa = async (db: Conn, corpId: string, oaDeptId: string) =>
  (await db.select().from(deptBindings).where(and(eq(deptBindings.corpId, corpId), eq(deptBindings.oaDeptId, oaDeptId))))[0];

export const insertDeptBindingRow = (db: Conn, row: DeptBindingRow) => db.insert(deptBindings).values(row);

export const deleteDeptBindingRow = (db: Conn, corpId: string, deptCode: string) =>
  db.delete(deptBindings).where(and(eq(deptBindings.corpId, corpId), eq(deptBindings.deptCode, deptCode)));

export const findWelinkDept = async (db: Conn, corpId: string, deptCode: string) =>
  (await db.select().from(welinkDepts).where(and(eq(welinkDepts.corpId, corpId), eq(welinkDepts.deptCode, deptCode))))[0];

/** The tenant's OA departments (id, parent, name): paths are built from the whole snapshot. */
export const oaDeptTree = (db: Conn, tenantId: string) =>
  db.select({ id: oaDepartments.id, parentId: oaDepartments.parentId, name: oaDepartments.name, order: oaDepartments.order }).from(oaDepartments).where(eq(oaDepartments.tenantId, tenantId));
