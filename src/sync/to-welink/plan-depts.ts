import { AppError } from "../../kernel/errors.ts";
import type { OaDept } from "../../oa/index.ts";
import type { DeptRecord } from "../from-welink/diff.ts";
import type { OaTree, PushScope } from "./scope.ts";
import { because } from "./reasons.ts";
import type { DeptDesired, DeptRef, PlanAction, PlanInput, PlanItem } from "./types.ts";
import { cleanText, NAME_MAX, welinkText } from "./welink-values.ts";

/**
 * Departments, parents before children: a bound department keeps its binding (renames and moves
 * become updates), an unbound one is matched by name under its parent's WeLink counterpart or
 * created there. Matching never looks past the parent, so two departments with one name in
 * different places never swap.
 */

export type DeptPlan = {
  /** Everything but removals, shallowest first. */
  items: PlanItem[];
  /** Removals, deepest first (WeLink refuses to remove a department that still has children). */
  removals: PlanItem[];
  /** OA id → the WeLink deptCode known at plan time, or null when this run creates it. */
  codes: Map<string, string | null>;
  /** OA id → depth in the OA (roots 0). */
  depth: Map<string, number>;
  /** WeLink deptCode → OA id, for bindings and this plan's matches. */
  oaOfCode: Map<string, string>;
};

/** WeLink's root: its first-level departments have this parentCode. */
export const WELINK_ROOT = "0";

type Ctx = {
  input: PlanInput;
  tree: OaTree;
  pushed: ReadonlySet<string>;
  welink: Map<string, DeptRecord>;
  /** `${parentCode}\n${trimmed name}` → WeLink departments there, in mirror order. */
  byParentAndName: Map<string, DeptRecord[]>;
  oaToCode: Map<string, string>;
  claimed: Set<string>;
  plan: DeptPlan;
};

const key = (parentCode: string, name: string) => `${parentCode}\n${name.trim()}`;

function context(input: PlanInput, tree: OaTree, scope: PushScope): Ctx {
  const welink = new Map<string, DeptRecord>();
  const byParentAndName = new Map<string, DeptRecord[]>();
  for (const d of input.welink.depts) {
    welink.set(d.deptCode, d);
    if (d.deptCode === WELINK_ROOT) continue;
    const k = key(d.parentCode, d.nameCn);
    const list = byParentAndName.get(k);
    if (list) list.push(d);
    else byParentAndName.set(k, [d]);
  }
  const oaToCode = new Map(input.deptBindings.map((b) => [b.oaDeptId, b.deptCode]));
  const oaOfCode = new Map(input.deptBindings.map((b) => [b.deptCode, b.oaDeptId]));
  const plan: DeptPlan = { items: [], removals: [], codes: new Map(), depth: new Map(), oaOfCode };
  return { input, tree, pushed: scope.deptIds, welink, byParentAndName, oaToCode, claimed: new Set(), plan };
}

function mountPoint(ctx: Ctx): string {
  const top = ctx.input.config.topDeptCode;
  if (top === null || top === WELINK_ROOT) return WELINK_ROOT;
  if (!ctx.welink.has(top)) {
    throw new AppError("TOP_DEPT_NOT_FOUND", { name: top });
  }
  return top;
}

/** WeLink's first-level departments, which the OA's roots must match when no top department is chosen. */
function firstLevel(ctx: Ctx): DeptRecord[] {
  if (ctx.input.config.topDeptCode !== null) return [];
  return ctx.input.welink.depts.filter((d) => d.parentCode === WELINK_ROOT && d.deptCode !== WELINK_ROOT);
}

function deptItem(ctx: Ctx, d: OaDept, action: PlanAction, o: Pick<PlanItem, "welinkId" | "desired" | "changes" | "reason" | "why" | "invalid">): PlanItem {
  const parentOaId = d.parentId !== null && ctx.tree.byId.has(d.parentId) ? d.parentId : null;
  return { object: "dept", action, oaId: d.id, name: d.name.trim(), parentOaId, depth: ctx.plan.depth.get(d.id) ?? 0, ...o };
}

function planBound(ctx: Ctx, d: OaDept, code: string, parent: DeptRef): PlanItem {
  const desired: DeptDesired = { nameCn: cleanText(d.name), orderNo: d.order, parent };
  const rec = ctx.welink.get(code);
  if (!rec) {
    ctx.plan.codes.set(d.id, null);
    return deptItem(ctx, d, "create", { welinkId: null, desired, changes: null, ...because("dept.recreate", { code }) });
  }
  ctx.plan.codes.set(d.id, code);
  const changes: Record<string, [unknown, unknown]> = {};
  const parentCode = "deptCode" in parent ? parent.deptCode : undefined;
  if (rec.parentCode !== parentCode) changes.parentCode = [rec.parentCode, parentCode ?? parent];
  if (cleanText(rec.nameCn) !== desired.nameCn) changes.nameCn = [rec.nameCn, desired.nameCn];
  if (changes.parentCode) return deptItem(ctx, d, "move", { welinkId: code, desired, changes, ...because("dept.moved") });
  if (changes.nameCn) return deptItem(ctx, d, "update", { welinkId: code, desired, changes, ...because("dept.renamed") });
  return deptItem(ctx, d, "skip", { welinkId: code, desired: null, changes: null, ...because("unchanged") });
}

/** A WeLink department under `parentCode` with this name that no other OA department holds. */
function sibling(ctx: Ctx, parentCode: string, name: string): DeptRecord | undefined {
  const list = ctx.byParentAndName.get(key(parentCode, name)) ?? [];
  return list.find((w) => !ctx.plan.oaOfCode.has(w.deptCode) && !ctx.claimed.has(w.deptCode));
}

function topLevelMismatch(d: OaDept, top: DeptRecord[]): AppError {
  const names = top.map((w) => w.nameCn).join("」「");
  return new AppError("TOP_LEVEL_MISMATCH", { oa: d.name.trim(), welink: names });
}

function planUnbound(ctx: Ctx, d: OaDept, parent: DeptRef, top: DeptRecord[] | null): PlanItem {
  const desired: DeptDesired = { nameCn: cleanText(d.name), orderNo: d.order, parent };
  const match = "deptCode" in parent ? sibling(ctx, parent.deptCode, d.name) : undefined;
  if (match) {
    ctx.claimed.add(match.deptCode);
    ctx.plan.oaOfCode.set(match.deptCode, d.id);
    ctx.plan.codes.set(d.id, match.deptCode);
    return deptItem(ctx, d, "match", { welinkId: match.deptCode, desired: null, changes: null, ...because("dept.sameName") });
  }
  if (top && top.length > 0) throw topLevelMismatch(d, top);
  ctx.plan.codes.set(d.id, null);
  return deptItem(ctx, d, "create", { welinkId: null, desired, changes: null, ...because("notInWelink") });
}

function parentRef(ctx: Ctx, d: OaDept, mount: string): DeptRef {
  const parentId = d.parentId !== null && ctx.tree.byId.has(d.parentId) ? d.parentId : null;
  if (parentId === null) return { deptCode: mount };
  const code = ctx.plan.codes.get(parentId);
  return typeof code === "string" ? { deptCode: code } : { oaDeptId: parentId };
}

/** A name WeLink would refuse (empty, too long) keeps the department out of the writes, and its people with it. */
function checkName(item: PlanItem): PlanItem {
  const d = item.desired as DeptDesired | null;
  if (!d || (item.action !== "create" && !item.changes?.nameCn)) return item;
  const c = welinkText(d.nameCn, NAME_MAX);
  if (c.ok) return item;
  return { ...item, invalid: true, ...because("invalid", undefined, [{ field: "name", kind: c.kind, value: d.nameCn, ...(c.max === undefined ? {} : { max: c.max }) }]) };
}

/** Breadth first over the pushed departments, so every parent is planned before its children. */
function planLevels(ctx: Ctx, mount: string): void {
  const top = firstLevel(ctx);
  let level = ctx.tree.roots.filter((d) => ctx.pushed.has(d.id));
  for (let depth = 0; level.length > 0; depth++) {
    const next: OaDept[] = [];
    for (const d of level) {
      ctx.plan.depth.set(d.id, depth);
      const parent = parentRef(ctx, d, mount);
      const code = ctx.oaToCode.get(d.id);
      ctx.plan.items.push(checkName(code !== undefined ? planBound(ctx, d, code, parent) : planUnbound(ctx, d, parent, depth === 0 ? top : null)));
      for (const c of ctx.tree.children.get(d.id) ?? []) if (ctx.pushed.has(c.id)) next.push(c);
    }
    level = next;
  }
}

/** Depth in WeLink (first level 0), memoised; a cycle in the mirror ends the walk. */
function welinkDepth(ctx: Ctx, code: string, memo: Map<string, number>): number {
  const chain: string[] = [];
  let at: string | undefined = code;
  let base = -1;
  while (at !== undefined && at !== WELINK_ROOT && !chain.includes(at)) {
    const known = memo.get(at);
    if (known !== undefined) {
      base = known;
      break;
    }
    chain.push(at);
    at = ctx.welink.get(at)?.parentCode;
  }
  chain.reverse().forEach((c, i) => memo.set(c, base + 1 + i));
  return memo.get(code) ?? 0;
}

/** Bound departments the push no longer covers; those WeLink no longer has need nothing. */
function planRemovals(ctx: Ctx): void {
  const memo = new Map<string, number>();
  for (const b of ctx.input.deptBindings) {
    const rec = ctx.welink.get(b.deptCode);
    if (ctx.pushed.has(b.oaDeptId) || !rec) continue;
    const oa = ctx.tree.byId.get(b.oaDeptId);
    const why = because(oa ? "dept.outOfScope" : "dept.gone");
    const parentOaId = oa?.parentId ?? ctx.plan.oaOfCode.get(rec.parentCode) ?? null;
    // WeLink's depth, not the OA's: removals must go children first as WeLink holds them.
    const depth = welinkDepth(ctx, rec.deptCode, memo);
    ctx.plan.removals.push({ object: "dept", action: "remove", oaId: oa ? oa.id : null, welinkId: rec.deptCode, name: rec.nameCn, parentOaId, depth, desired: null, changes: null, ...why });
  }
  ctx.plan.removals.sort((a, b) => b.depth - a.depth);
}

export function planDepts(input: PlanInput, tree: OaTree, scope: PushScope): DeptPlan {
  const ctx = context(input, tree, scope);
  const mount = mountPoint(ctx);
  planLevels(ctx, mount);
  planRemovals(ctx);
  return ctx.plan;
}
