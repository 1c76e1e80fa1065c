import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { bindings, deptBindings, syncChanges, syncRuns } from "../../directory/index.ts";
import type { Conn } from "../../kernel/db/client.ts";
import type { PlanItem } from "./types.ts";
import { pushItems } from "../schema.ts";

/** The push runner's journal (push_items) and the department bindings it writes. */

export type ItemRow = typeof pushItems.$inferSelect;
export type ItemState = ItemRow["state"];
export type DeptBindingRow = typeof deptBindings.$inferSelect;

/** Rows per statement: 19 columns each, well under SQLite's bound-variable cap. */
const CHUNK = 500;

export function itemRow(runId: string, tenantId: string, seq: number, it: PlanItem, now: number): ItemRow {
  return {
    runId, seq, tenantId, object: it.object, action: it.action, oaId: it.oaId, welinkId: it.welinkId, name: it.name,
    parentOaId: it.parentOaId, depth: it.depth, desired: it.desired ? JSON.stringify(it.desired) : null,
    changes: it.changes ? JSON.stringify(it.changes) : null, reason: it.reason, why: JSON.stringify(it.why),
    state: it.invalid ? "invalid" : it.action === "skip" ? "skipped" : "planned", attempts: 0, error: null, errorCode: null, updatedAt: now,
  };
}

export const insertItems = (db: Conn, rows: ItemRow[]) => db.insert(pushItems).values(rows);
export const ITEMS_PER_INSERT = CHUNK;

export const listItems = (db: Conn, runId: string) => db.select().from(pushItems).where(eq(pushItems.runId, runId)).orderBy(asc(pushItems.seq));
export const countItemsIn = async (db: Conn, runId: string, states: ItemState[]) =>
  (await db.$count(pushItems, and(eq(pushItems.runId, runId), inArray(pushItems.state, states)))) as number;

export const setItem = (db: Conn, runId: string, seq: number, set: Partial<Pick<ItemRow, "state" | "attempts" | "error" | "errorCode" | "welinkId" | "updatedAt">>) =>
  db.update(pushItems).set(set).where(and(eq(pushItems.runId, runId), eq(pushItems.seq, seq)));

/** Holds the plan's removals (health gate): nothing is sent for them in this run. */
export const holdRemovals = (db: Conn, runId: string, now: number) =>
  db.update(pushItems).set({ state: "held", updatedAt: now }).where(and(eq(pushItems.runId, runId), eq(pushItems.action, "remove"), eq(pushItems.state, "planned")));

// Runs
export const latestPush = async (db: Conn, corpId: string, kind: "push" | "writeback" = "push") =>
  (await db.select().from(syncRuns).where(and(eq(syncRuns.corpId, corpId), eq(syncRuns.kind, kind)))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id)).limit(1))[0];

export const lastGoodPush = async (db: Conn, corpId: string, kind: "push" | "writeback" = "push") =>
  (await db.select().from(syncRuns)
    .where(and(eq(syncRuns.corpId, corpId), eq(syncRuns.kind, kind), inArray(syncRuns.status, ["ok", "approved", "partial"])))
    .orderBy(desc(syncRuns.startedAt)).limit(1))[0];

/** The run's counts, as its change log says. */
export async function changeCounts(db: Conn, runId: string) {
  const rows = await db.select({ action: syncChanges.action, n: sql<number>`count(*)` }).from(syncChanges).where(eq(syncChanges.runId, runId)).groupBy(syncChanges.action);
  const c = { added: 0, updated: 0, moved: 0, removed: 0, failed: 0 };
  const key = { add: "added", update: "updated", move: "moved", remove: "removed", fail: "failed" } as const;
  for (const r of rows) c[key[r.action]] = Number(r.n);
  return c;
}

// Department bindings
export const allDeptBindings = (db: Conn, corpId: string) => db.select().from(deptBindings).where(eq(deptBindings.corpId, corpId));
export const insertDeptBinding = (db: Conn, row: DeptBindingRow) => db.insert(deptBindings).values(row).onConflictDoNothing();
export const deleteDeptBinding = (db: Conn, corpId: string, deptCode: string) =>
  db.delete(deptBindings).where(and(eq(deptBindings.corpId, corpId), eq(deptBindings.deptCode, deptCode)));

// Person bindings (rows are written here too: the push commits them with the item they belong to)
export const insertUserBinding = (db: Conn, row: typeof bindings.$inferInsert) => db.insert(bindings).values(row).onConflictDoNothing();
export const findUserBinding = async (db: Conn, corpId: string, welinkUserId: string) =>
  (await db.select().from(bindings).where(and(eq(bindings.corpId, corpId), eq(bindings.welinkUserId, welinkUserId))))[0];
export const deleteUserBinding = (db: Conn, corpId: string, welinkUserId: string) =>
  db.delete(bindings).where(and(eq(bindings.corpId, corpId), eq(bindings.welinkUserId, welinkUserId)));
