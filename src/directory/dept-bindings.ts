import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { inTransaction } from "../kernel/db/client.ts";
import { AppError, errors } from "../kernel/errors.ts";
import { corpRowOf } from "../corps/index.ts";
import * as store from "./dept-binding-store.ts";

/*
 * WeLink department ⇄ OA department links, by hand. A link is what OA → WeLink planning reads
 * to treat a WeLink department as the OA one (plan-depts.ts), so a hand link changes the next
 * plan; like person bindings it is not an edit of the organisation, so read-only corps may link.
 */

export type DeptBindingView = {
  deptCode: string;
  oaDeptId: string;
  /** OA department names from the top down; null when the snapshot no longer has the department. */
  oaPath: string[] | null;
  method: store.DeptBindingRow["method"];
  createdAt: string;
  createdBy: string;
};
export type OaDeptChoice = { id: string; path: string[] };

type OaTree = Map<string, { parentId: string | null; name: string }>;

async function oaTreeOf(deps: Deps, tenantId: string): Promise<OaTree> {
  return new Map((await store.oaDeptTree(deps.db, tenantId)).map((d) => [d.id, d]));
}

/** Names from the top down; a cycle in the OA's data stops the walk instead of looping. */
function pathOf(tree: OaTree, id: string): string[] | null {
  if (!tree.has(id)) return null;
  const names: string[] = [];
  const seen = new Set<string>();
  for (let at: string | null = id; at !== null && !seen.has(at); at = tree.get(at)?.parentId ?? null) {
    const d = tree.get(at);
    if (!d) break;
    seen.add(at);
    names.unshift(d.name);
  }
  return names;
}

const view = (tree: OaTree, r: store.DeptBindingRow): DeptBindingView => ({
  deptCode: r.deptCode, oaDeptId: r.oaDeptId, oaPath: pathOf(tree, r.oaDeptId), method: r.method,
  createdAt: new Date(r.createdAt).toISOString(), createdBy: r.createdBy,
});

export async function listDeptBindings(deps: Deps, ctx: Ctx, corpId: string): Promise<DeptBindingView[]> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const [rows, tree] = await Promise.all([store.deptBindingRows(deps.db, corp.id), oaTreeOf(deps, corp.tenantId)]);
  return rows.map((r) => view(tree, r)).sort((a, b) => a.deptCode.localeCompare(b.deptCode));
}

/** OA departments whose name or id contains `q` (all when empty), with their paths, for the picker. */
export async function searchOaDepts(deps: Deps, ctx: Ctx, corpId: string, q: string, limit: number): Promise<{ items: OaDeptChoice[]; total: number }> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const tree = await oaTreeOf(deps, corp.tenantId);
  const needle = q.trim().toLowerCase();
  const hits = [...tree].filter(([id, d]) => !needle || id.toLowerCase().includes(needle) || d.name.toLowerCase().includes(needle));
  const items = hits.map(([id]) => ({ id, path: pathOf(tree, id)! })).sort((a, b) => a.path.join("/").localeCompare(b.path.join("/")));
  return { items: items.slice(0, limit), total: items.length };
}

/**
 * Links a mirror department to an OA department of the snapshot; an existing link of that WeLink
 * department is replaced (audited with before / after). An OA department already linked elsewhere
 * is refused: planning maps each OA department to one WeLink department.
 */
export async function linkDept(deps: Deps, ctx: Ctx, corpId: string, deptCode: string, oaDeptId: string): Promise<DeptBindingView> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const tree = await oaTreeOf(deps, corp.tenantId);
  if (!tree.has(oaDeptId)) throw errors.notFound("oaDepartment", oaDeptId);
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (tx) => {
    const dept = await store.findWelinkDept(tx, corp.id, deptCode);
    if (!dept || dept.removedAt !== null) throw errors.notFound("welinkDepartment", deptCode);
    const taken = await store.findDeptBindingOfOa(tx, corp.id, oaDeptId);
    if (taken && taken.deptCode !== deptCode) throw errors.conflict("DEPT_BINDING_CONFLICT", { oaDept: pathOf(tree, oaDeptId)!.join(" / "), dept: taken.deptCode });
    const before = await store.findDeptBinding(tx, corp.id, deptCode);
    const next: store.DeptBindingRow = { tenantId: corp.tenantId, corpId: corp.id, deptCode, oaDeptId, method: "admin", createdAt: now, createdBy: ctx.actor.label };
    if (before?.oaDeptId === oaDeptId) return before;
    if (before) await store.deleteDeptBindingRow(tx, corp.id, deptCode);
    await store.insertDeptBindingRow(tx, next);
    await recordAudit(tx, now, ctx, { action: "dept-binding.create", target: `corp:${corp.id}/dept:${deptCode}`, before, after: next, tenantId: corp.tenantId });
    return next;
  });
  return view(tree, row);
}

export async function unlinkDept(deps: Deps, ctx: Ctx, corpId: string, deptCode: string): Promise<void> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    const before = await store.findDeptBinding(tx, corp.id, deptCode);
    if (!before) throw new AppError("NOT_FOUND", { variant: "deptBinding", id: deptCode });
    await store.deleteDeptBindingRow(tx, corp.id, deptCode);
    await recordAudit(tx, now, ctx, { action: "dept-binding.delete", target: `corp:${corp.id}/dept:${deptCode}`, before, tenantId: corp.tenantId });
  });
}

/** A live department of the corp's mirror with its link (404 for a department the mirror does not have). */
export async function deptWithLink(deps: Deps, ctx: Ctx, corpId: string, deptCode: string) {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const dept = await store.findWelinkDept(deps.db, corp.id, deptCode);
  if (!dept || dept.removedAt !== null) throw errors.notFound("welinkDepartment", deptCode);
  const row = await store.findDeptBinding(deps.db, corp.id, deptCode);
  return { deptCode, nameCn: dept.nameCn, link: row ? view(await oaTreeOf(deps, corp.tenantId), row) : null };
}
