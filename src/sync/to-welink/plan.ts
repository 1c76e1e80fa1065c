import { planDepts } from "./plan-depts.ts";
import { planPeople } from "./plan-people.ts";
import { oaTree, resolveScope } from "./scope.ts";
import { scopeRules, withScopeRules } from "./scope-rule.ts";
import type { Plan, PlanAction, PlanCounts, PlanInput, PlanItem } from "./types.ts";

/**
 * The OA → WeLink push plan (pure: no I/O, no clock). Departments first so people have somewhere
 * to go, removals last — people before the departments they leave empty, deepest departments
 * first — because WeLink refuses to remove a department that still holds anything.
 */

const ACTIONS: readonly PlanAction[] = ["match", "create", "update", "move", "remove", "skip"];

export function countItems(items: readonly PlanItem[]): PlanCounts {
  const counts = {} as PlanCounts;
  for (const object of ["dept", "user"] as const) for (const a of ACTIONS) counts[`${object}.${a}`] = 0;
  for (const i of items) counts[`${i.object}.${i.action}`]++;
  return counts;
}

/** Throws TOP_DEPT_NOT_FOUND or TOP_LEVEL_MISMATCH (409) when the OA cannot be mounted in WeLink. */
export function planPush(input: PlanInput): Plan {
  const tree = oaTree(input.oa.depts);
  const scope = resolveScope(input.config, tree, input.oa.users);
  const depts = planDepts(input, tree, scope);
  const people = planPeople(input, scope, depts);
  const users = new Map(input.oa.users.map((u) => [u.id, u]));
  const items = withScopeRules([...depts.items, ...people.items, ...people.removals, ...depts.removals], scopeRules(input.config, tree, scope), users);
  return {
    items,
    counts: countItems(items),
    oaPeopleInScope: scope.people.length,
    boundPeople: input.userBindings.length,
    boundDepts: input.deptBindings.length,
  };
}
