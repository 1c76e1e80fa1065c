import { eq } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import { allBindingRows, loadDeptRecords, loadUserRecords } from "../../directory/index.ts";
import type { Conn } from "../../kernel/db/client.ts";
import { type Said, saidOf, say } from "../../kernel/said.ts";
import { findConnection, oaDeptOf, fromUserRow, listDepartmentRows, oaUsers, refreshOaDirectory } from "../../oa/index.ts";
import { type CorpRow, parseBindingRule } from "../../corps/index.ts";
import type { WelinkClient } from "../../welink/index.ts";
import { pullCorp } from "../from-welink/pull.ts";
import { loadPushConfig } from "./settings.ts";
import { allDeptBindings } from "./store.ts";
import type { PlanInput } from "./types.ts";
import * as store from "../store.ts";

/** A pull this recent already shows today's WeLink; pulling again would only cost WeLink calls. */
export const FRESH_PULL_MS = 5 * 60_000;

export type Gathered = { input: PlanInput; healthProblem: Said | null };
export type Phase = (phase: "pulling" | "refreshing" | "planning") => Promise<void>;

/**
 * Brings both sides up to date (WeLink pull, OA refresh) and reads what the planner needs. Either
 * side failing to refresh is not fatal — the stored copies are used — but it is a health problem,
 * so removals are not trusted to a stale picture.
 */
export async function gatherInput(deps: Deps, corp: CorpRow, o: { trigger: "manual" | "schedule"; client?: WelinkClient; phase: Phase }): Promise<Gathered> {
  const problems: Said[] = [];
  await o.phase("pulling");
  const pullProblem = await pullFirst(deps, corp, o);
  if (pullProblem) problems.push(pullProblem);
  const conn = await findConnection(deps.db, corp.tenantId);
  if (conn && conn.type !== "csv") {
    await o.phase("refreshing");
    try {
      // A scheduled push reads the OA's changes only where it can (in full once a period); an admin's push reads everything.
      await refreshOaDirectory(deps, corp.tenantId, o.trigger, o.trigger === "schedule" ? "auto" : "full");
    } catch (e) {
      problems.push(say("push.health.oaFailed", undefined, saidOf(e)));
    }
  }
  await o.phase("planning");
  // The first problem is the reason given: either one alone holds the removals.
  return { input: await readInput(deps.db, corp), healthProblem: problems[0] ?? null };
}

async function pullFirst(deps: Deps, corp: CorpRow, o: { trigger: "manual" | "schedule"; client?: WelinkClient }): Promise<Said | null> {
  const last = await store.lastGoodPull(deps.db, corp.id);
  if (last?.finishedAt != null && deps.clock.now() - last.finishedAt < FRESH_PULL_MS) return null;
  try {
    const run = await pullCorp(deps, { tenantId: corp.tenantId, corpId: corp.id, trigger: o.trigger, client: o.client });
    if (run.status === "held" && run.counts.failed > 0) return say("push.health.pullPages", { count: run.counts.failed });
    return null;
  } catch (e) {
    return say("push.health.pullFailed", undefined, saidOf(e));
  }
}

/** Both directories, the bindings and the corp's settings, as the planner reads them. */
export async function readInput(db: Conn, corp: CorpRow): Promise<PlanInput> {
  const depts = (await listDepartmentRows(db, corp.tenantId)).map(oaDeptOf);
  const users = (await db.select().from(oaUsers).where(eq(oaUsers.tenantId, corp.tenantId))).map(fromUserRow);
  const wDepts = [...(await loadDeptRecords(db, corp.id)).values()].filter((d) => d.removedAt === null);
  const wUsers = [...(await loadUserRecords(db, corp.id)).values()].filter((u) => u.removedAt === null);
  const deptBindings = (await allDeptBindings(db, corp.id)).map((b) => ({ deptCode: b.deptCode, oaDeptId: b.oaDeptId }));
  const userBindings = (await allBindingRows(db, corp.id)).map((b) => ({ welinkUserId: b.welinkUserId, oaUserId: b.oaUserId }));
  return {
    config: await loadPushConfig(db, corp.id),
    rule: parseBindingRule(corp.bindingRule),
    oa: { depts, users },
    welink: { depts: wDepts, users: wUsers },
    deptBindings,
    userBindings,
  };
}
