import type { ReasonCode } from "./reasons.ts";
import type { OaDept, OaUser } from "../../oa/index.ts";
import type { PushConfig } from "./types.ts";

/**
 * Which OA people and departments a push covers (pure). Exclude always wins, inactive people are
 * never in scope, and every department a pushed person sits in is pushed with its ancestors —
 * WeLink can only hold a department under its parent.
 */

export type PushScope = {
  /** In-scope people, in the OA's order. */
  people: OaUser[];
  peopleIds: ReadonlySet<string>;
  /** Departments to push: closed upwards (a department's parent is always in the set). */
  deptIds: ReadonlySet<string>;
  excluded: ReadonlySet<string>;
};

export type OaTree = { byId: Map<string, OaDept>; children: Map<string, OaDept[]>; roots: OaDept[] };

/** A department whose parent the OA does not list is treated as a root rather than dropped. */
export function oaTree(depts: readonly OaDept[]): OaTree {
  const byId = new Map(depts.map((d) => [d.id, d]));
  const children = new Map<string, OaDept[]>();
  const roots: OaDept[] = [];
  for (const d of depts) {
    const parent = d.parentId === null ? undefined : byId.get(d.parentId);
    if (!parent || parent.id === d.id) {
      roots.push(d);
      continue;
    }
    const list = children.get(parent.id);
    if (list) list.push(d);
    else children.set(parent.id, [d]);
  }
  return { byId, children, roots };
}

/** The subtrees under the chosen departments; null when no department was chosen (= all). */
function scopeSubtrees(tree: OaTree, chosen: readonly string[]): Set<string> | null {
  if (chosen.length === 0) return null;
  const seen = new Set<string>();
  const stack = chosen.filter((id) => tree.byId.has(id));
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const c of tree.children.get(id) ?? []) stack.push(c.id);
  }
  return seen;
}

/** The OA departments a person sits in for this push: main first, part-time ones when included. */
export function personDeptIds(u: OaUser, includePartTime: boolean): string[] {
  const ids = u.mainDeptId === undefined ? [] : [u.mainDeptId];
  return includePartTime ? [...new Set([...ids, ...u.partTimeDeptIds])] : ids;
}

function inDeptScope(u: OaUser, subtrees: Set<string> | null, includePartTime: boolean): boolean {
  // No department chosen means everyone, including people whose main department the OA lost:
  // the people planner skips those with a reason instead of removing them from WeLink.
  if (subtrees === null) return true;
  return personDeptIds(u, includePartTime).some((id) => subtrees.has(id));
}

function addWithAncestors(tree: OaTree, id: string, into: Set<string>): void {
  let d = tree.byId.get(id);
  // Stops at the first department already in the set, so a cycle in OA data cannot loop.
  while (d && !into.has(d.id)) {
    into.add(d.id);
    d = d.parentId === null ? undefined : tree.byId.get(d.parentId);
  }
}

export function resolveScope(config: PushConfig, tree: OaTree, users: readonly OaUser[]): PushScope {
  const { scope, includePartTime } = config;
  const subtrees = scopeSubtrees(tree, scope.depts);
  const include = new Set(scope.include);
  const exclude = new Set(scope.exclude);
  const people = users.filter((u) => {
    if (!u.active || exclude.has(u.id)) return false;
    return include.size > 0 ? include.has(u.id) : inDeptScope(u, subtrees, includePartTime);
  });
  const deptIds = new Set<string>();
  for (const id of subtrees ?? tree.byId.keys()) addWithAncestors(tree, id, deptIds);
  for (const u of people) for (const id of personDeptIds(u, includePartTime)) addWithAncestors(tree, id, deptIds);
  return { people, peopleIds: new Set(people.map((u) => u.id)), deptIds, excluded: exclude };
}

/** Why a bound OA person leaves WeLink; undefined while they are still in scope. */
export function leaveReason(u: OaUser | undefined, scope: PushScope): ReasonCode | undefined {
  if (!u) return "user.goneFromOa";
  if (!u.active) return "user.left";
  if (scope.excluded.has(u.id)) return "user.excluded";
  if (!scope.peopleIds.has(u.id)) return "user.outOfScope";
  return undefined;
}
