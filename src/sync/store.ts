import { and, asc, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Conn } from "../kernel/db/client.ts";
import { syncChanges, syncRuns, welinkDepts, welinkUsers } from "../directory/index.ts";
import { pullSettings } from "./schema.ts";

export type RunRow = typeof syncRuns.$inferSelect;
export type ChangeRow = typeof syncChanges.$inferSelect;
export type PullSettingsRow = typeof pullSettings.$inferSelect;

/** Change rows per statement (10 columns each). */
const CHUNK = 2000;

// Runs: every read names the tenant, so another tenant's run does not exist for the caller.
export const insertRun = (db: Conn, row: RunRow) => db.insert(syncRuns).values(row);
export const updateRun = (db: Conn, id: string, set: Partial<Omit<RunRow, "id" | "tenantId" | "corpId">>) =>
  db.update(syncRuns).set(set).where(eq(syncRuns.id, id));
export const findRun = async (db: Conn, tenantId: string, id: string) =>
  (await db.select().from(syncRuns).where(and(eq(syncRuns.id, id), eq(syncRuns.tenantId, tenantId))))[0];
export const listRuns = (db: Conn, tenantId: string, corpId: string, limit: number, offset: number) =>
  db.select().from(syncRuns).where(and(eq(syncRuns.tenantId, tenantId), eq(syncRuns.corpId, corpId)))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id)).limit(limit).offset(offset);

/** The counts a shrink check compares against: the last pull that ended ok or approved. */
export const lastGoodPull = async (db: Conn, corpId: string) =>
  (await db.select().from(syncRuns)
    .where(and(eq(syncRuns.corpId, corpId), eq(syncRuns.kind, "pull"), inArray(syncRuns.status, ["ok", "approved"])))
    .orderBy(desc(syncRuns.startedAt)).limit(1))[0];

/** Runs of these kinds still marked running (at start: left by a process that died). */
export const runsLeftRunning = (db: Conn, kinds: RunRow["kind"][]) =>
  db.select().from(syncRuns).where(and(inArray(syncRuns.kind, kinds), eq(syncRuns.status, "running")));

export const latestPull = async (db: Conn, corpId: string) =>
  (await db.select().from(syncRuns).where(and(eq(syncRuns.corpId, corpId), eq(syncRuns.kind, "pull")))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id)).limit(1))[0];

// Changes
export async function insertChanges(db: Conn, rows: ChangeRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insert(syncChanges).values(rows.slice(i, i + CHUNK));
}
/** Which changes of a run to list: one action, and text found in the object id, values or reason. */
export type ChangeFilter = { action?: ChangeRow["action"]; text?: string };

function changeWhere(tenantId: string, runId: string, f: ChangeFilter): SQL | undefined {
  const parts = [eq(syncChanges.tenantId, tenantId), eq(syncChanges.runId, runId)];
  if (f.action) parts.push(eq(syncChanges.action, f.action));
  if (f.text) {
    const p = `%${f.text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const hit = (col: SQLiteColumn) => sql`${col} LIKE ${p} ESCAPE '\\'`;
    parts.push(or(hit(syncChanges.objectId), hit(syncChanges.before), hit(syncChanges.after), hit(syncChanges.reason))!);
  }
  return and(...parts);
}

/** Failures first (what needs attention), then in the order written. */
export const listChanges = (db: Conn, tenantId: string, runId: string, limit: number, offset: number, f: ChangeFilter = {}) =>
  db.select().from(syncChanges).where(changeWhere(tenantId, runId, f))
    .orderBy(sql`CASE ${syncChanges.action} WHEN 'fail' THEN 0 ELSE 1 END`, asc(syncChanges.id)).limit(limit).offset(offset);
export const countChangeRows = async (db: Conn, tenantId: string, runId: string, f: ChangeFilter = {}) =>
  (await db.$count(syncChanges, changeWhere(tenantId, runId, f))) as number;
export const pendingRemovals = (db: Conn, runId: string) =>
  db.select({ id: syncChanges.id, object: syncChanges.object, objectId: syncChanges.objectId }).from(syncChanges)
    .where(and(eq(syncChanges.runId, runId), eq(syncChanges.action, "remove"), eq(syncChanges.applied, false)));
export const markRunChangesApplied = (db: Conn, runId: string) =>
  db.update(syncChanges).set({ applied: true }).where(and(eq(syncChanges.runId, runId), eq(syncChanges.action, "remove")));

// Pull settings
export const findPullSettings = async (db: Conn, corpId: string) =>
  (await db.select().from(pullSettings).where(eq(pullSettings.corpId, corpId)))[0];
export const upsertPullSettings = (db: Conn, row: PullSettingsRow) => {
  const { corpId: _c, tenantId: _t, ...set } = row;
  return db.insert(pullSettings).values(row).onConflictDoUpdate({ target: pullSettings.corpId, set });
};
export const listScheduledPulls = (db: Conn) =>
  db.select().from(pullSettings).where(sql`${pullSettings.scheduleKind} <> 'none'`);

/** A disconnected corp pulls no more: its pull settings go (corps' CorpFootprint). */
export async function dropPullSettings(db: Conn, corpId: string): Promise<void> {
  await db.delete(pullSettings).where(eq(pullSettings.corpId, corpId));
}
