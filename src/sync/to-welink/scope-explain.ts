import { and, eq } from "drizzle-orm";
import type { Conn } from "../../kernel/db/client.ts";
import { fromUserRow, listDepartmentRows, oaUsers, type OaUser } from "../../oa/index.ts";
import { findPushSettings } from "./settings-store.ts";
import { loadPushConfig } from "./settings.ts";
import { oaTree, type OaTree } from "./scope.ts";
import type { ScopeKey } from "./reasons.ts";
import { personRule } from "./scope-rule.ts";
import type { PushConfig } from "./types.ts";

/**
 * Which scope rule decides whether one OA person is in the OA → WeLink sync, in the order
 * resolveScope applies them (so the answer never disagrees with a run): the corp's direction
 * first, then inactive, excluded, the include list, then the department subtrees.
 */
export type ScopeRule =
  | "readOnly" | "writeback" | "unknownPerson" | "inactive" | "excluded" | "included" | "notIncluded" | "everyone" | "inDept" | "outsideDepts";
export type ScopeAnswer = { inScope: boolean | null; rule: ScopeRule; dept?: { id: string; name: string } };

const RULE = {
  "scope.excluded": [false, "excluded"], "scope.included": [true, "included"], "scope.notIncluded": [false, "notIncluded"],
  "scope.all": [true, "everyone"], "scope.underDept": [true, "inDept"], "scope.underBranch": [true, "inDept"],
  "scope.notUnder": [false, "outsideDepts"], "scope.holds": [false, "outsideDepts"],
} as const satisfies Record<ScopeKey, readonly [boolean, ScopeRule]>;

/** Pure: the rule that puts this person in or out — the plan's own rule (scope-rule.ts), one person at a time. */
export function scopeRuleFor(config: PushConfig, tree: OaTree, u: OaUser): ScopeAnswer {
  if (!u.active) return { inScope: false, rule: "inactive" };
  const { why, dept } = personRule(config, tree, u);
  const [inScope, rule] = RULE[why.code];
  return dept ? { inScope, rule, dept: { id: dept.id, name: dept.name } } : { inScope, rule };
}

/** The scope answer for one OA person of a corp; reads only. */
export async function explainScope(db: Conn, corp: { id: string; tenantId: string; contactPermission: string }, oaUserId: string | null): Promise<ScopeAnswer> {
  if (corp.contactPermission !== "read-write") return { inScope: null, rule: "readOnly" };
  if ((await findPushSettings(db, corp.id))?.direction === "to-oa") return { inScope: null, rule: "writeback" };
  const [row] = oaUserId === null ? [] : await db.select().from(oaUsers).where(and(eq(oaUsers.tenantId, corp.tenantId), eq(oaUsers.id, oaUserId)));
  if (!row) return { inScope: null, rule: "unknownPerson" };
  const depts = (await listDepartmentRows(db, corp.tenantId)).map((d) => ({ id: d.id, parentId: d.parentId, name: d.name, order: d.order, ...(d.kind === "branch" ? { kind: "branch" as const } : {}) }));
  return scopeRuleFor(await loadPushConfig(db, corp.id), oaTree(depts), fromUserRow(row));
}
