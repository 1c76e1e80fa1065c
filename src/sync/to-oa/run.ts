import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import { findCorpById } from "../../directory/index.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { eventLoopTurn, inTransaction } from "../../kernel/db/client.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { newId } from "../../kernel/ids.ts";
import { encodeSaid, saidOf, say } from "../../kernel/said.ts";
import { corpRowOf, type CorpRow, tenantOf } from "../../corps/index.ts";
import { oaConnectorFor, type OaWriteCapability, type OaWriter, refreshOaDirectory } from "../../oa/index.ts";
import { progressReporter } from "../from-welink/progress.ts";
import { runView, type RunView } from "../run-view.ts";
import { planDigest } from "../to-welink/digest.ts";
import { gatherInput } from "../to-welink/input.ts";
import { claim, released } from "../to-welink/sync.ts";
import type { Plan } from "../to-welink/types.ts";
import { applyWritebackItems } from "./apply.ts";
import { requireDirection } from "./direction.ts";
import { writebackVerdict } from "./guards.ts";
import { planWriteback } from "./plan.ts";
import * as pstore from "../to-welink/store.ts";
import * as store from "../store.ts";

/*
 * WeLink → OA write-back runs: the push's machinery the other way. Pull WeLink (when not fresh),
 * refresh the OA, plan, store the plan, guard, write through the connector, refresh the OA again
 * so the next plan starts from what the OA now holds.
 */

export type Started = { run: RunView; done: Promise<RunView> };
type C = { deps: Deps; run: store.RunRow; corp: CorpRow; writer: OaWriter };

const NEEDS: Record<string, OaWriteCapability> = { "dept.create": "createDept", "dept.update": "updateDept", "dept.move": "updateDept", "dept.remove": "disableDept", "user.create": "createUser", "user.update": "updateUser", "user.move": "updateUser", "user.remove": "disableUser" };

async function writerOf(deps: Deps, tenantId: string): Promise<OaWriter> {
  const writer = (await oaConnectorFor(deps, tenantId)).writer;
  if (!writer) throw new AppError("OA_NOT_SUPPORTED", { variant: "write", what: "write-back" });
  return writer;
}

async function finish(c: C, set: Partial<store.RunRow>): Promise<RunView> {
  Object.assign(c.run, set, { finishedAt: c.deps.clock.now(), progress: null });
  await store.updateRun(c.deps.db, c.run.id, c.run);
  c.deps.log.info("oa write-back finished", { corpId: c.run.corpId, runId: c.run.id, status: c.run.status });
  return runView(c.run);
}

async function failed(c: C, e: unknown): Promise<never> {
  const err = e instanceof AppError ? e : errors.internal(e);
  await finish(c, { status: "failed", error: encodeSaid(saidOf(err)) }).catch(() => undefined);
  throw err;
}

/** A plan needing a write the connector cannot do is refused before anything is written. */
function checkCapabilities(plan: Plan, writer: OaWriter): void {
  for (const [key, cap] of Object.entries(NEEDS)) {
    if (plan.counts[key as keyof Plan["counts"]] > 0 && !writer.capabilities.has(cap)) throw new AppError("OA_NOT_SUPPORTED", { variant: "write", what: cap });
  }
}

async function execute(c: C): Promise<RunView> {
  try {
    const report = progressReporter(c.deps, c.run.id, null);
    const { input, healthProblem } = await gatherInput(c.deps, c.corp, { trigger: c.run.trigger === "schedule" ? "schedule" : "manual", phase: report.phase });
    await report.stop();
    const plan = planWriteback(input, { deptOrder: c.writer.keepsDeptOrder !== false });
    checkCapabilities(plan, c.writer);
    const lastGood = await pstore.lastGoodPush(c.deps.db, c.run.corpId, "writeback");
    const verdict = c.run.dryRun ? { kind: "go" as const } : writebackVerdict({ plan, config: input.config, healthProblem, lastGoodOaPeople: lastGood?.userCount ?? null });
    const now = c.deps.clock.now();
    for (let i = 0; i < plan.items.length; i += pstore.ITEMS_PER_INSERT) {
      const rows = plan.items.slice(i, i + pstore.ITEMS_PER_INSERT).map((it, k) => pstore.itemRow(c.run.id, c.run.tenantId, i + k, it, now));
      if (verdict.kind === "removalsOnly") for (const r of rows) if (r.action === "remove" && r.state === "planned") r.state = "held";
      await inTransaction(c.deps.db, (tx) => pstore.insertItems(tx, rows));
      await eventLoopTurn();
    }
    const counts = { userCount: plan.oaPeopleInScope, deptCount: plan.items.filter((i) => i.object === "dept").length, planDigest: planDigest(input) };
    if (c.run.dryRun) return await finish(c, { ...counts, status: "planned" });
    if (verdict.kind === "hold") return await finish(c, { ...counts, status: "held", heldReason: encodeSaid(verdict.reason) });
    Object.assign(c.run, counts, { heldReason: verdict.kind === "removalsOnly" ? encodeSaid(verdict.reason) : null });
    await store.updateRun(c.deps.db, c.run.id, { ...counts, heldReason: c.run.heldReason });
    return await applyAndFinish(c);
  } catch (e) {
    return failed(c, e);
  }
}

/** Writes the journal's pending items, refreshes the OA snapshot, and ends the run as the push's do. */
export async function applyAndFinish(c: C): Promise<RunView> {
  try {
    await applyWritebackItems(c.deps, c.run, c.writer);
    await refreshOaDirectory(c.deps, c.run.tenantId, "manual").catch((e: unknown) => c.deps.log.warn("oa refresh after write-back failed", { corpId: c.run.corpId, error: e instanceof Error ? e : String(e) }));
    const held = await pstore.countItemsIn(c.deps.db, c.run.id, ["held"]);
    const counts = await pstore.changeCounts(c.deps.db, c.run.id);
    const status = held > 0 ? "held" : counts.failed > 0 ? "partial" : c.run.heldReason ? "approved" : "ok";
    return await finish(c, { ...counts, status });
  } catch (e) {
    return failed(c, e);
  }
}

export type WritebackTarget = { tenantId: string; corpId: string; trigger: "manual" | "schedule"; dryRun: boolean };

export async function startWriteback(deps: Deps, t: WritebackTarget): Promise<Started> {
  const corp = await findCorpById(deps.db, t.corpId);
  if (!corp || corp.tenantId !== t.tenantId) throw errors.notFound("corp", t.corpId);
  await requireDirection(deps.db, corp.id, "to-oa");
  const writer = await writerOf(deps, corp.tenantId);
  claim(corp.id);
  const run: store.RunRow = {
    id: newId(), tenantId: corp.tenantId, corpId: corp.id, kind: "writeback", trigger: t.trigger, status: "running",
    startedAt: deps.clock.now(), finishedAt: null, progress: JSON.stringify({ phase: "pulling", done: 0, total: null, etaMs: null }),
    added: 0, updated: 0, moved: 0, removed: 0, failed: 0, heldReason: null, error: null, deptCount: null, userCount: null, dryRun: t.dryRun, planDigest: null,
  };
  try {
    await store.insertRun(deps.db, run);
  } catch (e) {
    released(corp.id, Promise.reject(e));
    throw e;
  }
  return { run: runView(run), done: released(corp.id, execute({ deps, run, corp, writer })) };
}

export const writebackNow = async (deps: Deps, ctx: Ctx, corpId: string, o: { dryRun: boolean }) => {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  return startWriteback(deps, { tenantId: corp.tenantId, corpId: corp.id, trigger: "manual", dryRun: o.dryRun });
};

/** A dry run's plan or a held run, applied as stored (an admin's decision, audited), while it is the corp's newest write-back. */
export async function applyStoredWriteback(deps: Deps, ctx: Ctx, runId: string): Promise<Started> {
  const run = await store.findRun(deps.db, tenantOf(ctx).id, runId);
  if (!run || run.kind !== "writeback") throw errors.notFound("pushRun", runId);
  if (run.status !== "planned" && run.status !== "held") throw errors.conflict("RUN_NOT_APPLICABLE", { runStatus: run.status });
  if ((await pstore.countItemsIn(deps.db, run.id, ["held"])) > 0) throw errors.conflict("RUN_INCOMPLETE", { variant: "push" });
  const latest = await pstore.latestPush(deps.db, run.corpId, "writeback");
  if (latest && latest.id !== run.id) throw errors.conflict("RUN_SUPERSEDED", { variant: "apply" });
  const corp = (await findCorpById(deps.db, run.corpId))!;
  await requireDirection(deps.db, corp.id, "to-oa");
  const writer = await writerOf(deps, corp.tenantId);
  claim(corp.id);
  const action = run.status === "held" ? "sync.run.approve" : "sync.run.apply";
  const set = { status: "running" as const, finishedAt: null, dryRun: false };
  Object.assign(run, set);
  await store.updateRun(deps.db, run.id, set);
  await recordAudit(deps.db, deps.clock.now(), ctx, { action, target: `sync-run:${run.id}`, after: { kind: "writeback", corpId: run.corpId }, tenantId: run.tenantId });
  return { run: runView(run), done: released(corp.id, applyAndFinish({ deps, run, corp, writer })) };
}

/** At start: write-back runs left running by a crash continue from their journal (the same keys: no second write). */
export async function resumeWritebackRuns(deps: Deps): Promise<number> {
  let resumed = 0;
  for (const run of await store.runsLeftRunning(deps.db, ["writeback"])) {
    try {
      if (run.planDigest === null) throw new AppError("PUSH_INTERRUPTED");
      const corp = (await findCorpById(deps.db, run.corpId))!;
      const writer = await writerOf(deps, corp.tenantId);
      claim(corp.id);
      released(corp.id, applyAndFinish({ deps, run, corp, writer }));
      resumed++;
    } catch (e) {
      const said = e instanceof AppError && e.code === "PUSH_INTERRUPTED" ? saidOf(e) : say("push.notResumed", undefined, saidOf(e));
      await store.updateRun(deps.db, run.id, { status: "failed", error: encodeSaid(said), finishedAt: deps.clock.now(), progress: null });
    }
  }
  return resumed;
}
