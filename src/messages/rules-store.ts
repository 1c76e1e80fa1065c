import { and, asc, eq } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import type { RuleTarget } from "./message-input.ts";
import type { RoutableRule } from "./routing.ts";
import { pushRules } from "./schema.ts";

export type PushRuleRow = typeof pushRules.$inferSelect;

export const listRuleRows = (db: Conn, tenantId: string) =>
  db.select().from(pushRules).where(eq(pushRules.tenantId, tenantId)).orderBy(asc(pushRules.createdAt), asc(pushRules.id));

export const findRuleRow = async (db: Conn, tenantId: string, id: string) =>
  (await db.select().from(pushRules).where(and(eq(pushRules.tenantId, tenantId), eq(pushRules.id, id))))[0];

export const insertRuleRow = (db: Conn, row: PushRuleRow) => db.insert(pushRules).values(row);

export const updateRuleRow = (db: Conn, id: string, set: Partial<Omit<PushRuleRow, "id" | "tenantId" | "createdAt">>) =>
  db.update(pushRules).set(set).where(eq(pushRules.id, id));

export const deleteRuleRow = (db: Conn, id: string) => db.delete(pushRules).where(eq(pushRules.id, id));

/** A stored rule with its JSON columns read. */
export const routableOf = (r: PushRuleRow): RoutableRule => ({
  id: r.id,
  enabled: r.enabled,
  sources: JSON.parse(r.sources) as string[],
  targets: JSON.parse(r.targets) as RuleTarget[],
});

/** The tenant's enabled rules, ready for routing (read for every message: only the columns routing needs). */
export async function loadRoutableRules(db: Conn, tenantId: string): Promise<RoutableRule[]> {
  const rows = await db
    .select({ id: pushRules.id, enabled: pushRules.enabled, sources: pushRules.sources, targets: pushRules.targets })
    .from(pushRules)
    .where(and(eq(pushRules.tenantId, tenantId), eq(pushRules.enabled, true)))
    .orderBy(asc(pushRules.createdAt), asc(pushRules.id));
  return rows.map((r) => ({ id: r.id, enabled: r.enabled, sources: JSON.parse(r.sources) as string[], targets: JSON.parse(r.targets) as RuleTarget[] }));
}
