import type { Call } from "./caller.ts";
import { fieldsOf, need, num, str } from "./read.ts";
import type { FetchedToken } from "./token-cache.ts";
import type { WelinkIdentity } from "./types.ts";

export type AppCredentials = {
  clientId: string;
  clientSecret: string;
  /** Only for ISV apps acting in an installing tenant (§1.1); internal apps leave it out. */
  tenantId?: string;
  /** "v2" (default, §1.1) or the older "v1" tickets with type "e" (§1.2). */
  tokenApi: "v2" | "v1";
};

/** A user-identity token (OAuth2 or v1 tickets type "u"). Secret: never log it. */
export type UserToken = { accessToken: string; expiresIn?: number; state?: string };

export type OAuthExchange = { code: string; redirectUri: string; state?: string };

const TICKETS_V2 = "/api/auth/v2/tickets";
const TICKETS_V1 = "/api/auth/v1/tickets";

/** Fetches the app's access token (through the caller: rate limits and retries apply, no token). */
export function appTokenFetcher(call: Call, creds: AppCredentials): () => Promise<FetchedToken> {
  return async () => {
    const v1 = creds.tokenApi === "v1";
    const json = v1
      ? { client_id: creds.clientId, client_secret: creds.clientSecret, type: "e", tenant_id: creds.tenantId }
      : { client_id: creds.clientId, client_secret: creds.clientSecret, tenant_id: creds.tenantId };
    const path = v1 ? TICKETS_V1 : TICKETS_V2;
    const env = await call({ method: "POST", path, auth: "none", json });
    const accessToken = need(`POST ${path}`, env, "access_token");
    // expires_in may change (§1.1): read it, and fall back to the documented 7200 s only when absent.
    return { accessToken, expiresIn: num(env.expires_in) ?? 7200 };
  };
}

const identity = (api: string, env: Record<string, unknown>): WelinkIdentity => {
  const f = fieldsOf(env);
  return { userId: need(api, f, "userId"), tenantId: str(f.tenantId) };
};

export function authApi(call: Call, creds: AppCredentials) {
  /** The user a token belongs to (GET /api/auth/v1/userid, §2.3). */
  async function userOfToken(token: UserToken): Promise<WelinkIdentity> {
    const env = await call({ method: "GET", path: "/api/auth/v1/userid", auth: { userToken: token.accessToken } });
    return identity("GET /api/auth/v1/userid", env);
  }

  /** OAuth2 authorization code (browser redirect, 5 min, single use) → user token (§2.4). */
  async function exchangeOAuthCode(x: OAuthExchange): Promise<UserToken> {
    const path = "/api/oauth2/v1/token";
    const form = { grant_type: "authorization_code", code: x.code, client_id: creds.clientId, client_secret: creds.clientSecret, redirect_uri: x.redirectUri, state: x.state };
    // A code is single use: a retry after an unclear failure would only get "code invalid".
    const env = await call({ method: "POST", path, auth: "none", form, success: "60001", idempotent: false, secrets: [x.code] });
    return { accessToken: need(`POST ${path}`, env, "access_token"), expiresIn: num(env.expires_in), state: str(env.state) };
  }

  return {
    /** Free-login code from HWH5.getAuthCode (2 min, single use) → the user (GET /api/auth/v2/userid, §2.2). */
    async userFromCode(code: string): Promise<WelinkIdentity> {
      const env = await call({ method: "GET", path: "/api/auth/v2/userid", query: { code }, auth: "app", idempotent: false, secrets: [code] });
      return identity("GET /api/auth/v2/userid", env);
    },

    /** An auth code → a user token through the older v1 tickets with type "u" (§1.2). */
    async userTokenFromCode(code: string): Promise<UserToken> {
      const json = { client_id: creds.clientId, client_secret: creds.clientSecret, type: "u", code, tenant_id: creds.tenantId };
      const env = await call({ method: "POST", path: TICKETS_V1, auth: "none", json, idempotent: false, secrets: [code] });
      return { accessToken: need(`POST ${TICKETS_V1}`, env, "access_token"), expiresIn: num(env.expires_in) };
    },

    exchangeOAuthCode,
    userOfToken,

    /** The browser OAuth2 flow's last two steps: code → token → user. */
    async userFromOAuthCode(x: OAuthExchange): Promise<WelinkIdentity & { state?: string }> {
      const token = await exchangeOAuthCode(x);
      return { ...(await userOfToken(token)), state: token.state };
    },
  };
}

export type AuthApi = ReturnType<typeof authApi>;
