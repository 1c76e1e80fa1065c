import { and, eq, gte, inArray, lte, type SQL } from "drizzle-orm";
import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { inTransaction } from "../kernel/db/client.ts";
import { errors } from "../kernel/errors.ts";
import { tenantOf } from "../corps/index.ts";
import { deliveries, messages } from "./schema.ts";

/*
 * Replays put dead or failed deliveries back to pending, due now. Attempts are kept (the log
 * shows the history) and the 24 h window starts again from the next attempt.
 */
const replayed = (now: number) => ({ status: "pending" as const, nextAttemptAt: now, firstAttemptAt: null, claimedAt: null, claimedBy: null, reason: null });

async function replayWhere(deps: Deps, ctx: Ctx, cond: SQL | undefined, target: string): Promise<{ replayed: number }> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const rows = await tx.update(deliveries).set(replayed(now)).where(cond).returning({ id: deliveries.id });
    await recordAudit(tx, now, ctx, { action: "delivery.replay", target, after: { replayed: rows.length } });
    return { replayed: rows.length };
  });
}

/** A dead or failed delivery of the acting tenant → pending now. */
export async function replayDelivery(deps: Deps, ctx: Ctx, deliveryId: string): Promise<{ replayed: number }> {
  const tenantId = tenantOf(ctx).id;
  const [d] = await deps.db.select({ status: deliveries.status }).from(deliveries).where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, deliveryId)));
  if (!d) throw errors.notFound("delivery", deliveryId);
  if (d.status !== "dead" && d.status !== "failed") throw errors.conflict("DELIVERY_NOT_REPLAYABLE", { deliveryStatus: d.status });
  return replayWhere(deps, ctx, and(eq(deliveries.id, deliveryId), inArray(deliveries.status, ["dead", "failed"])), `delivery:${deliveryId}`);
}

/** Every dead delivery of one message of the acting tenant. */
export async function replayMessageDead(deps: Deps, ctx: Ctx, messageId: string): Promise<{ replayed: number }> {
  const tenantId = tenantOf(ctx).id;
  const [m] = await deps.db.select({ id: messages.id }).from(messages).where(and(eq(messages.tenantId, tenantId), eq(messages.id, messageId)));
  if (!m) throw errors.notFound("message", messageId);
  return replayWhere(deps, ctx, and(eq(deliveries.messageId, messageId), eq(deliveries.status, "dead")), `message:${messageId}`);
}

/** Every dead delivery of the acting tenant created in [from, to]. */
export async function replayDeadInRange(deps: Deps, ctx: Ctx, range: { from?: number; to?: number }): Promise<{ replayed: number }> {
  const tenantId = tenantOf(ctx).id;
  const where: SQL[] = [eq(deliveries.tenantId, tenantId), eq(deliveries.status, "dead")];
  if (range.from !== undefined) where.push(gte(deliveries.createdAt, range.from));
  if (range.to !== undefined) where.push(lte(deliveries.createdAt, range.to));
  return replayWhere(deps, ctx, and(...where), `tenant:${tenantId}`);
}
