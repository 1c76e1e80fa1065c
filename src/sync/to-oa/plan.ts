import { countItems } from "../to-welink/plan.ts";
import type { Plan, PlanInput } from "../to-welink/types.ts";
import { planOaDepts } from "./plan-depts.ts";
import { planOaPeople } from "./plan-people.ts";

/**
 * The WeLink → OA plan (pure), in the push journal's order: departments parents first, people,
 * then people disabled, then departments disabled deepest first (an OA may refuse to disable a
 * department that still holds active people). `oaPeopleInScope` here counts WeLink's people: the
 * source whose sudden shrinking the decrease threshold guards against. `deptOrder` false: the OA
 * keeps no department order, so a different order is no change.
 */
export function planWriteback(input: PlanInput, o: { deptOrder: boolean } = { deptOrder: true }): Plan {
  const depts = planOaDepts(input, o.deptOrder);
  const people = planOaPeople(input, depts);
  const items = [...depts.items, ...people.items, ...people.removals, ...depts.removals];
  return { items, counts: countItems(items), oaPeopleInScope: people.inScope, boundPeople: input.userBindings.length, boundDepts: input.deptBindings.length };
}
