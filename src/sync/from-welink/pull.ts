import type { Deps } from "../../deps.ts";
import { autoBindCorp, loadDeptRecords, loadUserRecords } from "../../directory/index.ts";
import { type Ctx, systemCtx } from "../../kernel/actor.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { newId } from "../../kernel/ids.ts";
import { appClient, corpRowOf } from "../../corps/index.ts";
import type { WelinkClient } from "../../welink/index.ts";
import { applyPull, type Failure } from "./apply.ts";
import { type Change, countChanges, type DeptRecord, diffDepts, diffUsers, healthProblem, type UserRecord } from "./diff.ts";
import { confirmMissing } from "./confirm.ts";
import { fetchDirectory } from "./fetch.ts";
import { progressReporter } from "./progress.ts";
import { clearRulesOf, liveCount, mirrorInScope, rootsOf } from "./scope.ts";
import { runView, type RunView } from "../run-view.ts";
import { encodeSaid, saidOf, say } from "../../kernel/said.ts";
import * as store from "../store.ts";

export type PullTarget = {
  tenantId: string;
  corpId: string;
  trigger: "manual" | "schedule";
  /** A client built by the caller (the benchmark lifts the rate limits); default: the sync app's. */
  client?: WelinkClient;
};

// One pull per corp at a time in this process; a second one is told so (409).
const running = new Set<string>();

/** The sync app's client: its token and visible range are what the pull sees. */
async function syncClient(deps: Deps, ctx: Ctx, corpId: string): Promise<WelinkClient> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  if (!corp.syncAppId) {
    throw new AppError("SYNC_APP_REQUIRED", { corp: corp.name, corpId: corp.id, step: "pull" });
  }
  return (await appClient(deps, ctx, corp.syncAppId)).client;
}

/**
 * Checks and records the run, then returns it with the work still going (`done`): the API
 * answers 202 with the run id and the admin polls its progress.
 */
export async function startPull(deps: Deps, target: PullTarget): Promise<{ run: RunView; done: Promise<RunView> }> {
  const ctx = systemCtx({ id: target.tenantId, slug: "" });
  const client = target.client ?? (await syncClient(deps, ctx, target.corpId));
  if (running.has(target.corpId)) throw errors.conflict("PULL_RUNNING");
  running.add(target.corpId);
  const run: store.RunRow = {
    id: newId(), tenantId: target.tenantId, corpId: target.corpId, kind: "pull", trigger: target.trigger, status: "running",
    startedAt: deps.clock.now(), finishedAt: null, progress: JSON.stringify({ phase: "departments", done: 0, total: null, etaMs: null }),
    added: 0, updated: 0, moved: 0, removed: 0, failed: 0, heldReason: null, error: null, deptCount: null, userCount: null, dryRun: false, planDigest: null,
  };
  try {
    await store.insertRun(deps.db, run);
  } catch (e) {
    running.delete(target.corpId);
    throw e;
  }
  const done = executePull(deps, run, client).finally(() => running.delete(target.corpId));
  return { run: runView(run), done };
}

/** Runs a pull to the end (schedules, tests, `?wait=true`). */
export async function pullCorp(deps: Deps, target: PullTarget): Promise<RunView> {
  return (await startPull(deps, target)).done;
}

async function executePull(deps: Deps, run: store.RunRow, client: WelinkClient): Promise<RunView> {
  try {
    const settings = await store.findPullSettings(deps.db, run.corpId);
    const lastGood = await store.lastGoodPull(deps.db, run.corpId);
    const report = progressReporter(deps, run.id, lastGood?.userCount ?? null);
    const t0 = performance.now();
    const roots = rootsOf(settings);
    const fetched = await fetchDirectory(client, report.fetch, roots);
    await report.phase("applying");
    const t1 = performance.now();
    const now = deps.clock.now();
    const mirror = mirrorInScope({ roots }, { depts: await loadDeptRecords(deps.db, run.corpId), users: await loadUserRecords(deps.db, run.corpId) }, fetched.depts);
    // Scoped: what is missing may only have moved out of the scope, so WeLink is asked before anything is removed.
    const { depts, users, failures } = roots === null
      ? { depts: diffDepts(mirror.depts, fetched.depts, now), users: diffUsers(mirror.users, fetched.users, now), failures: fetched.failures }
      : await confirmed(client, diffDepts(mirror.depts, fetched.depts, now), diffUsers(mirror.users, fetched.users, now), fetched.failures, now);
    // A scoped pull compares with what the mirror holds in its scope: the last run may have read another scope.
    const last = roots === null ? { users: lastGood?.userCount ?? null, depts: lastGood?.deptCount ?? null } : lastGood ? { users: liveCount(mirror.users), depts: liveCount(mirror.depts) } : { users: null, depts: null };
    const problem = healthProblem(failures.length, {
      users: fetched.users.size, depts: fetched.depts.size, lastUsers: last.users, lastDepts: last.depts,
      thresholdPct: settings?.shrinkThreshold ?? 10,
    });
    const t2 = performance.now();
    await applyPull(deps, { run, depts, users, failures, holdRemovals: problem !== null, clear: clearRulesOf(settings), now, onProgress: report.apply });
    const ms = { fetchMs: Math.round(t1 - t0), diffMs: Math.round(t2 - t1), writeMs: Math.round(performance.now() - t2) };
    const counts = countChanges([...depts, ...users, ...failures.map(() => ({ action: "fail" as const }))]);
    Object.assign(run, counts, {
      status: problem ? "held" : "ok", heldReason: problem && encodeSaid(problem), finishedAt: deps.clock.now(), progress: null,
      deptCount: fetched.depts.size, userCount: fetched.users.size,
    });
    await report.stop();
    await store.updateRun(deps.db, run.id, run);
    deps.log.info("welink pull finished", { corpId: run.corpId, runId: run.id, status: run.status, ...counts, ...ms });
    if (run.status === "ok" && settings?.autoBind) await autoBind(deps, run);
    return runView(run);
  } catch (e) {
    const err = e instanceof AppError ? e : errors.internal(e);
    Object.assign(run, { status: "failed", finishedAt: deps.clock.now(), error: encodeSaid(saidOf(err)), progress: null });
    await store.updateRun(deps.db, run.id, run).catch(() => undefined);
    deps.log.warn("welink pull failed", { corpId: run.corpId, runId: run.id, error: e instanceof Error ? e : String(e) });
    throw err;
  }
}

/** The scoped diff after its removals were confirmed; a failed confirmation counts as a failed page. */
async function confirmed(client: WelinkClient, depts: Change<DeptRecord>[], users: Change<UserRecord>[], failures: Failure[], now: number) {
  const c = await confirmMissing(client, depts, users, now);
  return { depts: c.depts, users: c.users, failures: [...failures, ...c.failures] };
}

/** New people bound by the corp's rule after a good pull; a failure there does not undo the pull. */
async function autoBind(deps: Deps, run: store.RunRow): Promise<void> {
  try {
    await autoBindCorp(deps, run.corpId);
  } catch (e) {
    deps.log.warn("auto-binding after a pull failed", { corpId: run.corpId, runId: run.id, error: e instanceof Error ? e : String(e) });
  }
}

/**
 * At start, before any schedule runs: pulls and callback runs left running by a process that
 * died (killed, crashed, restarted) are closed as failed, saying they were interrupted. Nothing
 * of theirs resumes: the next pull reads WeLink whole again. Returns how many were closed.
 */
export async function closeInterruptedPulls(deps: Deps): Promise<number> {
  const left = await store.runsLeftRunning(deps.db, ["pull", "callback"]);
  for (const run of left) {
    const error = encodeSaid(say("run.interrupted", { runKind: run.kind }));
    await store.updateRun(deps.db, run.id, { status: "failed", error, finishedAt: deps.clock.now(), progress: null });
  }
  if (left.length > 0) deps.log.warn("pulls interrupted by a stop were closed", { runs: left.map((r) => r.id) });
  return left.length;
}

/** The API's run-now: the corp must be the caller's (404 otherwise). */
export async function pullNow(deps: Deps, ctx: Ctx & { tenant: { id: string } }, corpId: string) {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  return startPull(deps, { tenantId: corp.tenantId, corpId: corp.id, trigger: "manual" });
}
