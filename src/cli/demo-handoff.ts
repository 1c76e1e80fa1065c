import type { Deps } from "../deps.ts";
import { systemCtx } from "../kernel/actor.ts";
import { AppError } from "../kernel/errors.ts";
import { audienceOf, saveOaPortal, saveScanSettings, scanSettingsFor } from "../login/index.ts";
import { getOaPortal } from "../oa/index.ts";
import { type RunningDemoOa, SSO_PATH } from "../sandbox/index.ts";
import { getTenant, issueToken, listTokens, revokeToken } from "../accounts/index.ts";

const TOKEN_NAME = "demo OA sign-on";

/**
 * Lets the demo OA take the bridge's handoffs for tenant `default`: the tenant's OA portal points
 * at the OA (its modules and algorithm kept if an admin changed them on an earlier run), and the
 * OA gets an `oa`-scoped token to redeem with (the previous run's is revoked). Returns a banner
 * line; a failure is reported, not fatal.
 */
export async function connectDemoHandoff(deps: Deps, oa: RunningDemoOa): Promise<string> {
  try {
    const tenant = await getTenant(deps, systemCtx(), "default");
    const ctx = systemCtx({ id: tenant.id, slug: tenant.slug });
    const portal = await getOaPortal(deps, ctx);
    await saveOaPortal(deps, ctx, { webBaseUrl: oa.url, ssoPath: SSO_PATH, handoffAlg: portal.handoffAlg, modules: portal.modules });
    for (const old of await listTokens(deps, ctx)) {
      if (old.name === TOKEN_NAME && old.status === "active") await revokeToken(deps, ctx, old.id);
    }
    const { token } = await issueToken(deps, ctx, { name: TOKEN_NAME, scopes: ["oa"] });
    oa.connectBridge({ url: deps.config.publicUrl, token, audience: audienceOf(tenant.slug) });
    return `handoffs for tenant 'default' land on ${oa.url}${SSO_PATH} (verified with the bridge's JWKS, redeemed once)`;
  } catch (e) {
    const why = e instanceof AppError ? `${e.code}: ${e.message}` : String(e);
    return `could not connect the demo OA's sign-on to the bridge (${why})`;
  }
}

/**
 * Switches scan login on for tenant `default` on the demo's first run, so the demo OA's login page
 * shows the QR code: the demo's WeLink app, the default trusted networks (loopback among them),
 * the OA's origin allowed to embed it. A later run keeps whatever an admin changed since.
 */
export async function enableDemoScanLogin(deps: Deps, oa: RunningDemoOa): Promise<string> {
  try {
    const tenant = await getTenant(deps, systemCtx(), "default");
    const ctx = systemCtx({ id: tenant.id, slug: tenant.slug });
    const current = await scanSettingsFor(deps, tenant);
    const settings = current.updatedAt ? current : await saveScanSettings(deps, ctx, { enabled: true, allowedOrigins: [new URL(oa.url).origin] });
    return settings.enabled ? `the demo OA's login page ${oa.url}/login shows the QR code (${settings.scriptUrl})` : "switched off by an admin (/admin/scan-login)";
  } catch (e) {
    const why = e instanceof AppError ? `${e.code}: ${e.message}` : String(e);
    return `could not switch scan login on for the demo (${why})`;
  }
}
