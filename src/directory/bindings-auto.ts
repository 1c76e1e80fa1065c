import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { eventLoopTurn, inTransaction } from "../kernel/db/client.ts";
import { parseBindingRule, termKey } from "../corps/index.ts";
import { bindingTarget, welinkKeys } from "./bindings.ts";
import { type BindingRule, type MatchCandidate, termsOf } from "./match.ts";
import { indexOaPeople, matchIndexed, takeFromIndex } from "./match-index.ts";
import { type NewReview, queueReview } from "./review-store.ts";
import * as store from "./store.ts";

/** `byTerm`: how many the rule bound by each term (key: `termKey`, "+"-joined for AND), in the rule's order. */
export type AutoBindSummary = { bound: number; review: number; unmatched: number; byTerm: { term: string; bound: number }[] };

/** Bindings (with their audit entries) per transaction: see `eventLoopTurn`. */
const PER_TRANSACTION = 1_000;

/** Who the audit log names for bindings the rule made on its own. */
export const RULE_ACTOR = "system:binding-rule";
const ruleCtx = (): Ctx => ({ actor: { label: RULE_ACTOR, global: true, tenantId: null }, tenant: null });

type WelinkRow = { userId: string; mobile: string | null; email: string | null; employeeId: string | null };
export type AutoBindPlan = { bind: { welinkUserId: string; oaUserId: string; term: string }[]; review: Omit<NewReview, "tenantId" | "corpId">[]; unmatched: number };

/**
 * The rule over every unbound WeLink person at once (pure): one index of the OA people, then a
 * few look-ups per person. An OA person bound earlier in the pass leaves the index, so the rule
 * never gives one OA person to two WeLink people.
 */
export function planAutoBind(rule: BindingRule, welink: Iterable<WelinkRow>, oa: Iterable<MatchCandidate>, boundOaIds: ReadonlySet<string>): AutoBindPlan {
  const index = indexOaPeople(termsOf(rule), oa, boundOaIds);
  const plan: AutoBindPlan = { bind: [], review: [], unmatched: 0 };
  for (const w of welink) {
    const keys = welinkKeys({ userId: w.userId, mobileNumber: w.mobile ?? undefined, email: w.email ?? undefined, employeeId: w.employeeId ?? undefined });
    const result = matchIndexed(rule, keys, index);
    if (result.matched) {
      plan.bind.push({ welinkUserId: w.userId, oaUserId: result.oaUserId, term: result.terms.map(termKey).join("+") });
      takeFromIndex(index, result.oaUserId);
    } else if (result.reason === "ambiguous") plan.review.push({ welinkUserId: w.userId, field: result.field, candidates: result.candidates });
    else plan.unmatched++;
  }
  return plan;
}

/**
 * Binds a corp's unbound, not-removed WeLink people by its binding rule (after a good pull, or
 * on demand). Existing bindings are never touched; ambiguous people go to the review queue.
 */
export async function autoBindCorp(deps: Deps, corpId: string, ctx: Ctx = ruleCtx()): Promise<AutoBindSummary> {
  const corp = await store.findCorpById(deps.db, corpId);
  if (!corp) return { bound: 0, review: 0, unmatched: 0, byTerm: [] };
  const rule = parseBindingRule(corp.bindingRule);
  if (!rule.enabled || rule.terms.length === 0) return { bound: 0, review: 0, unmatched: 0, byTerm: [] };
  const [welink, oa, bound] = await Promise.all([store.unboundWelinkUsers(deps.db, corpId), store.allOaCandidates(deps.db, corp.tenantId), store.allBoundOaIds(deps.db, corpId)]);
  const plan = planAutoBind(rule, welink, oa, bound);
  const now = deps.clock.now();
  const rows = plan.bind.map(({ term, ...b }) => ({ row: { tenantId: corp.tenantId, corpId, ...b, method: "rule" as const, createdAt: now, createdBy: ctx.actor.label }, term }));
  // Each binding commits with its audit entry; batches let the driver free its statements.
  for (let i = 0; i < rows.length; i += PER_TRANSACTION) {
    const part = rows.slice(i, i + PER_TRANSACTION);
    await inTransaction(deps.db, async (tx) => {
      await store.insertBindingRows(tx, part.map((p) => p.row));
      // The audit says which term matched, so "why is this person bound to that one" has an answer.
      for (const { row, term } of part) await recordAudit(tx, now, ctx, { action: "binding.create", target: bindingTarget(row), after: { ...row, matchedBy: term }, tenantId: corp.tenantId });
    });
    await eventLoopTurn();
  }
  for (let i = 0; i < plan.review.length; i += PER_TRANSACTION) {
    const part = plan.review.slice(i, i + PER_TRANSACTION);
    await inTransaction(deps.db, async (tx) => {
      for (const r of part) await queueReview(tx, now, { tenantId: corp.tenantId, corpId, ...r });
    });
    await eventLoopTurn();
  }
  deps.log.info("auto-bind finished", { corpId, bound: rows.length, review: plan.review.length, unmatched: plan.unmatched });
  return { bound: rows.length, review: plan.review.length, unmatched: plan.unmatched, byTerm: countByTerm(rule, plan) };
}

/** Bindings per term, in the rule's order (OR: each term alone; AND: the one "+"-joined key). */
function countByTerm(rule: BindingRule, plan: AutoBindPlan): AutoBindSummary["byTerm"] {
  const terms = termsOf(rule);
  const keys = rule.combine === "and" ? [terms.map(termKey).join("+")] : terms.map(termKey);
  return keys.map((term) => ({ term, bound: plan.bind.filter((b) => b.term === term).length }));
}
