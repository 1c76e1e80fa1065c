import { z } from "@hono/zod-openapi";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { errors } from "../../kernel/errors.ts";
import { decodeSaid, type Said } from "../../kernel/said.ts";
import { tenantOf } from "../../corps/index.ts";
import type { Why } from "./reasons.ts";
import type { PlanAction, PlanCounts } from "./types.ts";
import { runView, type RunView } from "../run-view.ts";
import * as planStore from "./plan-store.ts";
import * as store from "../store.ts";

export const PLAN_ACTIONS = ["match", "create", "update", "move", "remove", "skip"] as const satisfies readonly PlanAction[];
export const ITEM_STATES = ["planned", "held", "started", "done", "failed", "set_aside", "skipped", "invalid"] as const satisfies readonly planStore.ItemState[];
const OBJECTS = ["dept", "user"] as const;

export const PlanItemView = z
  .object({
    seq: z.number().int(),
    object: z.enum(OBJECTS),
    action: z.enum(PLAN_ACTIONS),
    oaId: z.string().nullable(),
    welinkId: z.string().nullable(),
    name: z.string(),
    parentOaId: z.string().nullable(),
    depth: z.number().int(),
    desired: z.record(z.string(), z.unknown()).nullable().openapi({ description: "The WeLink fields to write (create, update, move)" }),
    changes: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])).nullable().openapi({ description: "{field: [before, after]}" }),
    reason: z.string(),
    reasonCode: z.string().nullable().openapi({ description: "The reason as a stable code (e.g. `dept.sameName`, `invalid`); null on plans made before codes" }),
    scopeRule: z
      .object({ code: z.string(), params: z.object({ name: z.string(), id: z.string() }).optional() })
      .nullable()
      .openapi({ description: "Which scope rule put the object in or out (e.g. `scope.underBranch` with the branch's name and id, `scope.excluded`); null when no scope is set or the OA side is gone" }),
    reasonParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
    problems: z
      .array(z.object({ field: z.string(), kind: z.string(), value: z.string().optional(), max: z.number().optional(), holder: z.string().optional() }))
      .nullable()
      .openapi({ description: "For state `invalid`: each value WeLink would refuse (never sent)" }),
    state: z.enum(ITEM_STATES).openapi({ description: "`invalid`: holds a value WeLink would refuse; never applied. `set_aside`: failed and given up" }),
    attempts: z.number().int(),
    error: z.string().nullable(),
    errorCode: z.string().nullable().openapi({ description: "WeLink's error code of the last failure (e.g. 47004), or the bridge's" }),
  })
  .openapi("PushPlanItem");
export type PlanItemView = z.infer<typeof PlanItemView>;

export const PlanCountsView = z.record(z.string(), z.number().int()).openapi("PushPlanCounts", { description: "Items per `<object>.<action>` over the whole run" });

/** `dept`: a department's key in the admin's tree (`PlanTree`), "" for items under none. */
export type PlanQuery = { action?: PlanAction; object?: "dept" | "user"; state?: planStore.ItemState; parentOaId?: string; dept?: string; text?: string; limit: number; offset: number };
export type PlanPage = { items: PlanItemView[]; total: number; counts: PlanCounts };

const parsed = <T>(json: string | null): T | null => (json === null ? null : (JSON.parse(json) as T));
const whyOf = (r: planStore.PushItemRow): Why | null => parsed<Why>(r.why);

export const planItemView = (r: planStore.PushItemRow): PlanItemView => ({
  seq: r.seq,
  object: r.object,
  action: r.action,
  oaId: r.oaId,
  welinkId: r.welinkId,
  name: r.name,
  parentOaId: r.parentOaId,
  depth: r.depth,
  desired: parsed(r.desired),
  changes: parsed(r.changes),
  reason: r.reason,
  reasonCode: whyOf(r)?.code ?? null,
  reasonParams: whyOf(r)?.params ?? null,
  scopeRule: whyOf(r)?.scope ?? null,
  problems: whyOf(r)?.problems ?? null,
  state: r.state,
  attempts: r.attempts,
  error: r.error,
  errorCode: r.errorCode,
});

export function emptyCounts(): PlanCounts {
  const counts = {} as PlanCounts;
  for (const o of OBJECTS) for (const a of PLAN_ACTIONS) counts[`${o}.${a}`] = 0;
  return counts;
}

/** A push run of the caller's tenant; any other run id (another tenant's, or a pull) reads as unknown. */
async function pushRunOf(deps: Deps, ctx: Ctx, runId: string): Promise<store.RunRow> {
  const run = await store.findRun(deps.db, tenantOf(ctx).id, runId);
  if (!run || (run.kind !== "push" && run.kind !== "writeback")) throw errors.notFound("pushRun", runId);
  return run;
}

async function countsOf(deps: Deps, runId: string): Promise<PlanCounts> {
  const counts = emptyCounts();
  for (const c of await planStore.countsByAction(deps.db, runId)) counts[`${c.object}.${c.action}`] = c.n;
  return counts;
}

/** A push run's stored plan, filtered and paged, with the counts of the whole plan. */
export async function listPlanItems(deps: Deps, ctx: Ctx, runId: string, q: PlanQuery): Promise<PlanPage> {
  const run = await pushRunOf(deps, ctx, runId);
  const filter = { action: q.action, object: q.object, state: q.state, parentOaId: q.parentOaId, dept: q.dept, writeback: run.kind === "writeback", text: q.text };
  const [rows, total, counts] = await Promise.all([
    planStore.listItems(deps.db, run.id, filter, q.limit, q.offset),
    planStore.countItems(deps.db, run.id, filter),
    countsOf(deps, run.id),
  ]);
  return { items: rows.map(planItemView), total, counts };
}

export type PlanTree = {
  run: RunView;
  /** The run's held reason and error as stored, for the page to say in its language. */
  held: Said | null;
  error: Said | null;
  counts: PlanCounts;
  depts: TreeDept[];
  /** People per tree department key ("" = none), at most `perDept` each. */
  people: Map<string, PlanItemView[]>;
  /** All people per tree department key, to say "and N more". */
  peopleTotal: Map<string, number>;
};

/**
 * A department where the tree puts it: `key` is what its children and people hang under,
 * `parentKey` what it hangs under. Both are OA ids, except that a department a write-back
 * creates is keyed by its WeLink code (`NEW_DEPT_KEY`), even once written: the items under it
 * were planned before it had an OA id.
 */
export type TreeDept = PlanItemView & { key: string | null; parentKey: string | null };

function treeDept(r: planStore.TreeItemRow, writeback: boolean): TreeDept {
  const created = writeback && r.action === "create" && r.welinkId !== null;
  return { ...planItemView(r), key: created ? `${planStore.NEW_DEPT_KEY}${r.welinkId}` : r.oaId, parentKey: r.treeParent };
}

/** The plan as the admin's tree: every department, and the first people of each department. */
export async function loadPlanTree(deps: Deps, ctx: Ctx, runId: string, o: { perDept: number; maxPeople: number }): Promise<PlanTree> {
  const run = await pushRunOf(deps, ctx, runId);
  const writeback = run.kind === "writeback";
  const [depts, people, totals, counts] = await Promise.all([
    planStore.deptItems(deps.db, run.id, writeback),
    planStore.peopleItemsCapped(deps.db, run.id, { perDept: o.perDept, max: o.maxPeople, writeback }),
    planStore.peopleCountsByDept(deps.db, run.id, writeback),
    countsOf(deps, run.id),
  ]);
  const byDept = new Map<string, PlanItemView[]>();
  for (const p of people) {
    const key = p.treeParent ?? "";
    const list = byDept.get(key);
    if (list) list.push(planItemView(p));
    else byDept.set(key, [planItemView(p)]);
  }
  return { run: runView(run), held: decodeSaid(run.heldReason), error: decodeSaid(run.error), counts, depts: depts.map((d) => treeDept(d, writeback)), people: byDept, peopleTotal: new Map(totals.map((t) => [t.treeParent ?? "", t.n])) };
}
