import type { Deps } from "../../deps.ts";
import { eventLoopTurn, inTransaction } from "../../kernel/db/client.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { encodeSaid, saidOf } from "../../kernel/said.ts";
import type { CorpRow } from "../../corps/index.ts";
import type { WelinkClient } from "../../welink/index.ts";
import { applyStoredItems } from "./apply.ts";
import { planDigest } from "./digest.ts";
import { guardVerdict } from "./guards.ts";
import { type Gathered, gatherInput } from "./input.ts";
import { planPush } from "./plan.ts";
import { loadPushConfig } from "./settings.ts";
import type { GuardVerdict, PlanItem } from "./types.ts";
import { progressReporter } from "../from-welink/progress.ts";
import { runView, type RunView } from "../run-view.ts";
import * as pstore from "./store.ts";
import * as store from "../store.ts";

export type RunContext = { deps: Deps; run: store.RunRow; corp: CorpRow; client: WelinkClient; retryDelayMs?: number };

/** Pull, refresh and read both sides, reporting the phase on the run. */
async function gather(c: RunContext): Promise<Gathered> {
  const report = progressReporter(c.deps, c.run.id, null);
  const g = await gatherInput(c.deps, c.corp, { trigger: c.run.trigger === "schedule" ? "schedule" : "manual", client: c.client, phase: report.phase });
  await report.stop();
  return g;
}

async function finish(c: RunContext, set: Partial<store.RunRow>): Promise<RunView> {
  Object.assign(c.run, set, { finishedAt: c.deps.clock.now(), progress: null });
  await store.updateRun(c.deps.db, c.run.id, c.run);
  c.deps.log.info("oa push finished", { corpId: c.run.corpId, runId: c.run.id, status: c.run.status, dryRun: c.run.dryRun });
  return runView(c.run);
}

/** Records the failure on the run and rethrows it in the project's vocabulary. */
async function failed(c: RunContext, e: unknown): Promise<never> {
  const err = e instanceof AppError ? e : errors.internal(e);
  await finish(c, { status: "failed", error: encodeSaid(saidOf(err)) }).catch(() => undefined);
  c.deps.log.warn("oa push failed", { corpId: c.run.corpId, runId: c.run.id, error: e instanceof Error ? e : String(e) });
  throw err;
}

/**
 * Plans, stores the plan, guards it and applies it (or stops after storing it: dry run). The
 * guard's decision is stored with the plan — removals held in their rows, the run's digest and
 * status in one update — so a crash at any point resumes to the same decision, and a run
 * without a digest is one whose plan was never stored in full.
 */
export async function executePush(c: RunContext): Promise<RunView> {
  try {
    const { input, healthProblem } = await gather(c);
    const plan = planPush(input);
    const digest = planDigest(input);
    const lastGood = await pstore.lastGoodPush(c.deps.db, c.run.corpId);
    const verdict: GuardVerdict = c.run.dryRun ? { kind: "go" } : guardVerdict({ plan, config: input.config, healthProblem, lastGoodOaPeople: lastGood?.userCount ?? null });
    await storePlan(c, plan.items, verdict.kind === "removalsOnly");
    const counts = { userCount: plan.oaPeopleInScope, deptCount: plan.items.filter((i) => i.object === "dept").length, planDigest: digest };
    if (c.run.dryRun) return await finish(c, { ...counts, status: "planned" });
    if (verdict.kind === "hold") return await finish(c, { ...counts, status: "held", heldReason: encodeSaid(verdict.reason) });
    Object.assign(c.run, counts, { heldReason: verdict.kind === "removalsOnly" ? encodeSaid(verdict.reason) : null });
    await store.updateRun(c.deps.db, c.run.id, { ...counts, heldReason: c.run.heldReason });
    return await applyAndFinish(c);
  } catch (e) {
    return failed(c, e);
  }
}

async function storePlan(c: RunContext, items: PlanItem[], holdRemovals: boolean): Promise<void> {
  const now = c.deps.clock.now();
  for (let i = 0; i < items.length; i += pstore.ITEMS_PER_INSERT) {
    const rows = items.slice(i, i + pstore.ITEMS_PER_INSERT).map((it, k) => pstore.itemRow(c.run.id, c.run.tenantId, i + k, it, now));
    if (holdRemovals) for (const r of rows) if (r.action === "remove") r.state = "held";
    await inTransaction(c.deps.db, (tx) => pstore.insertItems(tx, rows));
    await eventLoopTurn();
  }
}

/**
 * Applies the journal's pending items and ends the run: held while removals wait (health gate),
 * partial when items were set aside, approved once an admin released a hold, ok otherwise. Counts come from the change log.
 */
export async function applyAndFinish(c: RunContext): Promise<RunView> {
  try {
    const config = await loadPushConfig(c.deps.db, c.run.corpId);
    await applyStoredItems(c.deps, { run: c.run, client: c.client, config, retryDelayMs: c.retryDelayMs });
    const held = await pstore.countItemsIn(c.deps.db, c.run.id, ["held"]);
    const invalid = await pstore.countItemsIn(c.deps.db, c.run.id, ["invalid"]);
    const counts = await pstore.changeCounts(c.deps.db, c.run.id);
    // Items set aside or never sendable make the run partial: it did not do all the OA asks, and says so.
    const status = held > 0 ? "held" : counts.failed + invalid > 0 ? "partial" : c.run.heldReason ? "approved" : "ok";
    return await finish(c, { ...counts, status });
  } catch (e) {
    return failed(c, e);
  }
}

/**
 * A stored plan is applied only if it was made from what both sides hold now: the directories
 * are brought up to date and the digest compared. A different digest marks the run stale.
 */
export async function checkFresh(c: RunContext): Promise<Gathered> {
  const g = await gather(c);
  await store.updateRun(c.deps.db, c.run.id, { progress: null });
  if (planDigest(g.input) === c.run.planDigest) return g;
  await finish(c, { status: "stale" });
  throw new AppError("PLAN_STALE");
}

/**
 * Turns a stored plan into a running apply: refused as stale first when either side changed;
 * the writes then go on in the background (`done`). A dry run's plan meets the same guards as
 * any run (the same input gives the same plan, so its counts are recomputed); a held run's
 * approval is the admin's answer to them.
 */
export async function startPlanned(c: RunContext, o: { guard: boolean; audit: () => Promise<void> }): Promise<{ run: RunView; done: Promise<RunView> }> {
  const { input, healthProblem } = await checkFresh(c);
  let verdict: GuardVerdict = { kind: "go" };
  if (o.guard) {
    const lastGood = await pstore.lastGoodPush(c.deps.db, c.run.corpId);
    verdict = guardVerdict({ plan: planPush(input), config: input.config, healthProblem, lastGoodOaPeople: lastGood?.userCount ?? null });
  }
  if (verdict.kind === "hold") {
    const view = await finish(c, { status: "held", heldReason: encodeSaid(verdict.reason), dryRun: false });
    return { run: view, done: Promise.resolve(view) };
  }
  if (verdict.kind === "removalsOnly") await pstore.holdRemovals(c.deps.db, c.run.id, c.deps.clock.now());
  const set = { status: "running" as const, finishedAt: null, dryRun: false, heldReason: verdict.kind === "removalsOnly" ? encodeSaid(verdict.reason) : c.run.heldReason };
  Object.assign(c.run, set);
  await store.updateRun(c.deps.db, c.run.id, set);
  // Before the writes start: nothing else of this process may write while they hold the lock.
  await o.audit();
  return { run: runView(c.run), done: applyAndFinish(c) };
}
