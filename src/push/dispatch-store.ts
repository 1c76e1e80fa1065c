import { and, eq, inArray } from "drizzle-orm";
import type { Conn, Db } from "../kernel/db/client.ts";
import { inTransaction } from "../kernel/db/client.ts";
import { newId } from "../kernel/ids.ts";
import type { ClaimedDelivery } from "./dispatch-claim.ts";
import { deliveries, deliveryAttempts, messages } from "./schema.ts";
import { transition, type Outcome, type Transition } from "./transitions.ts";

export type MessageRow = typeof messages.$inferSelect;

export async function messagesByIds(db: Conn, ids: string[]): Promise<Map<string, MessageRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(messages).where(inArray(messages.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export type Recorded = { delivery: ClaimedDelivery; outcome: Outcome; next: Transition };

/**
 * Writes each delivery's next state and its attempt row together. Only a row still claimed by
 * this worker moves: when a slow worker's claim went stale and another took it, its late answer
 * is kept as an attempt but does not overwrite the newer state.
 */
export async function recordOutcomes(
  db: Db,
  o: { workerId: string; now: number; latencyMs: number; random?: () => number; results: { delivery: ClaimedDelivery; outcome: Outcome }[] },
): Promise<Recorded[]> {
  return inTransaction(db, async (tx) => {
    const out: Recorded[] = [];
    for (const { delivery, outcome } of o.results) {
      const next = transition(delivery, outcome, o.now, o.random);
      await tx
        .update(deliveries)
        .set(next)
        .where(and(eq(deliveries.id, delivery.id), eq(deliveries.status, "sending"), eq(deliveries.claimedBy, o.workerId)));
      await tx.insert(deliveryAttempts).values({
        id: newId(),
        tenantId: delivery.tenantId,
        deliveryId: delivery.id,
        at: o.now,
        ok: outcome.kind === "sent",
        welinkCode: outcome.kind === "sent" ? null : outcome.code,
        error: outcome.kind === "sent" ? null : outcome.reason,
        latencyMs: o.latencyMs,
        nextAttemptAt: next.nextAttemptAt,
      });
      out.push({ delivery, outcome, next });
    }
    return out;
  });
}
