import { Hono } from "hono";
import * as client from "openid-client";
import { findTenantBySlug } from "../../../src/accounts/store.ts";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { startSession } from "../../../src/login/session/session.ts";
import { startHarness, type Harness } from "../../helpers/harness.ts";

export const REDIRECT = "http://127.0.0.1:9/callback";
export const AFTER_LOGOUT = "http://127.0.0.1:9/signed-out";

/**
 * A bridge in-process with one tenant, one WeLink enterprise, one OA person; a tiny route that
 * starts a sign-in session for them (standing in for the WeLink proof of the sign-in page), and
 * openid-client configured against the tenant's issuer through the app itself (customFetch).
 */
export async function oidcWorld() {
  const clock = frozenClock(Date.now());
  const h: Harness = await startHarness({ clock });
  const token = await h.tenantToken("default", ["admin"]);
  const tenant = (await findTenantBySlug(h.deps.db, "default"))!;
  const corp = (await (await h.call("POST", "/api/v1/corps", { token, body: { name: "Acme", welinkTenantId: "acme-welink" } })).json()) as { id: string };
  await h.deps.database.client.execute({
    sql: "INSERT INTO oa_users (tenant_id, id, account, name, mobile, email) VALUES (?, 'oa-42', 'zhangsan', '张三', '+86-13800000042', 'zhangsan@acme.example')",
    args: [tenant.id],
  });
  const proof = new Hono();
  proof.get("/t/default/test-proof", async (c) => {
    const s = await startSession(h.deps, c, { tenantId: tenant.id, tenantSlug: "default", corpId: corp.id, appId: null, welinkUserId: "wl-42", oaUserId: "oa-42", channel: "scan" });
    return c.json({ id: s.id });
  });
  const issuer = `${h.config.publicUrl}/t/default/oidc`;
  const appFetch = ((url: string, init: RequestInit) => Promise.resolve(h.app.request(url, init))) as unknown as client.CustomFetch;

  /** Registers a client through the API; the secret is in this answer only. */
  const register = async (type: "public" | "confidential", extra: Record<string, unknown> = {}) => {
    const res = await h.call("POST", "/api/v1/sso/oidc/clients", { token, body: { name: `${type} app`, type, redirectUris: [REDIRECT], postLogoutUris: [AFTER_LOGOUT], ...extra } });
    if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; clientId: string; clientSecret: string | null };
  };
  /** openid-client's view of the provider, through discovery, for this client. */
  const configFor = async (clientId: string, auth: client.ClientAuth) => {
    const config = await client.discovery(new URL(issuer), clientId, undefined, auth, { execute: [client.allowInsecureRequests], [client.customFetch]: appFetch });
    config[client.customFetch] = appFetch;
    // Make openid-client check the id_token's signature against the JWKS too (it skips that for
    // tokens fetched over TLS by default).
    client.enableNonRepudiationChecks(config);
    return config;
  };
  /** A browser that keeps the bridge's session cookie. */
  let cookie = "";
  const signIn = async () => {
    const res = await proof.request("/t/default/test-proof", { headers: cookie ? { cookie } : {} });
    cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    return ((await res.json()) as { id: string }).id;
  };
  const visit = async (url: string | URL) => {
    const res = await h.app.request(String(url), { headers: cookie ? { cookie } : {} });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie?.startsWith("wlb_session=;") || setCookie?.includes("Max-Age=0")) cookie = "";
    return res;
  };
  const forgetCookie = () => void (cookie = "");
  return { h, clock, token, tenant, corp, issuer, register, configFor, signIn, visit, forgetCookie, cookie: () => cookie, appFetch, close: () => h.close() };
}
export type OidcWorld = Awaited<ReturnType<typeof oidcWorld>>;

/** Starts an authorization with PKCE and follows the bridge's redirect back to the client. */
export async function authorizeWith(w: OidcWorld, config: client.Configuration, extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT, scope: "openid profile email phone", state, nonce,
    code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256", ...extra,
  });
  const res = await w.visit(url);
  return { res, location: res.headers.get("location") ?? "", verifier, state, nonce, url };
}
