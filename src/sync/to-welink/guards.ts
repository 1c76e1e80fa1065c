import { say } from "../../kernel/said.ts";
import type { GuardInput, GuardVerdict } from "./types.ts";

/**
 * Removing people from WeLink cannot be undone, so a push that removes more than usual waits for
 * an admin. In order: the OA shrank suspiciously (likely a broken OA export), too many removals
 * at once, then WeLink's health — where only removals wait, since updates and creates are safe.
 */

/** The breaker's limit: the smaller of the absolute cap and the share of what is bound. */
export function removalLimit(max: number, pct: number, bound: number): number {
  // At least 1: in a small org the share rounds down to 0 and any single removal would trip it.
  return Math.min(max, Math.max(1, Math.floor((pct * bound) / 100)));
}

function decreaseHold(g: GuardInput): GuardVerdict | undefined {
  const { lastGoodOaPeople: last, config, plan } = g;
  if (last === null || config.decreaseThreshold === null) return undefined;
  const drop = last - plan.oaPeopleInScope;
  if (drop <= config.decreaseThreshold) return undefined;
  return { kind: "hold", reason: say("push.held.decrease", { now: plan.oaPeopleInScope, drop, last, threshold: config.decreaseThreshold }) };
}

function breakerHold(g: GuardInput): GuardVerdict | undefined {
  const { plan, config } = g;
  const b = config.breaker;
  const users = plan.counts["user.remove"];
  const userLimit = removalLimit(b.usersMax, b.usersPct, plan.boundPeople);
  if (users > userLimit) return { kind: "hold", reason: say("push.held.users", { count: users, limit: userLimit }) };
  const depts = plan.counts["dept.remove"];
  const deptLimit = removalLimit(b.deptsMax, b.deptsPct, plan.boundDepts);
  if (depts > deptLimit) return { kind: "hold", reason: say("push.held.depts", { count: depts, limit: deptLimit }) };
  return undefined;
}

export function guardVerdict(g: GuardInput): GuardVerdict {
  const held = decreaseHold(g) ?? breakerHold(g);
  if (held) return held;
  const removals = g.plan.counts["user.remove"] + g.plan.counts["dept.remove"];
  if (g.healthProblem !== null && removals > 0) return { kind: "removalsOnly", reason: g.healthProblem };
  return { kind: "go" };
}
