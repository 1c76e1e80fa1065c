import { and, eq, inArray, sql } from "drizzle-orm";
import { type Conn, type Db, inTransaction } from "../kernel/db/client.ts";
import { newId } from "../kernel/ids.ts";
import type { ClaimedDelivery } from "./dispatch-claim.ts";
import { deliveries, deliveryAttempts, messages } from "./schema.ts";
import { INTERRUPTED_REASON, type Outcome, transition, type Transition } from "./transitions.ts";

export type MessageRow = typeof messages.$inferSelect;

export async function messagesByIds(db: Conn, ids: string[]): Promise<Map<string, MessageRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(messages).where(inArray(messages.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export type Recorded = { delivery: ClaimedDelivery; outcome: Outcome; next: Transition };

/**
 * Writes each delivery's next state and fills in its attempt row (begun by `startAttempts`)
 * together. Only a row still claimed by this worker moves: when a slow worker's claim went stale
 * and another took it, its late answer is kept as its attempt but does not overwrite the newer state.
 */
export async function recordOutcomes(
  db: Db,
  o: { workerId: string; now: number; latencyMs: number; random?: () => number; attemptIds: Map<string, string>; results: { delivery: ClaimedDelivery; outcome: Outcome }[] },
): Promise<Recorded[]> {
  return inTransaction(db, async (tx) => {
    const out: Recorded[] = [];
    for (const { delivery, outcome } of o.results) {
      const next = transition(delivery, outcome, o.now, o.random);
      await tx
        .update(deliveries)
        .set(next)
        .where(and(eq(deliveries.id, delivery.id), eq(deliveries.status, "sending"), eq(deliveries.claimedBy, o.workerId)));
      const attempt = {
        at: o.now,
        ok: outcome.kind === "sent",
        welinkCode: outcome.kind === "sent" ? null : outcome.code,
        error: outcome.kind === "sent" ? null : outcome.reason,
        latencyMs: o.latencyMs,
        nextAttemptAt: next.nextAttemptAt,
      };
      const id = o.attemptIds.get(delivery.id);
      if (id) await tx.update(deliveryAttempts).set(attempt).where(eq(deliveryAttempts.id, id));
      else await tx.insert(deliveryAttempts).values({ id: newId(), tenantId: delivery.tenantId, deliveryId: delivery.id, ...attempt });
      out.push({ delivery, outcome, next });
    }
    return out;
  });
}

const idList = (ids: string[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

/**
 * Just before this worker sends `group`: renews its claims (a long pass keeps them fresh; rows
 * another worker took over are not sent) and counts the attempt, with an attempt row saying the
 * send may not have ended. Counted before the call, because a process killed after WeLink took a
 * card but before the answer was written would otherwise leave a row saying fewer attempts than
 * were made (and one card delivered twice under "1 attempt"). The answer fills the row in.
 * Returns the attempt row id of each delivery still held.
 */
export async function startAttempts(db: Db, o: { workerId: string; now: number; group: ClaimedDelivery[] }): Promise<Map<string, string>> {
  if (o.group.length === 0) return new Map();
  return inTransaction(db, async (tx) => {
    const rows = await tx.all<{ id: string }>(sql`
      UPDATE deliveries SET claimed_at = ${o.now}, attempts = attempts + 1, first_attempt_at = coalesce(first_attempt_at, ${o.now})
      WHERE id IN (${idList(o.group.map((d) => d.id))}) AND status = 'sending' AND claimed_by = ${o.workerId}
      RETURNING id`);
    const held = new Set(rows.map((r) => r.id));
    const begun = o.group.filter((d) => held.has(d.id)).map((d) => ({
      id: newId(), tenantId: d.tenantId, deliveryId: d.id, at: o.now, ok: false, welinkCode: null, error: INTERRUPTED_REASON, latencyMs: 0, nextAttemptAt: null,
    }));
    for (let i = 0; i < begun.length; i += 500) await tx.insert(deliveryAttempts).values(begun.slice(i, i + 500));
    return new Map(begun.map((a) => [a.deliveryId, a.id]));
  });
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
