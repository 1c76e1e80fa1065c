import { and, eq, inArray, sql } from "drizzle-orm";
import { type Conn, type Db, inTransaction } from "../kernel/db/client.ts";
import { newId } from "../kernel/ids.ts";
import type { ClaimedDelivery } from "./dispatch-claim.ts";
import { deliveries, deliveryAttempts, messages } from "./schema.ts";
import { type Outcome, transition, type Transition } from "./transitions.ts";

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

const idList = (ids: string[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

/**
 * Renews this worker's claim on `ids` just before it sends them and answers the ids it still
 * holds: a long pass keeps its claims fresh, and rows another worker took over are not sent twice.
 */
export async function renewClaims(db: Db, o: { workerId: string; now: number; ids: string[] }): Promise<Set<string>> {
  const rows = await db.all<{ id: string }>(sql`
    UPDATE deliveries SET claimed_at = ${o.now}
    WHERE id IN (${idList(o.ids)}) AND status = 'sending' AND claimed_by = ${o.workerId}
    RETURNING id`);
  return new Set(rows.map((r) => r.id));
}

/** Gives back claims a pass will not send (it is stopping or has run long): pending again, due at once. */
export async function releaseClaims(db: Db, o: { workerId: string; ids: string[] }): Promise<number> {
  if (o.ids.length === 0) return 0;
  const rows = await db.all<{ id: string }>(sql`
    UPDATE deliveries SET status = 'pending', claimed_at = NULL, claimed_by = NULL
    WHERE id IN (${idList(o.ids)}) AND status = 'sending' AND claimed_by = ${o.workerId}
    RETURNING id`);
  return rows.length;
}
