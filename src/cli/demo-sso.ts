import type { Deps } from "../deps.ts";
import { systemCtx } from "../kernel/actor.ts";
import { AppError } from "../kernel/errors.ts";
import { createCasService, createOidcClient, listCasServices, listOidcClients, rotateOidcClientSecret, saveSsoSettings } from "../login/index.ts";
import type { RunningDemoOa } from "../sandbox/index.ts";
import { getTenant } from "../accounts/index.ts";

export const OA_SSO_METHODS = ["handoff", "cas", "oidc"] as const;
export type OaSsoMethod = (typeof OA_SSO_METHODS)[number];

const NAME = "demo OA";

/**
 * `demo --oa-sso …`: how the demo OA signs people in through the bridge, set up the way an admin
 * would — the tenant's sign-in method (homepage and message links follow it), and for CAS a
 * registered service, for OIDC a confidential client (its secret rotated on each run: only the
 * hash is kept, so a new run cannot read the old one). Returns the banner's lines: what an admin
 * types into a generic CAS / OIDC client. A failure is reported, not fatal.
 */
export async function connectDemoSso(deps: Deps, oa: RunningDemoOa, method: OaSsoMethod): Promise<string[]> {
  try {
    const tenant = await getTenant(deps, systemCtx(), "default");
    const ref = { id: tenant.id, slug: tenant.slug };
    const ctx = { ...systemCtx(ref), tenant: ref };
    await saveSsoSettings(deps, ctx, { method });
    const base = `${deps.config.publicUrl}/t/${tenant.slug}`;
    if (method === "cas") {
      const urlPrefix = `${oa.url}/`;
      const services = await listCasServices(deps, tenant.id);
      if (!services.some((s) => s.urlPrefix === urlPrefix)) {
        await createCasService(deps, ctx, { name: NAME, urlPrefix, attributes: ["name", "mobile", "email", "employeeId", "welinkUserId", "welinkCorp"], singleLogout: true });
      }
      oa.useCas(`${base}/cas`);
      return [
        `sign-in: CAS 3.0 — the OA's pages send signed-out browsers to the bridge (service ${urlPrefix}…)`,
        `  a CAS client's settings: server URL ${base}/cas  login ${base}/cas/login  validate ${base}/cas/p3/serviceValidate  logout ${base}/cas/logout`,
      ];
    }
    if (method === "oidc") {
      const redirectUri = `${oa.url}/sso/oidc/callback`;
      const existing = (await listOidcClients(deps, ctx)).find((c) => c.name === NAME && c.redirectUris.includes(redirectUri));
      const client = existing
        ? await rotateOidcClientSecret(deps, ctx, existing.id)
        : await createOidcClient(deps, ctx, { name: NAME, type: "confidential", redirectUris: [redirectUri], postLogoutUris: [`${oa.url}/login`] });
      await oa.useOidc({ issuer: client.issuer, clientId: client.clientId, clientSecret: client.clientSecret! });
      return [
        `sign-in: OpenID Connect — the OA is the bridge's client ${client.clientId} (secret ${client.clientSecret}, shown once)`,
        `  an OIDC client's settings: issuer ${client.issuer}  discovery ${client.issuer}/.well-known/openid-configuration  redirect URI ${redirectUri}  scopes openid profile email phone`,
      ];
    }
    oa.usePassword();
    return ["sign-in: handoff — the homepage and message links hand a one-time JWT to the OA's SSO URL"];
  } catch (e) {
    const why = e instanceof AppError ? `${e.code}: ${e.message}` : String(e);
    return [`could not set the demo OA's sign-in to ${method} (${why})`];
  }
}
