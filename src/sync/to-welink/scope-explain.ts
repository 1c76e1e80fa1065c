import { and, eq } from "drizzle-orm";
import type { Conn } from "../../kernel/db/client.ts";
import { fromUserRow, listDepartmentRows, oaUsers, type OaUser } from "../../oa/index.ts";
import { findPushSettings } from "./settings-store.ts";
import { loadPushConfig } from "./settings.ts";
import { oaTree, personDeptIds, type OaTree } from "./scope.ts";
import type { PushConfig } from "./types.ts";

/**
 * Which scope rule decides whether one OA person is in the OA → WeLink sync, in the order
 * resolveScope applies them (so the answer never disagrees with a run): the corp's direction
 * first, then inactive, excluded, the include list, then the department subtrees.
 */
export type ScopeRule =
  | "readOnly" | "writeback" | "unknownPerson" | "inactive" | "excluded" | "included" | "notIncluded" | "everyone" | "inDept" | "outsideDepts";
export type ScopeAnswer = { inScope: boolean | null; rule: ScopeRule; dept?: { id: string; name: string } };

/** Pure: the rule that puts this person in or out (scope.ts's resolveScope, one person at a time). */
export function scopeRuleFor(config: PushConfig, tree: OaTree, u: OaUser): ScopeAnswer {
  if (!u.active) return { inScope: false, rule: "inactive" };
  if (config.scope.exclude.includes(u.id)) return { inScope: false, rule: "excluded" };
  if (config.scope.include.length > 0) return config.scope.include.includes(u.id) ? { inScope: true, rule: "included" } : { inScope: false, rule: "notIncluded" };
  if (config.scope.depts.length === 0) return { inScope: true, rule: "everyone" };
  const chosen = new Set(config.scope.depts);
  for (const id of personDeptIds(u, config.includePartTime)) {
    const taker = nearestChosen(tree, id, chosen);
    if (taker) return { inScope: true, rule: "inDept", dept: { id: taker.id, name: taker.name } };
  }
  return { inScope: false, rule: "outsideDepts" };
}

/** The nearest chosen department at or above `id`; stops on a cycle in OA data. */
function nearestChosen(tree: OaTree, id: string, chosen: ReadonlySet<string>) {
  const seen = new Set<string>();
  for (let d = tree.byId.get(id); d && !seen.has(d.id); d = d.parentId === null ? undefined : tree.byId.get(d.parentId)) {
    if (chosen.has(d.id)) return d;
    seen.add(d.id);
  }
  return undefined;
}

/** The scope answer for one OA person of a corp; reads only. */
export async function explainScope(db: Conn, corp: { id: string; tenantId: string; contactPermission: string }, oaUserId: string | null): Promise<ScopeAnswer> {
  if (corp.contactPermission !== "read-write") return { inScope: null, rule: "readOnly" };
  if ((await findPushSettings(db, corp.id))?.direction === "to-oa") return { inScope: null, rule: "writeback" };
  const [row] = oaUserId === null ? [] : await db.select().from(oaUsers).where(and(eq(oaUsers.tenantId, corp.tenantId), eq(oaUsers.id, oaUserId)));
  if (!row) return { inScope: null, rule: "unknownPerson" };
  const depts = (await listDepartmentRows(db, corp.tenantId)).map((d) => ({ id: d.id, parentId: d.parentId, name: d.name, order: d.order }));
  return scopeRuleFor(await loadPushConfig(db, corp.id), oaTree(depts), fromUserRow(row));
}
