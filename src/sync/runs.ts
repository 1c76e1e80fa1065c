import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import { removeDepts, removeUsers } from "../directory/index.ts";
import type { Ctx } from "../kernel/actor.ts";
import { type Conn, inTransaction } from "../kernel/db/client.ts";
import { errors } from "../kernel/errors.ts";
import { corpRowOf, tenantOf } from "../corps/index.ts";
import { changeView, type ChangeView, runView, type RunView } from "./run-view.ts";
import { decodeSaid, type Said } from "../kernel/said.ts";
import { approvePushRun } from "./to-welink/sync.ts";
import { applyStoredWriteback } from "./to-oa/run.ts";
import { latestPush } from "./to-welink/store.ts";
import { clearRulesOf } from "./from-welink/scope.ts";
import * as store from "./store.ts";

export type Page = { limit: number; offset: number };

async function runRowOf(db: Conn, ctx: Ctx, runId: string): Promise<store.RunRow> {
  const row = await store.findRun(db, tenantOf(ctx).id, runId);
  if (!row) throw errors.notFound("syncRun", runId);
  return row;
}

export async function listSyncRuns(deps: Deps, ctx: Ctx, corpId: string, page: Page): Promise<RunView[]> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  return (await store.listRuns(deps.db, corp.tenantId, corp.id, page.limit, page.offset)).map(runView);
}

export async function getSyncRun(deps: Deps, ctx: Ctx, runId: string): Promise<RunView> {
  return runView(await runRowOf(deps.db, ctx, runId));
}

export async function listRunChanges(deps: Deps, ctx: Ctx, runId: string, page: Page, filter: store.ChangeFilter = {}): Promise<{ items: ChangeView[]; total: number }> {
  const read = await readRunChanges(deps, ctx, runId, page, filter);
  return { items: read.items.map((i) => i.view), total: read.total };
}

/** A run as its page shows it: the view, and its stored sentences to render in the reader's language. */
export async function readRun(deps: Deps, ctx: Ctx, runId: string): Promise<{ view: RunView; held: Said | null; error: Said | null }> {
  const row = await runRowOf(deps.db, ctx, runId);
  return { view: runView(row), held: decodeSaid(row.heldReason), error: decodeSaid(row.error) };
}

export type ChangeRead = { view: ChangeView; reason: Said | null };

export async function readRunChanges(deps: Deps, ctx: Ctx, runId: string, page: Page, filter: store.ChangeFilter = {}): Promise<{ items: ChangeRead[]; total: number }> {
  const run = await runRowOf(deps.db, ctx, runId);
  const rows = await store.listChanges(deps.db, run.tenantId, run.id, page.limit, page.offset, filter);
  const total = await store.countChangeRows(deps.db, run.tenantId, run.id, filter);
  return { items: rows.map((r) => ({ view: changeView(r), reason: decodeSaid(r.reason) })), total };
}

/**
 * Held removals wait for an admin. Only the corp's latest pull may be approved: after a newer
 * pull the held list is stale (someone may have come back), and that pull has its own.
 */
async function heldRunOf(tx: Conn, ctx: Ctx, runId: string): Promise<store.RunRow> {
  const run = await runRowOf(tx, ctx, runId);
  if (run.status !== "held") throw errors.conflict("RUN_NOT_HELD", { runStatus: run.status });
  const latest = run.kind === "push" || run.kind === "writeback" ? await latestPush(tx, run.corpId, run.kind) : await store.latestPull(tx, run.corpId);
  if (latest && latest.id !== run.id) throw errors.conflict("RUN_SUPERSEDED", { runKind: run.kind });
  return run;
}

/** Applies the run's held removals (delete or mark, per the corp's current setting); audited. */
export async function approveRun(deps: Deps, ctx: Ctx, runId: string): Promise<RunView> {
  const now = deps.clock.now();
  const kind = (await runRowOf(deps.db, ctx, runId)).kind;
  if (kind === "push") return approvePush(deps, ctx, runId);
  // A held write-back wrote nothing yet either: approving applies its journal to the OA (not the pull's removals).
  if (kind === "writeback") return (await applyStoredWriteback(deps, ctx, runId)).run;
  return inTransaction(deps.db, async (tx) => {
    const run = await heldRunOf(tx, ctx, runId);
    // What a failed page would have listed looks removed: approving would remove people never read.
    if (run.failed > 0) {
      throw errors.conflict("RUN_INCOMPLETE", { failed: run.failed, removed: run.removed });
    }
    const settings = await store.findPullSettings(tx, run.corpId);
    const pending = await store.pendingRemovals(tx, run.id);
    const clear = clearRulesOf(settings);
    await removeDepts(tx, run.corpId, pending.filter((p) => p.object === "dept").map((p) => p.objectId), { delete: clear.depts, now });
    await removeUsers(tx, run.corpId, pending.filter((p) => p.object === "user").map((p) => p.objectId), { delete: clear.people, now });
    await store.markRunChangesApplied(tx, run.id);
    await store.updateRun(tx, run.id, { status: "approved" });
    await recordAudit(tx, now, ctx, { action: "sync.run.approve", target: `sync-run:${run.id}`, after: { removals: pending.length, deleted: clear } });
    return runView({ ...run, status: "approved" });
  });
}

/**
 * A held push wrote nothing yet: approving checks the plan is still fresh and starts applying it
 * (audited there). The answer is the run as it starts (running); its end is read like any run's.
 */
async function approvePush(deps: Deps, ctx: Ctx, runId: string): Promise<RunView> {
  return (await approvePushRun(deps, ctx, runId)).run;
}

/** Drops the held removals: the objects stay as they are; audited. */
export async function dismissRun(deps: Deps, ctx: Ctx, runId: string): Promise<RunView> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const run = await heldRunOf(tx, ctx, runId);
    await store.updateRun(tx, run.id, { status: "dismissed" });
    await recordAudit(tx, now, ctx, { action: "sync.run.dismiss", target: `sync-run:${run.id}`, after: { removalsDismissed: run.removed } });
    return runView({ ...run, status: "dismissed" });
  });
}
