import type { Deps } from "../../deps.ts";
import { inTransaction } from "../../kernel/db/client.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { newId } from "../../kernel/ids.ts";
import { encodeSaid, saidOf } from "../../kernel/said.ts";
import type { OaChanges, OaConnector, OaDept, OaUser } from "../contract.ts";
import { oaErrors } from "./errors.ts";
import { oaConnectorFor } from "./load-connector.ts";
import { refreshView, type RefreshView } from "./refresh-view.ts";
import * as staging from "../staging.ts";
import * as store from "../store.ts";

/**
 * full: read everything and swap it in (finds deletions); changes: read only what changed since
 * the last mark and merge it in; auto: changes where the source can list them and a full refresh
 * ran within the connection's full-refresh period, else full.
 */
export const REFRESH_KINDS = ["auto", "full", "changes"] as const;
export type RefreshKind = (typeof REFRESH_KINDS)[number];
export const DEFAULT_FULL_REFRESH_HOURS = 24;

// One refresh per tenant at a time in this process; a second request is told so (409).
const running = new Set<string>();
const PROGRESS_EVERY = 5000;

type Decided = { kind: "full" } | { kind: "changes"; since: string };

async function decide(deps: Deps, tenantId: string, connector: OaConnector, want: RefreshKind): Promise<Decided> {
  if (want === "full") return { kind: "full" };
  const marked = connector.listChangedSince ? await store.lastMarkedRefresh(deps.db, tenantId) : undefined;
  if (want === "changes") {
    if (!marked?.mark) throw new AppError("OA_NOT_SUPPORTED", { variant: "changes" });
    return { kind: "changes", since: marked.mark };
  }
  if (!marked?.mark) return { kind: "full" };
  const lastFull = await store.lastFullRefresh(deps.db, tenantId);
  const hours = (await store.findConnection(deps.db, tenantId))?.fullRefreshHours ?? DEFAULT_FULL_REFRESH_HOURS;
  if (!lastFull || deps.clock.now() - lastFull.startedAt >= hours * 3_600_000) return { kind: "full" };
  return { kind: "changes", since: marked.mark };
}

/**
 * Reads the OA organisation page by page into a staging area, then swaps (full) or merges
 * (changes) it into the snapshot in one transaction: a refresh that fails half-way (network, bad
 * answer, duplicate ids, a crash) leaves the previous snapshot intact and is recorded as failed
 * with its reason. Only one page is held in memory at a time.
 */
export async function refreshOaDirectory(deps: Deps, tenantId: string, trigger: "manual" | "schedule", want: RefreshKind = "full"): Promise<RefreshView> {
  if (running.has(tenantId)) throw errors.conflict("REFRESH_RUNNING");
  running.add(tenantId);
  const run: store.RefreshRow = {
    id: newId(), tenantId, trigger, kind: "full", mark: null, status: "running", startedAt: deps.clock.now(),
    finishedAt: null, deptCount: 0, userCount: 0, errorCode: null, error: null,
  };
  const stage = { tenantId, refreshId: run.id };
  try {
    await store.insertRefresh(deps.db, run);
    const connector = await oaConnectorFor(deps, tenantId);
    const decided = await decide(deps, tenantId, connector, want);
    run.kind = decided.kind;
    await store.finishRefresh(deps.db, run.id, { kind: run.kind });
    const read = connector.listChangedSince
      ? await stageChanges(deps, run, connector.listChangedSince(decided.kind === "full" ? "" : decided.since), decided.kind === "full")
      : await stageListings(deps, run, connector);
    await inTransaction(deps.db, (tx) => (decided.kind === "full" ? staging.swapIn(tx, stage) : staging.mergeIn(tx, stage)));
    // A changes-only read that saw nothing keeps the mark it started from.
    const mark = read.mark || (decided.kind === "changes" ? decided.since : null);
    Object.assign(run, { status: "ok", finishedAt: deps.clock.now(), deptCount: read.departments, userCount: read.users, mark });
    await store.finishRefresh(deps.db, run.id, run);
    deps.log.info("oa directory refreshed", { tenantId, kind: run.kind, departments: read.departments, users: read.users });
    return refreshView(run);
  } catch (e) {
    await staging.dropStaged(deps.db, stage).catch(() => undefined);
    const err = e instanceof AppError ? e : errors.internal(e);
    // Its code and params, not English text: the admin says it in its own language.
    Object.assign(run, { status: "failed", finishedAt: deps.clock.now(), errorCode: err.code, error: encodeSaid(saidOf(err)) });
    await store.finishRefresh(deps.db, run.id, run).catch(() => undefined);
    deps.log.warn("oa directory refresh failed", { tenantId, code: err.code, error: e instanceof Error ? e : String(e) });
    throw err;
  } finally {
    running.delete(tenantId);
  }
}

type Read = { departments: number; users: number; mark: string };

/** Counts what is staged and writes the counts on the run every few thousand rows (its progress). */
function counter(deps: Deps, run: store.RefreshRow) {
  const n = { departments: 0, users: 0 };
  let reported = 0;
  return {
    n,
    async add(departments: number, users: number) {
      n.departments += departments;
      n.users += users;
      if (n.departments + n.users - reported < PROGRESS_EVERY) return;
      reported = n.departments + n.users;
      await store.finishRefresh(deps.db, run.id, { deptCount: n.departments, userCount: n.users });
    },
  };
}

const twice = (what: string, id: string) => oaErrors.badResponse("the organisation", `the ${what} id '${id}' appears twice`);

async function stageDepts(deps: Deps, run: store.RefreshRow, depts: OaDept[], unique: boolean): Promise<void> {
  const dup = await staging.stageDepartments(deps.db, { tenantId: run.tenantId, refreshId: run.id }, depts, unique);
  if (dup !== undefined) throw twice("department", dup);
}

async function stageUsers(deps: Deps, run: store.RefreshRow, users: OaUser[], unique: boolean): Promise<void> {
  const dup = await staging.stageUsers(deps.db, { tenantId: run.tenantId, refreshId: run.id }, users, unique);
  if (dup !== undefined) throw twice("person", dup);
}

/** A source without change listing: every department, then every person. */
async function stageListings(deps: Deps, run: store.RefreshRow, connector: OaConnector): Promise<Read> {
  const c = counter(deps, run);
  for await (const page of connector.listDepartments()) {
    await stageDepts(deps, run, page, true);
    await c.add(page.length, 0);
  }
  for await (const page of connector.listUsers()) {
    await stageUsers(deps, run, page, true);
    await c.add(0, page.length);
  }
  return { ...c.n, mark: "" };
}

/** A source that lists changes: "" since for everything; the newest last-changed time becomes the mark. */
async function stageChanges(deps: Deps, run: store.RefreshRow, pages: AsyncIterable<OaChanges>, full: boolean): Promise<Read> {
  const c = counter(deps, run);
  let mark = "";
  for await (const page of pages) {
    if (page.departments.length) await stageDepts(deps, run, page.departments, full);
    if (page.users.length) await stageUsers(deps, run, page.users, full);
    if (page.newest > mark) mark = page.newest;
    await c.add(page.departments.length, page.users.length);
  }
  return { ...c.n, mark };
}

/** Registers (or with null removes) the tenant's scheduled refresh: changes only where it can, in full once a period. */
export function scheduleOaRefresh(deps: Deps, tenantId: string, cron: string | null): void {
  deps.scheduler.set(`oa-refresh:${tenantId}`, cron, () => refreshOaDirectory(deps, tenantId, "schedule", "auto").catch(() => undefined));
}

/** At start: refreshes the last process left running are over (nothing they read reached the snapshot), and every tenant's schedule. */
export async function registerOaSchedules(deps: Deps): Promise<number> {
  await staging.dropAllStaged(deps.db);
  await store.closeRunningRefreshes(deps.db, deps.clock.now());
  const rows = await store.listScheduledConnections(deps.db);
  for (const r of rows) scheduleOaRefresh(deps, r.tenantId, r.refreshCron);
  return rows.length;
}
