import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { inTransaction } from "../../kernel/db/client.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { encodeSaid, saidOf } from "../../kernel/said.ts";
import { newId } from "../../kernel/ids.ts";
import { corpRowOf, type CorpRow } from "../../corps/index.ts";
import type { WelinkClient } from "../../welink/index.ts";
import { applyStoredItems } from "../to-welink/apply.ts";
import type { ItemRow } from "../to-welink/store.ts";
import * as pstore from "../to-welink/store.ts";
import { claim, pushClient, released } from "../to-welink/sync.ts";
import type { PlanItem, PushConfig } from "../to-welink/types.ts";
import { runView, type RunView } from "../run-view.ts";
import * as store from "../store.ts";
import { isRemoval, type OrgEdit } from "./input.ts";
import { type EditPlan, planEdit } from "./plan.ts";

/*
 * An admin's edit of a read-write corp's WeLink organisation: planned as one object, journalled
 * as a run of kind `edit` (push_items, like an OA → WeLink push), applied by the push's applier
 * (which also updates the mirror and drops bindings of what it removes), then audited.
 */

/** Between attempts at one object; an admin waits on the answer, so shorter than a scheduled push's. */
const RETRY_DELAY_MS = 100;

/** The push settings an edit applies with: part-time departments kept on a move; a person's removal as the admin chose. */
export function editConfig(removalMode: PushConfig["removalMode"]): PushConfig {
  return {
    topDeptCode: null, addNewPeople: true, fieldMapping: {}, includePartTime: false, scope: { depts: [], include: [], exclude: [] },
    removalMode, decreaseThreshold: null, breaker: { usersMax: 1, usersPct: 100, deptsMax: 1, deptsPct: 100 },
  };
}

/** How a stored edit removes a person: the reason's code says (the journal keeps it for a resume). */
export const removalModeOf = (it: Pick<ItemRow, "why">): PushConfig["removalMode"] => (it.why?.includes('"edit.delete"') ? "delete" : "close");

export type EditPreview = { edit: OrgEdit; item: PlanItem; removal: boolean };
export type EditResult = { run: RunView; item: { object: "dept" | "user"; action: string; welinkId: string | null; name: string; state: string } };

/** A read-only corp is refused every edit, with the reason in words; binding stays allowed there. */
export async function editableCorp(deps: Deps, ctx: Ctx, corpId: string): Promise<CorpRow> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  if (corp.contactPermission !== "read-write") throw new AppError("CORP_READ_ONLY", { variant: "edit", corp: corp.name, corpId: corp.id });
  return corp;
}

/** The plan an edit would run, without running it (the confirm page and the API's preview). */
export async function previewEdit(deps: Deps, ctx: Ctx, corpId: string, edit: OrgEdit): Promise<EditPreview> {
  const corp = await editableCorp(deps, ctx, corpId);
  const { item } = await planEdit(deps, corp.id, edit, ctx.actor.label);
  return { edit, item, removal: isRemoval(edit) };
}

/**
 * Plans, journals and applies one edit; a removal runs only when `confirm` says the admin saw
 * its plan. One organisation run per corp at a time, shared with the push and the write-back.
 */
export async function applyEdit(deps: Deps, ctx: Ctx, corpId: string, edit: OrgEdit, o: { confirm: boolean; client?: WelinkClient }): Promise<EditResult> {
  const corp = await editableCorp(deps, ctx, corpId);
  const plan = await planEdit(deps, corp.id, edit, ctx.actor.label);
  if (isRemoval(edit) && !o.confirm) throw new AppError("ORG_EDIT_UNCONFIRMED", { name: plan.item.name });
  const client = o.client ?? (await pushClient(deps, corp));
  claim(corp.id);
  const run = newRun(deps, corp);
  const done = journalAndApply(deps, ctx, { run, corp, client, plan, removalMode: edit.op === "removeUser" ? edit.mode : "close" });
  await released(corp.id, done.then((r) => r.run)).catch(() => undefined);
  return done;
}

function newRun(deps: Deps, corp: CorpRow): store.RunRow {
  return {
    id: newId(), tenantId: corp.tenantId, corpId: corp.id, kind: "edit", trigger: "manual", status: "running",
    startedAt: deps.clock.now(), finishedAt: null, progress: null, added: 0, updated: 0, moved: 0, removed: 0, failed: 0,
    heldReason: null, error: null, deptCount: null, userCount: null, dryRun: false, planDigest: "edit",
  };
}

type Job = { run: store.RunRow; corp: CorpRow; client: WelinkClient; plan: EditPlan; removalMode: PushConfig["removalMode"] };

async function journalAndApply(deps: Deps, ctx: Ctx, j: Job): Promise<EditResult> {
  const now = deps.clock.now();
  // The run and its one item are stored together: a crash leaves a run that resumes, never a run without its plan.
  await inTransaction(deps.db, async (tx) => {
    await store.insertRun(tx, j.run);
    await pstore.insertItems(tx, [pstore.itemRow(j.run.id, j.run.tenantId, 0, j.plan.item, now)]);
  });
  const view = await applyAndFinishEdit(deps, { run: j.run, client: j.client, removalMode: j.removalMode, actor: ctx });
  const [it] = await pstore.listItems(deps.db, j.run.id);
  if (!it) throw new Error(`edit run ${j.run.id} lost its item`);
  const result = { run: view, item: { object: it.object, action: it.action, welinkId: it.welinkId, name: it.name, state: it.state } };
  if (it.state !== "done") throw new AppError("ORG_EDIT_FAILED", { name: it.name, error: it.error ?? it.state });
  await auditEdit(deps, ctx, { corpId: j.corp.id, tenantId: j.corp.tenantId, runId: j.run.id }, it, j.plan.before);
  return result;
}

/** The audit record of an edit WeLink took: `org.<dept|user>.<create|update|move|delete|close>`. */
export async function auditEdit(deps: Deps, ctx: Ctx, at: { corpId: string; tenantId: string; runId: string }, it: ItemRow, before: unknown): Promise<void> {
  const removal = it.object === "user" ? removalModeOf(it) : "delete";
  await recordAudit(deps.db, deps.clock.now(), ctx, {
    action: `org.${it.object}.${it.action === "remove" ? removal : it.action}`,
    target: `corp:${at.corpId}/${it.object}:${it.welinkId ?? ""}`,
    before: before ?? undefined,
    after: it.action === "remove" ? undefined : { ...(it.desired ? (JSON.parse(it.desired) as object) : {}), welinkId: it.welinkId, runId: at.runId },
    tenantId: at.tenantId,
  });
}

/** Applies the edit's journal and ends its run: ok when WeLink took it, partial when it was set aside. */
export async function applyAndFinishEdit(deps: Deps, t: { run: store.RunRow; client: WelinkClient; removalMode: PushConfig["removalMode"]; actor: Ctx }): Promise<RunView> {
  try {
    await applyStoredItems(deps, { run: t.run, client: t.client, config: editConfig(t.removalMode), retryDelayMs: RETRY_DELAY_MS, actor: t.actor });
    const counts = await pstore.changeCounts(deps.db, t.run.id);
    Object.assign(t.run, counts, { status: counts.failed > 0 ? "partial" : "ok", finishedAt: deps.clock.now(), progress: null });
  } catch (e) {
    // A failure of WeLink or the app rather than of the object (auth, permission, outage): the run says why, the admin is told.
    const err = e instanceof AppError ? e : errors.internal(e);
    Object.assign(t.run, { status: "failed", error: encodeSaid(saidOf(err)), finishedAt: deps.clock.now(), progress: null });
    await store.updateRun(deps.db, t.run.id, t.run);
    throw err;
  }
  await store.updateRun(deps.db, t.run.id, t.run);
  return runView(t.run);
}
