import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { AppError } from "../../kernel/errors.ts";
import type { OaDept, OaUser } from "../contract.ts";
import { refreshView, type RefreshView } from "./refresh.ts";
import * as store from "../store.ts";

export type OaDirectoryView = {
  connection: "http" | "demo" | "ldap" | "csv" | "sql" | null;
  departments: number;
  users: number;
  /** The newest refresh, whatever its outcome (a running one shows its progress). */
  lastRefresh: RefreshView | null;
  lastGoodRefresh: RefreshView | null;
  nextScheduledRefresh: string | null;
};

const tenantIdOf = (ctx: Ctx) => {
  if (!ctx.tenant) throw new AppError("FORBIDDEN", { variant: "tenantFor", resource: "oaDirectory" });
  return ctx.tenant.id;
};

export async function getOaDirectory(deps: Deps, ctx: Ctx): Promise<OaDirectoryView> {
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
    lastRefresh: last ? refreshView(last) : null,
    lastGoodRefresh: good ? refreshView(good) : null,
    nextScheduledRefresh: deps.scheduler.nextRun(`oa-refresh:${tenantId}`)?.toISOString() ?? null,
  };
}

export async function listOaRefreshes(deps: Deps, ctx: Ctx, limit = 50): Promise<RefreshView[]> {
  return (await store.listRefreshRows(deps.db, tenantIdOf(ctx), limit)).map(refreshView);
}

export async function listOaDepartments(deps: Deps, ctx: Ctx): Promise<OaDept[]> {
  return (await store.listDepartmentRows(deps.db, tenantIdOf(ctx))).map((d) => ({ id: d.id, parentId: d.parentId, name: d.name, order: d.order }));
}

export async function listOaUsers(deps: Deps, ctx: Ctx, query: store.UserQuery): Promise<{ items: OaUser[]; total: number }> {
  const { rows, total } = await store.listUserRows(deps.db, tenantIdOf(ctx), query);
  return { items: rows, total };
}
