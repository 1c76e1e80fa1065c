import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { type Conn, inTransaction } from "../kernel/db/client.ts";
import { errors } from "../kernel/errors.ts";
import { newId, randomToken } from "../kernel/ids.ts";
import { AppPatch, appView, type AppView, auditView, homepageUrl, NewApp } from "./app-input.ts";
import { openAppSecret, sealAppSecret } from "./app-secret.ts";
import { checkTarget, defaultTarget } from "./app-target.ts";
import { corpRowOf, tenantOf } from "./corps.ts";
import * as store from "./store.ts";

export { AppPatch, NewApp, type AppView } from "./app-input.ts";

/** 16 random bytes (128 bits), base64url: unguessable, and safe in a URL path as it is. */
const newAppKey = () => randomToken(16);

async function viewOf(deps: Deps, row: store.AppRow, corp: store.CorpRow): Promise<AppView> {
  return appView(row, await openAppSecret(deps, row.id, row.clientSecret), corp, homepageUrl(deps, row.appKey));
}

/** The app, if it is this tenant's, with its corp; another tenant's app does not exist for the caller. */
export async function appRowOf(db: Conn, ctx: Ctx, appId: string): Promise<{ app: store.AppRow; corp: store.CorpRow }> {
  const app = await store.findApp(db, tenantOf(ctx).id, appId);
  if (!app) throw errors.notFound("app", appId);
  return { app, corp: await corpRowOf(db, ctx, app.corpId) };
}

const duplicate = (clientId: string) =>
  errors.conflict("APP_EXISTS", { clientId });

export async function listApps(deps: Deps, ctx: Ctx, corpId: string): Promise<AppView[]> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const rows = await store.listAppRows(deps.db, corp.tenantId, corp.id);
  return Promise.all(rows.map((r) => viewOf(deps, r, corp)));
}

export async function getApp(deps: Deps, ctx: Ctx, appId: string): Promise<AppView> {
  const { app, corp } = await appRowOf(deps.db, ctx, appId);
  return viewOf(deps, app, corp);
}

export async function createApp(deps: Deps, ctx: Ctx, corpId: string, raw: NewApp): Promise<AppView> {
  const input = NewApp.parse(raw);
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const target = input.target ? await checkTarget(deps, ctx, input.target) : await defaultTarget(deps, ctx);
  const now = deps.clock.now();
  const id = newId();
  const row: store.AppRow = {
    id,
    tenantId: corp.tenantId,
    corpId: corp.id,
    name: input.name,
    clientId: input.clientId,
    clientSecret: await sealAppSecret(deps, id, input.clientSecret),
    appKey: newAppKey(),
    enabled: input.enabled,
    targetKind: target.kind,
    targetValue: target.value,
    lastTestAt: null,
    lastTestOk: null,
    lastTestCode: null,
    lastTestPermissions: null,
    createdAt: now,
    updatedAt: now,
  };
  const view = appView(row, input.clientSecret, corp, homepageUrl(deps, row.appKey));
  await inTransaction(deps.db, async (tx) => {
    if (await store.findAppByClientId(tx, corp.id, row.clientId)) throw duplicate(row.clientId);
    await store.insertApp(tx, row);
    await recordAudit(tx, now, ctx, { action: "app.create", target: `app:${id}`, after: { corpId: corp.id, ...auditView(view) } });
  });
  return view;
}

export async function updateApp(deps: Deps, ctx: Ctx, appId: string, raw: AppPatch): Promise<AppView> {
  const patch = AppPatch.parse(raw);
  const target = patch.target ? await checkTarget(deps, ctx, patch.target) : undefined;
  const newSecret = patch.clientSecret ? patch.clientSecret : undefined;
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const { app: before, corp } = await appRowOf(tx, ctx, appId);
    if (patch.clientId && patch.clientId !== before.clientId && (await store.findAppByClientId(tx, corp.id, patch.clientId))) {
      throw duplicate(patch.clientId);
    }
    const after: store.AppRow = {
      ...before,
      name: patch.name ?? before.name,
      clientId: patch.clientId ?? before.clientId,
      clientSecret: newSecret ? await sealAppSecret(deps, before.id, newSecret) : before.clientSecret,
      enabled: patch.enabled ?? before.enabled,
      targetKind: target?.kind ?? before.targetKind,
      targetValue: target?.value ?? before.targetValue,
      updatedAt: now,
    };
    const { id: _i, tenantId: _t, corpId: _c, appKey: _k, createdAt: _a, ...set } = after;
    await store.updateAppRow(tx, before.id, set);
    const beforeView = await viewOf(deps, before, corp);
    const afterView = appView(after, newSecret ?? (await openAppSecret(deps, before.id, before.clientSecret)), corp, beforeView.homepageUrl);
    await recordAudit(tx, now, ctx, {
      action: "app.update",
      target: `app:${before.id}`,
      before: auditView(beforeView),
      // The secret is masked in the log; `replaced` records that it changed.
      after: { ...auditView(afterView), replaced: newSecret ? ["clientSecret"] : [] },
    });
    return afterView;
  });
}

/** Removes an app; its homepage URL stops working, and a corp that synced through it has no sync app. */
export async function deleteApp(deps: Deps, ctx: Ctx, appId: string): Promise<void> {
  const now = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    const { app, corp } = await appRowOf(tx, ctx, appId);
    if (corp.syncAppId === app.id) await store.updateCorpRow(tx, corp.id, { syncAppId: null, updatedAt: now });
    await store.deleteAppRow(tx, app.id);
    const view = await viewOf(deps, app, corp);
    await recordAudit(tx, now, ctx, {
      action: "app.delete",
      target: `app:${app.id}`,
      before: { corpId: corp.id, ...auditView(view), wasSyncApp: corp.syncAppId === app.id },
    });
  });
}
