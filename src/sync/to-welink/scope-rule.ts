import type { OaDept, OaUser } from "../../oa/index.ts";
import type { ScopeWhy, Why } from "./reasons.ts";
import { reasonText } from "./reasons.ts";
import { type OaTree, personDeptIds, type PushScope } from "./scope.ts";
import type { PlanItem, PushConfig } from "./types.ts";

/**
 * Which scope rule put each plan item in or out (pure), so the plan can say it: exclude wins, then
 * the "only these people" list, then the chosen departments and branches (分部) — naming the
 * chosen one the object sits under — and departments that only go because they hold something.
 */

const named = (d: OaDept): ScopeWhy => ({ code: d.kind === "branch" ? "scope.underBranch" : "scope.underDept", params: { name: d.name, id: d.id } });

/** The nearest chosen department or branch at or above `id` (a cycle in OA data stops the walk). */
function chosenAbove(tree: OaTree, chosen: ReadonlySet<string>, id: string): OaDept | undefined {
  const seen = new Set<string>();
  for (let d = tree.byId.get(id); d && !seen.has(d.id); d = d.parentId === null ? undefined : tree.byId.get(d.parentId)) {
    if (chosen.has(d.id)) return d;
    seen.add(d.id);
  }
  return undefined;
}

/**
 * The rule that decides one active OA person, in resolveScope's order (so neither a plan line nor
 * the explain page can disagree with a run), with the chosen department or branch that takes them.
 */
export function personRule(config: PushConfig, tree: OaTree, u: OaUser): { why: ScopeWhy; dept?: OaDept } {
  const { exclude, include, depts } = config.scope;
  if (exclude.includes(u.id)) return { why: { code: "scope.excluded" } };
  if (include.length > 0) return { why: { code: include.includes(u.id) ? "scope.included" : "scope.notIncluded" } };
  // Chosen departments the OA no longer lists still narrow the scope (resolveScope keeps nobody
  // under them): only an empty choice means everyone.
  if (depts.length === 0) return { why: { code: "scope.all" } };
  const chosen = new Set(depts);
  for (const id of personDeptIds(u, config.includePartTime)) {
    const d = chosenAbove(tree, chosen, id);
    if (d) return { why: named(d), dept: d };
  }
  return { why: { code: "scope.notUnder" } };
}

export function scopeRules(config: PushConfig, tree: OaTree, scope: PushScope) {
  const chosen = new Set(config.scope.depts);
  return {
    person: (u: OaUser): ScopeWhy | undefined => (u.active ? personRule(config, tree, u).why : undefined),
    dept(id: string): ScopeWhy | undefined {
      if (!tree.byId.has(id)) return undefined;
      const d = chosen.size === 0 ? undefined : chosenAbove(tree, chosen, id);
      if (chosen.size === 0) return { code: "scope.all" };
      if (d) return named(d);
      return scope.deptIds.has(id) ? { code: "scope.holds" } : { code: "scope.notUnder" };
    },
  };
}

/** The items with the scope rule added to their reason (the English `reason` follows `why`). */
export function withScopeRules(items: PlanItem[], rules: ReturnType<typeof scopeRules>, users: ReadonlyMap<string, OaUser>): PlanItem[] {
  return items.map((it) => {
    if (it.oaId === null) return it;
    const u = it.object === "user" ? users.get(it.oaId) : undefined;
    const scope = it.object === "dept" ? rules.dept(it.oaId) : u && rules.person(u);
    // With no scope set everything is in: saying so on every line would only be noise.
    if (!scope || scope.code === "scope.all") return it;
    const why: Why = { ...it.why, scope };
    return { ...it, why, reason: reasonText("en", why) };
  });
}
