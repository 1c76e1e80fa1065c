import { compactVerify, decodeProtectedHeader } from "jose";
import type { Deps } from "../../deps.ts";
import { verificationKey } from "../handoff/keys.ts";
import { issuerOf } from "./issuer.ts";
import * as store from "./store.ts";

/*
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0). The id_token_hint is checked for
 * our signature and issuer only: an expired hint is the usual case and still names the client.
 * A post_logout_redirect_uri is followed only when registered for that client; anything else is
 * a page on the bridge, never a redirect.
 */

type Tenant = { id: string; slug: string };
export type LogoutPlan =
  | { kind: "error"; error: "bad_hint" | "unknown_client" | "bad_post_logout_uri" }
  /** `confirm`: no valid hint, so the person is asked (a forged link must not sign anyone out). */
  | { kind: "ok"; redirect?: string; confirm: boolean; clientId?: string };

async function hintOf(deps: Deps, tenant: Tenant, hint: string): Promise<{ aud: string; sub: string } | undefined> {
  try {
    const { kid } = decodeProtectedHeader(hint);
    const key = kid ? await verificationKey(deps, kid) : undefined;
    if (!key) return undefined;
    const { payload } = await compactVerify(hint, key.key, { algorithms: [key.alg] });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as { iss?: string; aud?: string | string[]; sub?: string };
    const aud = Array.isArray(claims.aud) ? claims.aud[0] : claims.aud;
    if (claims.iss !== issuerOf(deps, tenant.slug) || !aud || !claims.sub) return undefined;
    return { aud, sub: claims.sub };
  } catch {
    return undefined;
  }
}

export async function planLogout(deps: Deps, tenant: Tenant, q: Record<string, string | undefined>): Promise<LogoutPlan> {
  const hint = q.id_token_hint ? await hintOf(deps, tenant, q.id_token_hint) : undefined;
  if (q.id_token_hint && !hint) return { kind: "error", error: "bad_hint" };
  if (hint && q.client_id && q.client_id !== hint.aud) return { kind: "error", error: "bad_hint" };
  const clientId = hint?.aud ?? q.client_id;
  const client = clientId ? await store.findClientByClientId(deps.db, tenant.id, clientId) : undefined;
  if (clientId && !client) return { kind: "error", error: "unknown_client" };
  const target = q.post_logout_redirect_uri;
  if (target === undefined) return { kind: "ok", confirm: !hint, clientId };
  if (!client || !(JSON.parse(client.postLogoutUris) as string[]).includes(target)) return { kind: "error", error: "bad_post_logout_uri" };
  const url = new URL(target);
  if (q.state) url.searchParams.set("state", q.state);
  return { kind: "ok", redirect: url.href, confirm: !hint, clientId };
}

/** Revokes the access tokens the ended session's clients hold. */
export const revokeSessionTokens = (deps: Deps, tenantId: string, sessionId: string) => store.revokeTokensOfSession(deps.db, tenantId, sessionId, deps.clock.now());
