import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import type { Conn } from "../../kernel/db/client.ts";
import type { OaUser } from "../../oa/index.ts";
import { leaveReason, oaTree, resolveScope } from "./scope.ts";
import type { PushConfig } from "./types.ts";
import { corpRowOf } from "../../corps/index.ts";
import * as store from "./settings-store.ts";

/*
 * What the push settings page warns about before anything runs: bound people these settings put
 * out of scope, whom the next run removes from WeLink (irreversible, hence said up front).
 */

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export type ScopeWarning = { boundLeaving: number; message: string };

export const warningMessage = (n: number) =>
  n === 0
    ? "Every bound person is inside this scope."
    : `${n} bound ${n === 1 ? "person is" : "people are"} outside this scope and will be removed from WeLink on the next run.`;

/**
 * Counts the corp's bound people (still in WeLink) that these settings leave out, the OA's
 * departed included — with the planner's own scope rules (push-scope.ts), so the warning and the
 * next run agree.
 */
export async function scopeWarning(db: Conn, key: { tenantId: string; corpId: string }, config: PushConfig): Promise<ScopeWarning> {
  const [depts, bound] = await Promise.all([store.oaDeptParents(db, key.tenantId), store.boundPeople(db, key.tenantId, key.corpId)]);
  const people = new Map<string, OaUser>();
  for (const b of bound) {
    if (b.active === null) continue;
    const partTime = JSON.parse(b.partTimeDeptIds ?? "[]") as string[];
    people.set(b.oaUserId, { id: b.oaUserId, account: "", name: "", mainDeptId: b.mainDeptId ?? undefined, partTimeDeptIds: partTime, active: b.active });
  }
  const tree = oaTree(depts.map((d) => ({ ...d, name: "", order: 0 })));
  const scope = resolveScope(config, tree, [...people.values()]);
  const leaving = bound.filter((b) => leaveReason(people.get(b.oaUserId), scope) !== undefined).length;
  return { boundLeaving: leaving, message: warningMessage(leaving) };
}

export type DeptChoice = { deptCode: string; label: string };

/** The corp's live WeLink departments as "parent / child" paths, in tree order, for the top-department choice. */
export async function topDeptChoices(deps: Deps, ctx: Ctx, corpId: string): Promise<DeptChoice[]> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const rows = await store.liveDepts(deps.db, corp.id);
  const byParent = new Map<string, typeof rows>();
  const codes = new Set(rows.map((r) => r.deptCode));
  for (const r of rows) {
    const parent = codes.has(r.parentCode) && r.parentCode !== r.deptCode ? r.parentCode : "";
    push(byParent, parent, r);
  }
  const out: DeptChoice[] = [];
  const walk = (parent: string, path: string) => {
    for (const r of byParent.get(parent) ?? []) {
      const label = path ? `${path} / ${r.nameCn}` : r.nameCn;
      out.push({ deptCode: r.deptCode, label });
      if (out.length < rows.length) walk(r.deptCode, label);
    }
  };
  walk("", "");
  return out;
}
