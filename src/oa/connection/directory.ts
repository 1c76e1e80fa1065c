import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { AppError } from "../../kernel/errors.ts";
import { type OaDept, oaDeptOf, type OaUser } from "../contract.ts";
import { refreshShown, type RefreshShown, refreshView, type RefreshView } from "./refresh-view.ts";
import * as store from "../store.ts";

type DirectoryOf<R> = {
  connection: "http" | "demo" | "ldap" | "csv" | "sql" | null;
  departments: number;
  users: number;
  /** The newest refresh, whatever its outcome (a running one shows its progress). */
  lastRefresh: R | null;
  lastGoodRefresh: R | null;
  nextScheduledRefresh: string | null;
};
/** The API's directory; the admin's (`OaDirectoryShown`) keeps each failure said, to word it in the admin's language. */
export type OaDirectoryView = DirectoryOf<RefreshView>;
export type OaDirectoryShown = DirectoryOf<RefreshShown>;

const tenantIdOf = (ctx: Ctx) => {
  if (!ctx.tenant) throw new AppError("FORBIDDEN", { variant: "tenantFor", resource: "oaDirectory" });
  return ctx.tenant.id;
};

async function directoryOf<R>(deps: Deps, ctx: Ctx, as: (r: store.RefreshRow) => R): Promise<DirectoryOf<R>> {
  const tenantId = tenantIdOf(ctx);
  const [connection, counts, [last], good] = await Promise.all([
    store.findConnection(deps.db, tenantId),
    store.directoryCounts(deps.db, tenantId),
    store.listRefreshRows(deps.db, tenantId, 1),
    store.lastRefreshWith(deps.db, tenantId, "ok"),
  ]);
  return {
    connection: connection?.type ?? null,
    ...counts,
    lastRefresh: last ? as(last) : null,
    lastGoodRefresh: good ? as(good) : null,
    nextScheduledRefresh: deps.scheduler.nextRun(`oa-refresh:${tenantId}`)?.toISOString() ?? null,
  };
}

export const getOaDirectory = (deps: Deps, ctx: Ctx): Promise<OaDirectoryView> => directoryOf(deps, ctx, refreshView);
export const getOaDirectoryShown = (deps: Deps, ctx: Ctx): Promise<OaDirectoryShown> => directoryOf(deps, ctx, refreshShown);

export async function listOaRefreshes(deps: Deps, ctx: Ctx, limit = 50): Promise<RefreshView[]> {
  return (await store.listRefreshRows(deps.db, tenantIdOf(ctx), limit)).map(refreshView);
}

export async function listOaRefreshesShown(deps: Deps, ctx: Ctx, limit = 50): Promise<RefreshShown[]> {
  return (await store.listRefreshRows(deps.db, tenantIdOf(ctx), limit)).map(refreshShown);
}

export async function listOaDepartments(deps: Deps, ctx: Ctx): Promise<OaDept[]> {
  return (await store.listDepartmentRows(deps.db, tenantIdOf(ctx))).map(oaDeptOf);
}

export async function listOaUsers(deps: Deps, ctx: Ctx, query: store.UserQuery): Promise<{ items: OaUser[]; total: number }> {
  const { rows, total } = await store.listUserRows(deps.db, tenantIdOf(ctx), query);
  return { items: rows, total };
}
