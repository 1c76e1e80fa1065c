import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { errors } from "../kernel/errors.ts";
import { tenantOf } from "../corps/index.ts";
import { deliveries, deliveryAttempts, messages } from "./schema.ts";

export type DeliveryStatus = (typeof deliveries.$inferSelect)["status"];
export type MessageLogQuery = {
  externalId?: string;
  source?: string;
  status?: DeliveryStatus;
  /** An OA or a WeLink user id. */
  person?: string;
  from?: number;
  to?: number;
  limit?: number;
  offset?: number;
};

const messageView = (m: typeof messages.$inferSelect) => ({
  id: m.id,
  source: m.source,
  externalId: m.externalId,
  kind: m.kind,
  title: m.title,
  body: m.body,
  mobileUrl: m.mobileUrl,
  pcUrl: m.pcUrl,
  sender: m.sender,
  recipients: JSON.parse(m.recipients) as string[],
  occurredAt: m.occurredAt,
  receivedAt: m.receivedAt,
  status: m.status,
  ruleIds: JSON.parse(m.ruleIds) as string[],
});
export type MessageView = ReturnType<typeof messageView>;
export type MessageSummary = MessageView & { counts: Record<string, number> };

/** Messages of the acting tenant, newest first, each with its deliveries counted by status. */
export async function listMessages(deps: Deps, ctx: Ctx, q: MessageLogQuery): Promise<{ items: MessageSummary[]; total: number }> {
  const tenantId = tenantOf(ctx).id;
  const where: SQL[] = [eq(messages.tenantId, tenantId)];
  if (q.externalId) where.push(eq(messages.externalId, q.externalId));
  if (q.source) where.push(eq(messages.source, q.source));
  if (q.from !== undefined) where.push(gte(messages.receivedAt, q.from));
  if (q.to !== undefined) where.push(lte(messages.receivedAt, q.to));
  if (q.status) where.push(sql`exists (select 1 from deliveries d where d.message_id = ${messages.id} and d.status = ${q.status})`);
  if (q.person) {
    where.push(sql`exists (select 1 from deliveries d where d.message_id = ${messages.id} and (d.oa_user_id = ${q.person} or d.welink_user_id = ${q.person}))`);
  }
  const cond = and(...where);
  const limit = Math.min(Math.max(q.limit ?? 50, 1), 500);
  const rows = await deps.db.select().from(messages).where(cond).orderBy(desc(messages.receivedAt), desc(messages.id)).limit(limit).offset(q.offset ?? 0);
  const [total] = await deps.db.select({ n: sql<number>`count(*)` }).from(messages).where(cond);
  const counts = new Map<string, Record<string, number>>();
  if (rows.length > 0) {
    const grouped = await deps.db
      .select({ messageId: deliveries.messageId, status: deliveries.status, n: sql<number>`count(*)` })
      .from(deliveries)
      .where(inArray(deliveries.messageId, rows.map((r) => r.id)))
      .groupBy(deliveries.messageId, deliveries.status);
    for (const g of grouped) counts.set(g.messageId, { ...counts.get(g.messageId), [g.status]: Number(g.n) });
  }
  return { items: rows.map((m) => ({ ...messageView(m), counts: counts.get(m.id) ?? {} })), total: Number(total?.n ?? 0) };
}

/** One message of the acting tenant with every delivery and every attempt; another tenant's is 404. */
export async function getMessageLog(deps: Deps, ctx: Ctx, messageId: string) {
  const tenantId = tenantOf(ctx).id;
  const [m] = await deps.db.select().from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.id, messageId)));
  if (!m) throw errors.notFound("message", messageId);
  const ds = await deps.db.select().from(deliveries).where(eq(deliveries.messageId, m.id)).orderBy(asc(deliveries.seq), asc(deliveries.id));
  const attempts = ds.length
    ? await deps.db.select().from(deliveryAttempts).where(inArray(deliveryAttempts.deliveryId, ds.map((d) => d.id))).orderBy(asc(deliveryAttempts.at))
    : [];
  const byDelivery = new Map<string, (typeof attempts)[number][]>();
  for (const a of attempts) byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a]);
  return {
    ...messageView(m),
    deliveries: ds.map((d) => ({
      id: d.id,
      ruleId: d.ruleId,
      corpId: d.corpId,
      appId: d.appId,
      type: d.type,
      oaUserId: d.oaUserId,
      welinkUserId: d.welinkUserId,
      status: d.status,
      reason: d.reason,
      welinkCode: d.welinkCode,
      attempts: d.attempts,
      nextAttemptAt: d.nextAttemptAt,
      todoKey: d.todoKey,
      seq: d.seq,
      sentAt: d.sentAt,
      createdAt: d.createdAt,
      attemptLog: (byDelivery.get(d.id) ?? []).map((a) => ({ at: a.at, ok: a.ok, welinkCode: a.welinkCode, error: a.error, latencyMs: a.latencyMs, nextAttemptAt: a.nextAttemptAt })),
    })),
  };
}
export type MessageLog = Awaited<ReturnType<typeof getMessageLog>>;
