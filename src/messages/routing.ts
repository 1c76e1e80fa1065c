import { createHash } from "node:crypto";
import type { RuleTarget } from "./message-input.ts";

/*
 * Routing is pure: which rules take a message, and which deliveries it makes. The intake use
 * case loads rules and bindings, calls these, and writes the result in one transaction.
 */

export type RoutableRule = { id: string; enabled: boolean; sources: string[]; targets: RuleTarget[] };

export type PlannedDelivery = {
  ruleId: string;
  corpId: string;
  appId: string;
  type: RuleTarget["type"];
  oaUserId: string;
  welinkUserId: string | null;
  status: "pending" | "skipped";
  reason: string | null;
  todoKey: string | null;
};

export const NOT_BOUND = "not bound";

/** Enabled rules whose sources name this source or "*". */
export function matchingRules<R extends RoutableRule>(rules: readonly R[], source: string): R[] {
  return rules.filter((r) => r.enabled && (r.sources.includes("*") || r.sources.includes(source)));
}

/**
 * The targets of the matching rules, each (corp, app, type) once: two rules naming the same
 * target must not send the same person the same thing twice (a second todo would even fail).
 */
export function targetsOf(rules: readonly RoutableRule[]): (RuleTarget & { ruleId: string })[] {
  const seen = new Set<string>();
  const out: (RuleTarget & { ruleId: string })[] = [];
  for (const r of rules) {
    for (const t of r.targets) {
      const key = `${t.corpId}|${t.appId}|${t.type}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...t, ruleId: r.id });
    }
  }
  return out;
}

/** WeLink's taskId for an OA item: stable, so a retry or a later update never makes a second todo. */
export function todoKeyOf(tenantId: string, source: string, externalId: string): string {
  return `wlb${createHash("sha256").update(`${tenantId}|${source}|${externalId}`).digest("hex").slice(0, 40)}`;
}

/** Bindings of the target corps: corpId → (OA user id → WeLink user id). */
export type BindingLookup = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** One delivery per (target, recipient); unbound recipients are recorded as skipped, never dropped. */
export function planDeliveries(
  targets: readonly (RuleTarget & { ruleId: string })[],
  recipients: readonly string[],
  bindings: BindingLookup,
  todoKey: string,
): PlannedDelivery[] {
  const out: PlannedDelivery[] = [];
  for (const t of targets) {
    const corp = bindings.get(t.corpId);
    for (const oaUserId of recipients) {
      const welinkUserId = corp?.get(oaUserId) ?? null;
      out.push({
        ruleId: t.ruleId,
        corpId: t.corpId,
        appId: t.appId,
        type: t.type,
        oaUserId,
        welinkUserId,
        status: welinkUserId ? "pending" : "skipped",
        reason: welinkUserId ? null : NOT_BOUND,
        todoKey: t.type === "todo" ? todoKey : null,
      });
    }
  }
  return out;
}

export const countByStatus = (planned: readonly { status: string }[]) => ({
  pending: planned.filter((d) => d.status !== "skipped").length,
  skipped: planned.filter((d) => d.status === "skipped").length,
});
