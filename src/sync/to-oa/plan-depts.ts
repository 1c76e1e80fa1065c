import type { OaDept } from "../../oa/index.ts";
import type { DeptRecord } from "../from-welink/diff.ts";
import { because } from "../to-welink/reasons.ts";
import type { DeptRef, OaDeptDesired, PlanInput, PlanItem } from "../to-welink/types.ts";

/**
 * WeLink → OA departments (pure): WeLink's tree, parents first, each bound, matched by name under
 * its OA parent, or created; bound OA departments whose WeLink department is gone are disabled,
 * deepest first. `topDeptCode` set: only its subtree, its children at the OA's top level.
 */

export type DeptPlan = { items: PlanItem[]; removals: PlanItem[]; refs: Map<string, DeptRef>; inScope: Set<string> };

function oaDepth(byId: Map<string, OaDept>, id: string): number {
  let depth = 0;
  for (let d = byId.get(id); d?.parentId && depth < 64; d = byId.get(d.parentId)) depth++;
  return depth;
}

/** WeLink departments under the top (or all), parents before children, with their depth. */
function walk(depts: DeptRecord[], top: string | null): { d: DeptRecord; depth: number }[] {
  const kids = new Map<string | null, DeptRecord[]>();
  const live = new Set(depts.map((d) => d.deptCode));
  for (const d of depts) {
    const parent = d.parentCode !== null && live.has(d.parentCode) ? d.parentCode : null;
    const list = kids.get(parent) ?? [];
    list.push(d);
    kids.set(parent, list);
  }
  for (const list of kids.values()) list.sort((a, b) => a.orderNo - b.orderNo || a.deptCode.localeCompare(b.deptCode));
  const out: { d: DeptRecord; depth: number }[] = [];
  let level = (kids.get(top) ?? []).map((d) => ({ d, depth: 0 }));
  while (level.length > 0) {
    out.push(...level);
    level = level.flatMap(({ d, depth }) => (kids.get(d.deptCode) ?? []).map((k) => ({ d: k, depth: depth + 1 })));
  }
  return out;
}

export function planOaDepts(input: PlanInput, deptOrder = true): DeptPlan {
  const oaById = new Map(input.oa.depts.map((d) => [d.id, d]));
  const bound = new Map(input.deptBindings.filter((b) => oaById.has(b.oaDeptId)).map((b) => [b.deptCode, b.oaDeptId]));
  const taken = new Set(bound.values());
  const byName = new Map<string, string>();
  for (const d of input.oa.depts) byName.set(`${d.parentId ?? ""}\n${d.name}`, d.id);
  const refs = new Map<string, DeptRef>();
  const items: PlanItem[] = [];
  const inScope = new Set<string>();
  for (const { d, depth } of walk(input.welink.depts, input.config.topDeptCode)) {
    inScope.add(d.deptCode);
    const parent = depth === 0 ? null : (refs.get(d.parentCode!) ?? null);
    const parentOaId = parent && "oaDeptId" in parent ? parent.oaDeptId : null;
    const desired: OaDeptDesired = { name: d.nameCn, order: d.orderNo, parent };
    const base = { object: "dept" as const, welinkId: d.deptCode, name: d.nameCn, parentOaId, depth, desired };
    let oaId = bound.get(d.deptCode);
    let matched = false;
    if (oaId === undefined && (parent === null || parentOaId !== null)) {
      const same = byName.get(`${parentOaId ?? ""}\n${d.nameCn}`);
      if (same !== undefined && !taken.has(same)) (oaId = same), (matched = true), taken.add(same);
    }
    if (oaId === undefined) {
      refs.set(d.deptCode, { deptCode: d.deptCode });
      items.push({ ...base, action: "create", oaId: null, changes: null, ...because("toOa.new") });
      continue;
    }
    refs.set(d.deptCode, { oaDeptId: oaId });
    const have = oaById.get(oaId)!;
    const changes: Record<string, [unknown, unknown]> = {};
    if (have.name !== d.nameCn) changes.name = [have.name, d.nameCn];
    if (deptOrder && have.order !== d.orderNo) changes.orderNo = [have.order, d.orderNo];
    const wantParent = parent === null ? null : parentOaId;
    if (wantParent === null && parent !== null) changes.parent = [have.parentId, `(${(parent as { deptCode: string }).deptCode})`];
    else if (have.parentId !== wantParent) changes.parent = [have.parentId, wantParent];
    const changed = Object.keys(changes).length > 0;
    const action = matched ? "match" : !changed ? "match" : "parent" in changes ? "move" : "update";
    const why = matched ? because("toOa.sameName") : changed ? because("toOa.changed") : because("unchanged");
    items.push({ ...base, action, oaId, changes: changed ? changes : null, ...why });
  }
  const removals: PlanItem[] = [];
  // Only departments WeLink no longer has: one outside the top's subtree is not the write-back's to disable.
  const inWelink = new Set(input.welink.depts.map((d) => d.deptCode));
  for (const [code, oaId] of bound) {
    if (inWelink.has(code)) continue;
    const have = oaById.get(oaId)!;
    removals.push({ object: "dept", action: "remove", oaId, welinkId: code, name: have.name, parentOaId: have.parentId, depth: oaDepth(oaById, oaId), desired: null, changes: null, ...because("toOa.gone") });
  }
  removals.sort((a, b) => b.depth - a.depth);
  return { items, removals, refs, inScope };
}
