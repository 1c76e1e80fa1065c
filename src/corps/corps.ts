import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { type Conn, inTransaction } from "../kernel/db/client.ts";
import { AppError, AppErrorBase, errors, type ParamsOf } from "../kernel/errors.ts";
import type { TenantRef } from "../kernel/http/env.ts";
import { newId } from "../kernel/ids.ts";
import { CorpPatch, corpView, type CorpView, defaultBindingRule, NewCorp } from "./corp-input.ts";
import type { CorpFootprint } from "./footprint.ts";
import * as store from "./store.ts";

export { CorpPatch, NewCorp, type CorpView } from "./corp-input.ts";

/** What removing a corp takes with it; the login log is kept (it is the record of what happened). */
export type CorpImpact = { apps: number; bindings: number; people: number; departments: number; schedules: string[]; loginLogKept: number };
/** `keepDirectory`: remove only the integration (seed: unbinding WeLink without deleting people). */
export type CorpRemoval = { confirm: boolean; keepDirectory?: boolean };

/** Raised when a removal is asked for without confirmation; carries the impact for the API answer. */
export class CorpDeletionUnconfirmed extends AppErrorBase {
  constructor(readonly impact: CorpImpact, corpName: string) {
    const { apps, people, departments, bindings, loginLogKept } = impact;
    const schedules = impact.schedules.length ? ` (${impact.schedules.join(", ")})` : "";
    const params: ParamsOf<"CONFIRMATION_REQUIRED"> = { corp: corpName, apps, people, departments, bindings, loginLogKept, scheduleCount: impact.schedules.length, schedules };
    super("CONFIRMATION_REQUIRED", params);
  }
}

export function tenantOf(ctx: Ctx): TenantRef {
  if (!ctx.tenant) {
    throw new AppError("TENANT_REQUIRED", { variant: "corps" });
  }
  return ctx.tenant;
}

/** The corp, if it is this tenant's; another tenant's corp does not exist for the caller. */
export async function corpRowOf(db: Conn, ctx: Ctx, corpId: string): Promise<store.CorpRow> {
  const row = await store.findCorp(db, tenantOf(ctx).id, corpId);
  if (!row) throw errors.notFound("corp", corpId);
  return row;
}

export async function listCorps(deps: Deps, ctx: Ctx): Promise<CorpView[]> {
  return (await store.listCorpRows(deps.db, tenantOf(ctx).id)).map(corpView);
}

export async function getCorp(deps: Deps, ctx: Ctx, corpId: string): Promise<CorpView> {
  return corpView(await corpRowOf(deps.db, ctx, corpId));
}

const duplicate = (welinkTenantId: string) =>
  errors.conflict("CORP_EXISTS", { welinkTenantId });

export async function createCorp(deps: Deps, ctx: Ctx, raw: NewCorp): Promise<CorpView> {
  const input = NewCorp.parse(raw);
  const tenant = tenantOf(ctx);
  const now = deps.clock.now();
  const row: store.CorpRow = {
    id: newId(),
    tenantId: tenant.id,
    name: input.name,
    welinkTenantId: input.welinkTenantId,
    apiBaseUrl: input.apiBaseUrl ?? deps.config.welinkBaseUrl,
    enabled: input.enabled,
    contactPermission: input.contactPermission,
    syncAppId: null,
    bindingRule: JSON.stringify(input.bindingRule ?? defaultBindingRule()),
    disconnectedAt: null,
    createdAt: now,
    updatedAt: now,
  };
  return inTransaction(deps.db, async (tx) => {
    if (await store.findCorpByWelinkTenant(tx, tenant.id, row.welinkTenantId)) throw duplicate(row.welinkTenantId);
    await store.insertCorp(tx, row);
    await recordAudit(tx, now, ctx, { action: "corp.create", target: `corp:${row.id}`, after: corpView(row) });
    return corpView(row);
  });
}

export async function updateCorp(deps: Deps, ctx: Ctx, corpId: string, raw: CorpPatch): Promise<CorpView> {
  const patch = CorpPatch.parse(raw);
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const before = await corpRowOf(tx, ctx, corpId);
    // The sync app's token and visible range define what a sync sees: it must be this corp's app.
    if (patch.syncAppId) {
      const app = await store.findApp(tx, before.tenantId, patch.syncAppId);
      if (!app || app.corpId !== before.id) {
        throw errors.validation([{ path: "body.syncAppId", message: "must be one of this enterprise's apps (or null)" }]);
      }
    }
    const after: store.CorpRow = {
      ...before,
      name: patch.name ?? before.name,
      apiBaseUrl: patch.apiBaseUrl ?? before.apiBaseUrl,
      enabled: patch.enabled ?? before.enabled,
      contactPermission: patch.contactPermission ?? before.contactPermission,
      syncAppId: patch.syncAppId === undefined ? before.syncAppId : patch.syncAppId,
      bindingRule: patch.bindingRule ? JSON.stringify(patch.bindingRule) : before.bindingRule,
      // Enabling a disconnected corp again is reconnecting it (add its apps back first).
      disconnectedAt: patch.enabled ? null : before.disconnectedAt,
      updatedAt: now,
    };
    const { id: _id, tenantId: _t, createdAt: _c, ...set } = after;
    await store.updateCorpRow(tx, before.id, set);
    await recordAudit(tx, now, ctx, { action: "corp.update", target: `corp:${before.id}`, before: corpView(before), after: corpView(after) });
    return corpView(after);
  });
}

/** Per-corp schedules are named `<job>:<corpId>` (DESIGN.md: re-registered when settings change). */
const corpSchedules = (deps: Deps, corpId: string) => deps.scheduler.names().filter((n) => n.endsWith(`:${corpId}`));

async function impactOf(db: Conn, deps: Deps, footprint: CorpFootprint, row: store.CorpRow): Promise<CorpImpact> {
  const { bindings, people, departments, loginLogKept } = await footprint.count(db, row.tenantId, row.id);
  return { apps: await store.countCorpApps(db, row.id), bindings, people, departments, schedules: corpSchedules(deps, row.id), loginLogKept };
}

export async function corpDeletionImpact(deps: Deps, footprint: CorpFootprint, ctx: Ctx, corpId: string): Promise<CorpImpact> {
  return impactOf(deps.db, deps, footprint, await corpRowOf(deps.db, ctx, corpId));
}

/**
 * Removes a corp with its apps, directory, bindings and schedules; without `confirm` it only says
 * what would go. With `keepDirectory` the corp stays, disabled and marked disconnected, with its
 * directory, bindings and run history; its apps, sync app and schedules go.
 */
export async function deleteCorp(deps: Deps, footprint: CorpFootprint, ctx: Ctx, corpId: string, o: CorpRemoval): Promise<CorpImpact> {
  const now = deps.clock.now();
  const impact = await inTransaction(deps.db, async (tx) => {
    const row = await corpRowOf(tx, ctx, corpId);
    const found = await impactOf(tx, deps, footprint, row);
    if (!o.confirm) throw new CorpDeletionUnconfirmed(found, row.name);
    if (o.keepDirectory) {
      await store.disconnectCorpRow(tx, row.id, now);
      await footprint.disconnect(tx, row.id);
      await recordAudit(tx, now, ctx, { action: "corp.disconnect", target: `corp:${row.id}`, before: corpView(row), after: { removed: { apps: found.apps, schedules: found.schedules }, kept: { people: found.people, departments: found.departments, bindings: found.bindings } } });
    } else {
      await store.deleteCorpRow(tx, row.id);
      await recordAudit(tx, now, ctx, { action: "corp.delete", target: `corp:${row.id}`, before: { ...corpView(row), removed: found } });
    }
    return found;
  });
  // Only after the commit: a rolled-back removal must leave the schedules running.
  for (const name of impact.schedules) deps.scheduler.set(name, null, async () => undefined);
  return impact;
}
