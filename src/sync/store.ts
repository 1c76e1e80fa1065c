import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import { syncChanges, syncRuns } from "../directory/index.ts";
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

export const latestPull = async (db: Conn, corpId: string) =>
  (await db.select().from(syncRuns).where(and(eq(syncRuns.corpId, corpId), eq(syncRuns.kind, "pull")))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id)).limit(1))[0];

// Changes
export async function insertChanges(db: Conn, rows: ChangeRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await db.insert(syncChanges).values(rows.slice(i, i + CHUNK));
}
export const listChanges = (db: Conn, tenantId: string, runId: string, limit: number, offset: number) =>
  db.select().from(syncChanges).where(and(eq(syncChanges.tenantId, tenantId), eq(syncChanges.runId, runId)))
    .orderBy(asc(syncChanges.id)).limit(limit).offset(offset);
export const countChangeRows = async (db: Conn, runId: string) =>
  (await db.$count(syncChanges, eq(syncChanges.runId, runId))) as number;
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
