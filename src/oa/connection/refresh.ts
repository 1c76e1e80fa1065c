import type { Deps } from "../../deps.ts";
import { inTransaction } from "../../kernel/db/client.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { newId } from "../../kernel/ids.ts";
import type { OaDept, OaUser } from "../contract.ts";
import { oaErrors } from "./errors.ts";
import { oaConnectorFor } from "./load-connector.ts";
import * as store from "../store.ts";

export type RefreshView = {
  id: string;
  trigger: store.RefreshRow["trigger"];
  status: store.RefreshRow["status"];
  startedAt: string;
  finishedAt: string | null;
  departments: number | null;
  users: number | null;
  errorCode: string | null;
  error: string | null;
};

export const refreshView = (r: store.RefreshRow): RefreshView => ({
  id: r.id,
  trigger: r.trigger,
  status: r.status,
  startedAt: new Date(r.startedAt).toISOString(),
  finishedAt: r.finishedAt === null ? null : new Date(r.finishedAt).toISOString(),
  departments: r.deptCount,
  users: r.userCount,
  errorCode: r.errorCode,
  error: r.error,
});

// One refresh per tenant at a time in this process; a second request is told so (409).
const running = new Set<string>();
const PROGRESS_EVERY = 5000;

/**
 * Reads the whole OA organisation, then swaps the snapshot in one transaction: a refresh that
 * fails half-way (network, bad answer, duplicate ids) leaves the previous snapshot intact and is
 * recorded as failed with its reason.
 */
export async function refreshOaDirectory(deps: Deps, tenantId: string, trigger: "manual" | "schedule"): Promise<RefreshView> {
  if (running.has(tenantId)) throw errors.conflict("REFRESH_RUNNING");
  running.add(tenantId);
  const run: store.RefreshRow = {
    id: newId(), tenantId, trigger, status: "running", startedAt: deps.clock.now(),
    finishedAt: null, deptCount: 0, userCount: 0, errorCode: null, error: null,
  };
  try {
    await store.insertRefresh(deps.db, run);
    const connector = await oaConnectorFor(deps, tenantId);
    const depts = await collect(connector.listDepartments(), (n) => store.finishRefresh(deps.db, run.id, { deptCount: n }));
    const users = await collect(connector.listUsers(), (n) => store.finishRefresh(deps.db, run.id, { userCount: n }));
    checkUnique(depts, "department");
    checkUnique(users, "person");
    await inTransaction(deps.db, (tx) => store.replaceDirectory(tx, tenantId, depts, users));
    Object.assign(run, { status: "ok", finishedAt: deps.clock.now(), deptCount: depts.length, userCount: users.length });
    await store.finishRefresh(deps.db, run.id, run);
    deps.log.info("oa directory refreshed", { tenantId, departments: depts.length, users: users.length });
    return refreshView(run);
  } catch (e) {
    const err = e instanceof AppError ? e : errors.internal(e);
    Object.assign(run, { status: "failed", finishedAt: deps.clock.now(), errorCode: err.code, error: err.message });
    await store.finishRefresh(deps.db, run.id, run).catch(() => undefined);
    deps.log.warn("oa directory refresh failed", { tenantId, code: err.code, error: e instanceof Error ? e : String(e) });
    throw err;
  } finally {
    running.delete(tenantId);
  }
}

async function collect<T>(pages: AsyncIterable<T[]>, progress: (n: number) => Promise<unknown>): Promise<T[]> {
  const all: T[] = [];
  let reported = 0;
  for await (const page of pages) {
    for (const item of page) all.push(item);
    if (all.length - reported >= PROGRESS_EVERY) {
      reported = all.length;
      await progress(reported);
    }
  }
  return all;
}

function checkUnique(items: (OaDept | OaUser)[], what: string): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw oaErrors.badResponse("the organisation", `the ${what} id '${item.id}' appears twice`);
    seen.add(item.id);
  }
}

/** Registers (or with null removes) the tenant's scheduled refresh. */
export function scheduleOaRefresh(deps: Deps, tenantId: string, cron: string | null): void {
  deps.scheduler.set(`oa-refresh:${tenantId}`, cron, () => refreshOaDirectory(deps, tenantId, "schedule").catch(() => undefined));
}

/** At start: every tenant's scheduled refresh. */
export async function registerOaSchedules(deps: Deps): Promise<number> {
  const rows = await store.listScheduledConnections(deps.db);
  for (const r of rows) scheduleOaRefresh(deps, r.tenantId, r.refreshCron);
  return rows.length;
}
