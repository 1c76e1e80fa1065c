import { and, desc, eq } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import type { RuleTarget } from "./message-input.ts";
import { listRuleRows, routableOf } from "./rules-store.ts";
import { deliveries, messages } from "./schema.ts";

/** An enabled push rule that sends into the corp: which sources, through which of its apps, as what. */
export type RuleReach = { id: string; name: string; sources: string[]; targets: Omit<RuleTarget, "corpId">[] };
export type LastDelivery = {
  id: string; messageId: string; source: string; title: string; appId: string; type: string;
  status: string; reason: string | null; welinkCode: string | null; at: number;
};

/**
 * What decides whether one OA person receives pushed messages in one corp (for the explain
 * page): the enabled rules that target the corp, and the last delivery made for the person there.
 * Reads only.
 */
export async function messageReach(db: Conn, tenantId: string, corpId: string, oaUserId: string | null): Promise<{ rules: RuleReach[]; last: LastDelivery | null }> {
  const rules = (await listRuleRows(db, tenantId))
    .filter((r) => r.enabled)
    .map((r) => ({ name: r.name, ...routableOf(r) }))
    .map((r) => ({ id: r.id, name: r.name, sources: r.sources, targets: r.targets.filter((t) => t.corpId === corpId).map(({ appId, type }) => ({ appId, type })) }))
    .filter((r) => r.targets.length > 0);
  if (oaUserId === null) return { rules, last: null };
  const [row] = await db
    .select({ d: deliveries, source: messages.source, title: messages.title })
    .from(deliveries)
    .innerJoin(messages, eq(messages.id, deliveries.messageId))
    .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.corpId, corpId), eq(deliveries.oaUserId, oaUserId)))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.seq))
    .limit(1);
  const last = row
    ? { id: row.d.id, messageId: row.d.messageId, source: row.source, title: row.title, appId: row.d.appId, type: row.d.type, status: row.d.status, reason: row.d.reason, welinkCode: row.d.welinkCode, at: row.d.sentAt ?? row.d.createdAt }
    : null;
  return { rules, last };
}
