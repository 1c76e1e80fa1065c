import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import { findCorpById } from "../../directory/index.ts";
import { type Ctx, systemCtx } from "../../kernel/actor.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { newId } from "../../kernel/ids.ts";
import { encodeSaid, saidOf, say } from "../../kernel/said.ts";
import { appClient, type CorpRow, corpRowOf, tenantOf } from "../../corps/index.ts";
import type { WelinkClient } from "../../welink/index.ts";
import { applyAndFinish, executePush, type RunContext, startPlanned } from "./run.ts";
import { runView, type RunView } from "../run-view.ts";
import * as pstore from "./store.ts";
import { requireDirection } from "../to-oa/direction.ts";
import * as store from "../store.ts";

/*
 * OA → WeLink push runs: refuse read-only corps, pull first, refresh the OA, plan, guard, apply.
 */

export type PushTarget = {
  tenantId: string;
  corpId: string;
  trigger: "manual" | "schedule";
  dryRun: boolean;
  /** A client built by the caller (the benchmark); default: the sync app's. */
  client?: WelinkClient;
};
export type Started = { run: RunView; done: Promise<RunView> };

// One push per corp at a time in this process (planning, applying, approving): a second is told so.
const running = new Set<string>();

/** Shared with the write-back (src/sync/to-oa/): one organisation run per corp, whichever way. */
export function claim(corpId: string): void {
  if (running.has(corpId)) throw errors.conflict("PUSH_RUNNING");
  running.add(corpId);
}

/** Releases the corp's claim when the work ends, whichever way. */
export function released(corpId: string, done: Promise<RunView>): Promise<RunView> {
  const out = done.finally(() => running.delete(corpId));
  out.catch(() => undefined);
  return out;
}

/** The corp's sync app client; writes need the corp's contact permission to be read-write. */
export async function pushClient(deps: Deps, corp: CorpRow): Promise<WelinkClient> {
  if (corp.contactPermission !== "read-write") {
    throw new AppError("CORP_READ_ONLY", { corp: corp.name, corpId: corp.id });
  }
  if (!corp.syncAppId) {
    throw new AppError("SYNC_APP_REQUIRED", { corp: corp.name, corpId: corp.id, step: "push" });
  }
  const ctx = systemCtx({ id: corp.tenantId, slug: "" });
  return (await appClient(deps, ctx, corp.syncAppId)).client;
}

async function corpOf(deps: Deps, tenantId: string, corpId: string): Promise<CorpRow> {
  const corp = await findCorpById(deps.db, corpId);
  if (!corp || corp.tenantId !== tenantId) throw errors.notFound("corp", corpId);
  return corp;
}

/** Checks and records the run, then returns it with the work still going (`done`). */
export async function startPush(deps: Deps, target: PushTarget): Promise<Started> {
  const corp = await corpOf(deps, target.tenantId, target.corpId);
  await requireDirection(deps.db, corp.id, "to-welink");
  const client = await clientFor(deps, corp, target.client);
  claim(corp.id);
  const run: store.RunRow = {
    id: newId(), tenantId: corp.tenantId, corpId: corp.id, kind: "push", trigger: target.trigger, status: "running",
    startedAt: deps.clock.now(), finishedAt: null, progress: JSON.stringify({ phase: "pulling", done: 0, total: null, etaMs: null }),
    added: 0, updated: 0, moved: 0, removed: 0, failed: 0, heldReason: null, error: null, deptCount: null, userCount: null,
    dryRun: target.dryRun, planDigest: null,
  };
  try {
    await store.insertRun(deps.db, run);
  } catch (e) {
    running.delete(corp.id);
    throw e;
  }
  return { run: runView(run), done: released(corp.id, executePush({ deps, run, corp, client })) };
}

/** The read-write check comes first even with a caller's client: the bridge never writes to a read-only corp. */
async function clientFor(deps: Deps, corp: CorpRow, given: WelinkClient | undefined): Promise<WelinkClient> {
  if (given && corp.contactPermission === "read-write") return given;
  return pushClient(deps, corp);
}

/** Runs a push to the end (schedules, tests, `?wait=true`). */
export async function pushCorp(deps: Deps, target: PushTarget): Promise<RunView> {
  return (await startPush(deps, target)).done;
}

/** The API's run-now and dry run: the corp must be the caller's (404 otherwise). */
export async function pushNow(deps: Deps, ctx: Ctx, corpId: string, o: { dryRun: boolean }): Promise<Started> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  return startPush(deps, { tenantId: corp.tenantId, corpId: corp.id, trigger: "manual", dryRun: o.dryRun });
}

/** A stored plan may be applied only while it is the corp's newest push run and nothing ran since. */
async function storedRunOf(deps: Deps, ctx: Ctx, runId: string, status: "planned" | "held"): Promise<store.RunRow> {
  const run = await store.findRun(deps.db, tenantOf(ctx).id, runId);
  if (!run || run.kind !== "push") throw errors.notFound("pushRun", runId);
  if (run.status !== status) throw errors.conflict("RUN_NOT_APPLICABLE", status === "planned" ? { runStatus: run.status } : { variant: "held", runStatus: run.status });
  const latest = await pstore.latestPush(deps.db, run.corpId);
  if (latest && latest.id !== run.id) throw errors.conflict("RUN_SUPERSEDED", { variant: "apply" });
  return run;
}

async function startStored(deps: Deps, ctx: Ctx, run: store.RunRow, o: { guard: boolean; action: string }): Promise<Started> {
  const corp = await corpOf(deps, run.tenantId, run.corpId);
  await requireDirection(deps.db, corp.id, "to-welink");
  const client = await pushClient(deps, corp);
  claim(corp.id);
  try {
    const started = await startPlanned({ deps, run, corp, client }, {
      guard: o.guard,
      audit: () => recordAudit(deps.db, deps.clock.now(), ctx, { action: o.action, target: `sync-run:${run.id}`, after: { kind: "push", corpId: run.corpId }, tenantId: run.tenantId }),
    });
    return { run: started.run, done: released(corp.id, started.done) };
  } catch (e) {
    running.delete(corp.id);
    throw e;
  }
}

/** Applies a dry run's stored plan; refused (PLAN_STALE) when either side changed since it was made. */
export async function applyStoredPlan(deps: Deps, ctx: Ctx, runId: string): Promise<Started> {
  return startStored(deps, ctx, await storedRunOf(deps, ctx, runId, "planned"), { guard: true, action: "sync.run.apply" });
}

/**
 * Approves a held push run (a guard stopped it before any write). Removals held by the health
 * gate are not approvable: the picture they came from was incomplete, so a new run must decide.
 */
export async function approvePushRun(deps: Deps, ctx: Ctx, runId: string): Promise<Started> {
  const run = await storedRunOf(deps, ctx, runId, "held");
  if ((await pstore.countItemsIn(deps.db, run.id, ["held"])) > 0) {
    throw errors.conflict("RUN_INCOMPLETE", { variant: "push" });
  }
  return startStored(deps, ctx, run, { guard: false, action: "sync.run.approve" });
}

/**
 * At start: push runs left running by a crash continue from their journal. Every run is sorted
 * out (and the hopeless ones marked failed) before any resumes: the writes of a resumed run must
 * not meet another write of this function.
 */
export async function resumePushRuns(deps: Deps): Promise<number> {
  const ready: RunContext[] = [];
  for (const run of await store.runsLeftRunning(deps.db, ["push"])) {
    try {
      if (run.planDigest === null) throw new AppError("PUSH_INTERRUPTED");
      const corp = await corpOf(deps, run.tenantId, run.corpId);
      ready.push({ deps, run, corp, client: await pushClient(deps, corp) });
    } catch (e) {
      // Said in words of the reader's language: an interruption before the plan, or why it could not go on.
      const said = e instanceof AppError && e.code === "PUSH_INTERRUPTED" ? saidOf(e) : say("push.notResumed", undefined, saidOf(e));
      await store.updateRun(deps.db, run.id, { status: "failed", error: encodeSaid(said), finishedAt: deps.clock.now(), progress: null });
    }
  }
  let resumed = 0;
  for (const c of ready) {
    if (running.has(c.corp.id)) continue;
    claim(c.corp.id);
    released(c.corp.id, applyAndFinish(c));
    resumed++;
  }
  return resumed;
}
