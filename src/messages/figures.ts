import { and, count, eq, gte, inArray, or, sql } from "drizzle-orm";
import type { Deps } from "../deps.ts";
import { deliveries, pushRules } from "./schema.ts";

export type DeliveryProblems = { failed: number; dead: number };

/**
 * Per corp of the tenant, deliveries now failed (waiting for a retry) or dead (parked) that were
 * created or last tried since `since`: what the overview warns about.
 */
export async function deliveryProblemsByCorp(deps: Deps, tenantId: string, since: number): Promise<Map<string, DeliveryProblems>> {
  const touched = or(
    gte(deliveries.createdAt, since),
    sql`exists (select 1 from delivery_attempts a where a.delivery_id = ${deliveries.id} and a.at >= ${since})`,
  );
  const rows = await deps.db
    .select({ corpId: deliveries.corpId, status: deliveries.status, n: count() })
    .from(deliveries)
    .where(and(eq(deliveries.tenantId, tenantId), inArray(deliveries.status, ["failed", "dead"]), touched))
    .groupBy(deliveries.corpId, deliveries.status);
  const byCorp = new Map<string, DeliveryProblems>();
  for (const r of rows) {
    const figures = byCorp.get(r.corpId) ?? { failed: 0, dead: 0 };
    if (r.status === "failed" || r.status === "dead") figures[r.status] = r.n;
    byCorp.set(r.corpId, figures);
  }
  return byCorp;
}

/** Whether the tenant has a push rule that is on: a step of the getting-started list. */
export async function hasEnabledPushRule(deps: Deps, tenantId: string): Promise<boolean> {
  const rows = await deps.db.select({ id: pushRules.id }).from(pushRules).where(and(eq(pushRules.tenantId, tenantId), eq(pushRules.enabled, true))).limit(1);
  return rows.length > 0;
}
