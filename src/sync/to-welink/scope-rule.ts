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

export function scopeRules(config: PushConfig, tree: OaTree, scope: PushScope) {
  const chosen = new Set(config.scope.depts.filter((id) => tree.byId.has(id)));
  const include = new Set(config.scope.include);
  const under = (ids: readonly string[]): ScopeWhy => {
    if (chosen.size === 0) return { code: "scope.all" };
    for (const id of ids) {
      const d = chosenAbove(tree, chosen, id);
      if (d) return named(d);
    }
    return { code: "scope.notUnder" };
  };
  return {
    person(u: OaUser): ScopeWhy | undefined {
      if (!u.active) return undefined;
      if (scope.excluded.has(u.id)) return { code: "scope.excluded" };
      if (include.size > 0) return { code: include.has(u.id) ? "scope.included" : "scope.notIncluded" };
      return under(personDeptIds(u, config.includePartTime));
    },
    dept(id: string): ScopeWhy | undefined {
      if (!tree.byId.has(id)) return undefined;
      const why = under([id]);
      return why.code === "scope.notUnder" && scope.deptIds.has(id) ? { code: "scope.holds" } : why;
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
