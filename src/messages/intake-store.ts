import { and, desc, eq, inArray, max, sql } from "drizzle-orm";
import { bindings } from "../directory/index.ts";
import { apps } from "../accounts/index.ts";
import type { Conn } from "../kernel/db/client.ts";
import { deliveries, messages } from "./schema.ts";

export type MessageRow = typeof messages.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;

// Rows per INSERT / ids per IN (…): well under SQLite's bound-variable limit.
const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The id and status of the same message accepted before (only those: the intake's hot path). */
export const findMessageByIdentity = async (db: Conn, k: { tenantId: string; source: string; externalId: string; kind: MessageRow["kind"]; contentHash: string }) =>
  (
    await db
      .select({ id: messages.id, status: messages.status })
      .from(messages)
      .where(and(eq(messages.tenantId, k.tenantId), eq(messages.source, k.source), eq(messages.externalId, k.externalId), eq(messages.kind, k.kind), eq(messages.contentHash, k.contentHash)))
  )[0];

export const findMessage = async (db: Conn, tenantId: string, id: string) =>
  (await db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.id, id))))[0];

/** The item's latest create or update: whom a `done` without recipients is for. */
export const findLatestContentMessage = async (db: Conn, tenantId: string, source: string, externalId: string) =>
  (
    await db
      .select()
      .from(messages)
      .where(and(eq(messages.tenantId, tenantId), eq(messages.externalId, externalId), eq(messages.source, source), inArray(messages.kind, ["create", "update"])))
      .orderBy(desc(messages.receivedAt), desc(sql`rowid`))
      .limit(1)
  )[0];

/**
 * A message's deliveries counted as the intake answered. The intake skips exactly the unbound
 * (no WeLink user), so this stays the original answer whatever the dispatcher did since.
 */
export async function deliveryCounts(db: Conn, messageId: string): Promise<{ pending: number; skipped: number }> {
  const rows = await db
    .select({ skipped: sql<number>`sum(${deliveries.welinkUserId} IS NULL)`, total: sql<number>`count(*)` })
    .from(deliveries)
    .where(eq(deliveries.messageId, messageId));
  const skipped = Number(rows[0]?.skipped ?? 0);
  return { pending: Number(rows[0]?.total ?? 0) - skipped, skipped };
}

/** The next acceptance number of the tenant; called inside the intake's write transaction, which SQLite serialises. */
export async function nextSeq(db: Conn, tenantId: string): Promise<number> {
  const [row] = await db.select({ seq: max(deliveries.seq) }).from(deliveries).where(eq(deliveries.tenantId, tenantId));
  return (row?.seq ?? 0) + 1;
}

/** OA user id → WeLink user id for these people in the corp (bound ones only). */
export async function bindingsOf(db: Conn, corpId: string, oaUserIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(oaUserIds)) {
    const rows = await db
      .select({ oa: bindings.oaUserId, welink: bindings.welinkUserId })
      .from(bindings)
      .where(and(eq(bindings.corpId, corpId), inArray(bindings.oaUserId, part)));
    for (const r of rows) out.set(r.oa, r.welink);
  }
  return out;
}

/** "corpId|appId" of every app the tenant has now: rule targets naming a removed corp or app are passed over. */
export async function liveAppKeys(db: Conn, tenantId: string): Promise<Set<string>> {
  const rows = await db.select({ id: apps.id, corpId: apps.corpId }).from(apps).where(eq(apps.tenantId, tenantId));
  return new Set(rows.map((r) => `${r.corpId}|${r.id}`));
}

export const insertMessage = (db: Conn, row: MessageRow) => db.insert(messages).values(row);

export async function insertDeliveries(db: Conn, rows: readonly DeliveryRow[]): Promise<void> {
  for (const part of chunks(rows, 200)) await db.insert(deliveries).values(part);
}
