import type { Deps } from "../deps.ts";
import { systemCtx } from "../kernel/actor.ts";
import { AppError } from "../kernel/errors.ts";
import { audienceOf } from "../login/handoff.ts";
import { getOaPortal, saveOaPortal } from "../login/portal.ts";
import type { RunningDemoOa } from "../sandbox/oa/server.ts";
import { SSO_PATH } from "../sandbox/oa/sso.tsx";
import { getTenant } from "../tenancy/tenants.ts";
import { issueToken, listTokens, revokeToken } from "../tenancy/tokens.ts";

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
