import { randomBytes } from "node:crypto";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import * as client from "openid-client";
import type { DemoOaState } from "./state.ts";
import { localPath, refuseSignOn, signInAs } from "./session.tsx";

/**
 * The demo OA as an OpenID Connect relying party of the bridge, built with `openid-client` as a
 * Node OA would be: authorization code with PKCE (S256), state and nonce kept per browser in a
 * cookie-keyed pending entry (so a callback cannot be replayed into another browser), the code
 * redeemed with the client secret, the person read from /userinfo by `preferred_username` (the
 * OA account). Logout is RP-initiated, back to this OA's login page.
 */

export const OIDC_CALLBACK_PATH = "/sso/oidc/callback";
const PENDING_COOKIE = "demo_oa_oidc";
const PENDING_MS = 10 * 60_000;

export const oidcRedirectUri = (origin: string) => `${origin}${OIDC_CALLBACK_PATH}`;

/** Discovers the bridge's provider for this OA's client (loopback http is allowed: a demo). */
export async function discoverOidc(issuer: string, clientId: string, clientSecret: string): Promise<client.Configuration> {
  return client.discovery(new URL(issuer), clientId, undefined, client.ClientSecretBasic(clientSecret), { execute: [client.allowInsecureRequests] });
}

/** Starts an authorization for this browser and answers the provider's URL to send it to. */
export async function oidcLoginUrl(state: DemoOaState, c: Context, config: client.Configuration, next: string): Promise<string> {
  const key = randomBytes(18).toString("base64url");
  const pending = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next, expires: Date.now() + PENDING_MS };
  for (const [k, p] of state.oidcPending) if (p.expires < Date.now()) state.oidcPending.delete(k);
  state.oidcPending.set(key, pending);
  setCookie(c, PENDING_COOKIE, key, { path: OIDC_CALLBACK_PATH, httpOnly: true, sameSite: "Lax", maxAge: PENDING_MS / 1000 });
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: oidcRedirectUri(new URL(c.req.url).origin),
    scope: "openid profile email phone",
    code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: "S256",
    state: pending.state,
    nonce: pending.nonce,
  });
  return url.href;
}

/** Where this OA's logout sends the browser: the provider's end_session with the session's id_token, back to /login. */
export function oidcLogoutUrl(state: DemoOaState, c: Context, config: client.Configuration, sid: string | undefined): string {
  const idToken = sid ? state.idTokens.get(sid) : undefined;
  if (sid) state.idTokens.delete(sid);
  if (!idToken) return "/login";
  return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: `${new URL(c.req.url).origin}/login` }).href;
}

export function oidcRoutes(state: DemoOaState) {
  const r = new Hono();
  r.get(OIDC_CALLBACK_PATH, async (c) => {
    if (state.signOn.kind !== "oidc") return refuseSignOn(c, 503, "本 OA 未启用 OIDC 登录。", "This OA does not sign in with OpenID Connect.");
    const key = getCookie(c, PENDING_COOKIE);
    const pending = key ? state.oidcPending.get(key) : undefined;
    if (key) state.oidcPending.delete(key);
    deleteCookie(c, PENDING_COOKIE, { path: OIDC_CALLBACK_PATH });
    if (!pending || pending.expires < Date.now()) return refuseSignOn(c, 401, "登录已过期，请重新打开 OA。", "The sign-in expired; open the OA again.");
    const config = state.signOn.config;
    let account: unknown;
    let idToken: string | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(config, new URL(c.req.url), {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      idToken = tokens.id_token;
      const info = await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
      account = info.preferred_username;
    } catch (e) {
      const code = (e as { error?: string; code?: string }).error ?? (e as { code?: string }).code;
      return refuseSignOn(c, 401, "OpenID Connect 登录失败。", `OpenID Connect sign-in failed: ${(e as Error).message}`, code);
    }
    const sid = signInAs(state, c, typeof account === "string" ? state.byLogin.get(account) : undefined);
    if (!sid) return refuseSignOn(c, 403, "该账号在本 OA 不存在或已停用。", "This account does not exist here or is disabled.");
    if (idToken) state.idTokens.set(sid, idToken);
    return c.redirect(localPath(pending.next), 303);
  });
  return r;
}
