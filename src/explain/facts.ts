import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { appClient, type AppView, listApps } from "../corps/index.ts";
import { listCasServices, listOidcClients, scanSettingsFor, ssoSettingsFor } from "../login/index.ts";
import { type LastDelivery, messageReach, type RuleReach } from "../messages/index.ts";
import { getOaPortalForTenant } from "../oa/index.ts";
import { explainScope, type ScopeAnswer } from "../sync/index.ts";
import { WelinkError } from "../welink/index.ts";
import type { Subject } from "./find.ts";

/** Whether a person lies in an app's visible range, as WeLink answers a read of them with the app's token. */
export type Visibility = "visible" | "invisible" | "gone" | "noReadPermission" | "unchecked";
export type AppFacts = { id: string; name: string; visibility: Visibility; detail?: string };
export type TenantFacts = {
  signIn: { method: "handoff" | "cas" | "oidc"; ready: boolean };
  scan: { enabled: boolean; appId: string | null; corpId: string | null; trustedNetworks: string[] };
};
export type PersonFacts = { apps: AppFacts[]; reach: { rules: RuleReach[]; last: LastDelivery | null }; scope: ScopeAnswer };

/** What the tenant's settings say, the same for every person. */
export async function tenantFacts(deps: Deps, ctx: Ctx & { tenant: { id: string; slug: string } }): Promise<TenantFacts> {
  const { method } = await ssoSettingsFor(deps, ctx.tenant.id);
  const ready =
    method === "handoff" ? (await getOaPortalForTenant(deps, ctx.tenant.id)).configured
    : method === "cas" ? (await listCasServices(deps, ctx.tenant.id)).length > 0
    : (await listOidcClients(deps, ctx)).length > 0;
  const s = await scanSettingsFor(deps, ctx.tenant);
  return { signIn: { method, ready }, scan: { enabled: s.enabled, appId: s.appId, corpId: s.corpId, trustedNetworks: s.trustedNetworks } };
}

/**
 * Reads the person with the app's token (GET /api/contact/v1/users by userId): WeLink refuses a
 * person outside the app's visible range. That this refusal is 47000 is inferred
 * (welink-openapi.md §0.4: "47000/47001-type errors"), as the sandbox answers; 47001 means WeLink
 * no longer has the person; 501 means the app may not read contacts, so the range cannot be told.
 */
async function visibility(deps: Deps, ctx: Ctx, app: AppView, userId: string): Promise<AppFacts> {
  const base = { id: app.id, name: app.name };
  try {
    const { client } = await appClient(deps, ctx, app.id);
    await client.contacts.user({ userId });
    return { ...base, visibility: "visible" };
  } catch (e) {
    if (!(e instanceof WelinkError)) throw e;
    if (e.welinkCode === "47000") return { ...base, visibility: "invisible" };
    if (e.welinkCode === "47001") return { ...base, visibility: "gone" };
    if (e.code === "WELINK_NO_PERMISSION") return { ...base, visibility: "noReadPermission" };
    return { ...base, visibility: "unchecked", detail: e.welinkCode ?? e.code };
  }
}

/** The person's apps (enabled ones of the corp), pushed messages and sync scope. Reads only. */
export async function personFacts(deps: Deps, ctx: Ctx, s: Subject): Promise<PersonFacts> {
  const apps = s.corp.enabled ? (await listApps(deps, ctx, s.corp.id)).filter((a) => a.enabled) : [];
  const welinkId = s.welink && s.welink.removedAt === null ? s.welink.userId : null;
  const seen: AppFacts[] = [];
  for (const app of apps) seen.push(welinkId ? await visibility(deps, ctx, app, welinkId) : { id: app.id, name: app.name, visibility: "unchecked" });
  return {
    apps: seen,
    reach: await messageReach(deps.db, s.corp.tenantId, s.corp.id, s.oa?.id ?? null),
    scope: await explainScope(deps.db, s.corp, s.oa?.id ?? null),
  };
}
