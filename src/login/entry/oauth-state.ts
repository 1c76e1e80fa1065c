import type { Deps } from "../../deps.ts";
import { randomToken } from "../../kernel/ids.ts";
import { openJson, sameSecret, sealJson } from "./seal.ts";

/*
 * The browser (PC) path's CSRF guard: `state` is random, sent to WeLink's authorize page, and
 * also kept in a sealed cookie of this browser. The callback is accepted only when the two agree,
 * so a code cannot be injected into someone else's browser. The cookie also carries the
 * requested `target` across WeLink's login page.
 */
export const OAUTH_COOKIE = "wlb_oauth";
/** WeLink's OAuth2 codes live 5 minutes; a little more covers a slow sign-in on WeLink's page. */
export const OAUTH_TTL_MS = 10 * 60_000;

type OauthState = { state: string; target?: string };

export const callbackUrl = (deps: Deps, appKey: string) => `${deps.config.publicUrl}/h/${encodeURIComponent(appKey)}/callback`;

/** WeLink's authorize URL (§2.4): redirect_uri without a query string, scope backendlogin. */
export function authorizeUrl(deps: Deps, o: { clientId: string; appKey: string; state: string }): string {
  const url = new URL(`${deps.config.welinkLoginUrl}/sso/oauth2/authorize`);
  url.searchParams.set("client_id", o.clientId);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("redirect_uri", callbackUrl(deps, o.appKey));
  url.searchParams.set("scope", "backendlogin");
  url.searchParams.set("state", o.state);
  return url.toString();
}

/** A fresh state and the sealed cookie value that remembers it (and the target) for this app. */
export async function startOauth(deps: Deps, appKey: string, target: string | undefined): Promise<{ state: string; cookie: string }> {
  const state = randomToken(24);
  const cookie = await sealJson<OauthState>(deps, `oauth:${appKey}`, { state, ...(target ? { target } : {}) }, OAUTH_TTL_MS);
  return { state, cookie };
}

/** The remembered target when the returned state is this browser's; undefined when it is not. */
export async function checkOauth(deps: Deps, appKey: string, cookie: string | undefined, state: string | undefined): Promise<{ target?: string } | undefined> {
  const kept = await openJson<OauthState>(deps, `oauth:${appKey}`, cookie);
  if (!kept || !sameSecret(kept.state, state)) return undefined;
  return kept.target ? { target: kept.target } : {};
}
