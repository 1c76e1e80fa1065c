import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { inTransaction } from "../../kernel/db/client.ts";
import { type OaPortal, type OaPortalInput, parseOaPortalInput, portalTenantOf, replaceOaPortal } from "../../oa/index.ts";
import { ensureSigningKey } from "./keys.ts";

/** Saves the tenant's portal settings (audited) and makes sure a key of the chosen algorithm exists. */
export async function saveOaPortal(deps: Deps, ctx: Ctx, raw: OaPortalInput): Promise<OaPortal> {
  const input = parseOaPortalInput(raw);
  const tenant = portalTenantOf(ctx);
  const now = deps.clock.now();
  await ensureSigningKey(deps, input.handoffAlg);
  return inTransaction(deps.db, async (tx) => {
    const { before, after } = await replaceOaPortal(tx, tenant.id, input, now);
    await recordAudit(tx, now, ctx, { action: "oa.portal.save", target: `oa:${tenant.slug}`, before, after });
    return after;
  });
}
