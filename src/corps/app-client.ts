import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { createWelinkClient, createWelinkRegistry, type WelinkClient, type WelinkRegistry } from "../welink/index.ts";
import { openAppSecret } from "./app-secret.ts";
import { type BindingRule, parseBindingRule } from "./corp-input.ts";
import { appRowOf } from "./apps.ts";
import { type AppRow, type CorpRow, findAppByKey } from "./store.ts";

/** Everything the homepage entry needs about the app a WeLink client opened; the secret is opened. */
export type ResolvedApp = {
  tenant: { id: string; slug: string };
  corp: { id: string; name: string; welinkTenantId: string; apiBaseUrl: string; enabled: boolean; bindingRule: BindingRule };
  app: {
    id: string;
    name: string;
    clientId: string;
    /** Opened: never log it or show it. */
    clientSecret: string;
    enabled: boolean;
    appKey: string;
    targetKind: "module" | "link";
    targetValue: string;
  };
};


/** Disabled apps and corps are returned too: the caller says why it will not go on. */
export async function resolveAppByKey(deps: Deps, appKey: string): Promise<ResolvedApp | undefined> {
  const found = await findAppByKey(deps.db, appKey);
  if (!found) return undefined;
  const { app, corp, tenant } = found;
  return {
    tenant,
    corp: {
      id: corp.id,
      name: corp.name,
      welinkTenantId: corp.welinkTenantId,
      apiBaseUrl: corp.apiBaseUrl,
      enabled: corp.enabled,
      bindingRule: parseBindingRule(corp.bindingRule),
    },
    app: {
      id: app.id,
      name: app.name,
      clientId: app.clientId,
      clientSecret: await openAppSecret(deps, app.id, app.clientSecret),
      enabled: app.enabled,
      appKey: app.appKey,
      targetKind: app.targetKind,
      targetValue: app.targetValue,
    },
  };
}

/**
 * One registry per running bridge: clients built per request for the same app share its token
 * and rate-limit buckets (WeLink counts calls per app and per address). It runs on wall time,
 * not deps.clock: token lifetimes and rate limits are WeLink's real seconds, and a frozen test
 * clock would never refill a bucket.
 */
const registries = new WeakMap<Deps, WelinkRegistry>();

export function welinkClientFor(deps: Deps, resolved: { corp: { apiBaseUrl: string }; app: { clientId: string; clientSecret: string } }): WelinkClient {
  let registry = registries.get(deps);
  if (!registry) registries.set(deps, (registry = createWelinkRegistry()));
  return createWelinkClient({
    baseUrl: resolved.corp.apiBaseUrl,
    net: deps.config.outbound,
    clientId: resolved.app.clientId,
    clientSecret: resolved.app.clientSecret,
    registry,
    log: deps.log,
  });
}

/**
 * The one place a stored app becomes a WeLink client (the dispatcher, the pull and OA → WeLink
 * all call it): the app must be the tenant's, its secret is opened here and never leaves.
 */
export async function appClient(deps: Deps, ctx: Ctx, appId: string): Promise<{ client: WelinkClient; app: AppRow; corp: CorpRow }> {
  const { app, corp } = await appRowOf(deps.db, ctx, appId);
  const client = welinkClientFor(deps, { corp, app: { clientId: app.clientId, clientSecret: await openAppSecret(deps, app.id, app.clientSecret) } });
  return { client, app, corp };
}
