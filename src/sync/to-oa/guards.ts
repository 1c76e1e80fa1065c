import { say } from "../../kernel/said.ts";
import { removalLimit } from "../to-welink/guards.ts";
import type { GuardInput, GuardVerdict } from "../to-welink/types.ts";

/**
 * The push's guards, said for the write-back: WeLink shrank suspiciously since the last good
 * write-back (a broken pull), too many OA people or departments disabled at once (the breaker),
 * then the health gate — where only the disabling waits, since creates and updates are safe.
 */
export function writebackVerdict(g: GuardInput): GuardVerdict {
  const { plan, config, lastGoodOaPeople: last } = g;
  if (last !== null && config.decreaseThreshold !== null && last - plan.oaPeopleInScope > config.decreaseThreshold) {
    return { kind: "hold", reason: say("writeback.held.decrease", { now: plan.oaPeopleInScope, drop: last - plan.oaPeopleInScope, last, threshold: config.decreaseThreshold }) };
  }
  const b = config.breaker;
  const users = plan.counts["user.remove"];
  const userLimit = removalLimit(b.usersMax, b.usersPct, plan.boundPeople);
  if (users > userLimit) return { kind: "hold", reason: say("writeback.held.users", { count: users, limit: userLimit }) };
  const depts = plan.counts["dept.remove"];
  const deptLimit = removalLimit(b.deptsMax, b.deptsPct, plan.boundDepts);
  if (depts > deptLimit) return { kind: "hold", reason: say("writeback.held.depts", { count: depts, limit: deptLimit }) };
  if (g.healthProblem !== null && users + depts > 0) return { kind: "removalsOnly", reason: g.healthProblem };
  return { kind: "go" };
}
