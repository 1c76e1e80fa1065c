import { createHash } from "node:crypto";
import { SignJWT } from "jose";
import type { Deps } from "../../deps.ts";
import { randomToken } from "../../kernel/ids.ts";
import { getOaPortalForTenant } from "../../oa/index.ts";
import { sameSecret } from "../entry/seal.ts";
import { signingKeyFor } from "../handoff/keys.ts";
import { secretMatches } from "./clients.ts";
import { ACCESS_TOKEN_TTL_MS, hashOf, ID_TOKEN_TTL_S, issuerOf } from "./issuer.ts";
import * as store from "./store.ts";

/*
 * The token endpoint: an authorization code (single use, ≤ 60 s) for an id_token and an access
 * token. Refusals are RFC 6749 §5.2 JSON. A second use of a code revokes the access token the
 * first use issued (RFC 6749 §4.1.2: the code may have been stolen).
 */

export type OAuthError = { status: 400 | 401; error: string; description: string; basic?: boolean };
export type TokenAnswer = { access_token: string; token_type: "Bearer"; expires_in: number; id_token: string; scope: string };
type Tenant = { id: string; slug: string };
export type ClientAuth = { basic?: { id: string; secret: string }; form: Record<string, string | undefined> };

const oauthError = (error: string, description: string, status: 400 | 401 = 400, basic = false): OAuthError => ({ status, error, description, basic });
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

/** Parses `Authorization: Basic` (client id and secret are form-encoded before base64, RFC 6749 §2.3.1). */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined | "bad" {
  if (!header?.toLowerCase().startsWith("basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const at = decoded.indexOf(":");
  if (at < 0) return "bad";
  const unform = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      return undefined;
    }
  };
  const id = unform(decoded.slice(0, at));
  const secret = unform(decoded.slice(at + 1));
  return id === undefined || secret === undefined ? "bad" : { id, secret };
}

/** The calling client: confidential ones by their secret (basic or post), public ones by client_id with no secret. */
async function clientOf(deps: Deps, tenant: Tenant, auth: ClientAuth): Promise<store.ClientRow | OAuthError> {
  const posted = auth.form.client_secret;
  if (auth.basic && (posted !== undefined || (auth.form.client_id !== undefined && auth.form.client_id !== auth.basic.id))) {
    return oauthError("invalid_request", "use one client authentication method");
  }
  const id = auth.basic?.id ?? auth.form.client_id;
  const secret = auth.basic?.secret ?? posted;
  const unknown = oauthError("invalid_client", "client authentication failed", 401, Boolean(auth.basic));
  if (!id || id.length > 100) return unknown;
  const client = await store.findClientByClientId(deps.db, tenant.id, id);
  if (!client) return unknown;
  if (client.type === "public") return secret === undefined ? client : unknown;
  return secret !== undefined && (await secretMatches(client, secret)) ? client : unknown;
}

export async function exchangeCode(deps: Deps, tenant: Tenant, auth: ClientAuth): Promise<TokenAnswer | OAuthError> {
  const client = await clientOf(deps, tenant, auth);
  if ("error" in client) return client;
  const f = auth.form;
  if (f.grant_type !== "authorization_code") return oauthError("unsupported_grant_type", "only grant_type=authorization_code is supported");
  if (!f.code || f.code.length > 200) return oauthError("invalid_request", "code is missing");
  const codeHash = hashOf(f.code);
  const now = deps.clock.now();
  const code = await store.findCode(deps.db, tenant.id, codeHash);
  const invalid = oauthError("invalid_grant", "the code is unknown, expired, already used, or not this client's");
  if (!code || code.clientId !== client.clientId) return invalid;
  if (!(await store.claimCode(deps.db, tenant.id, codeHash, now))) {
    await store.revokeTokensOfCode(deps.db, tenant.id, codeHash, now);
    deps.log.warn("oidc code used twice: its tokens are revoked", { clientId: client.clientId });
    return invalid;
  }
  if (code.expiresAt <= now) return invalid;
  if (!sameSecret(f.redirect_uri, code.redirectUri)) return oauthError("invalid_grant", "redirect_uri differs from the authorization request's");
  if (code.codeChallenge) {
    if (!f.code_verifier || !VERIFIER.test(f.code_verifier) || !sameSecret(s256(f.code_verifier), code.codeChallenge)) return oauthError("invalid_grant", "PKCE code_verifier missing or wrong");
  } else if (f.code_verifier !== undefined) {
    return oauthError("invalid_grant", "a code_verifier was sent but the authorization request had no code_challenge");
  }
  const session = await store.findSessionRow(deps.db, tenant.id, code.sessionId);
  if (!session || session.endedAt !== null || session.expiresAt <= now) return oauthError("invalid_grant", "the sign-in session has ended");

  const accessToken = randomToken(32);
  const expiresAt = Math.min(now + ACCESS_TOKEN_TTL_MS, session.expiresAt);
  await store.insertToken(deps.db, { tokenHash: hashOf(accessToken), tenantId: tenant.id, clientId: client.clientId, sessionId: session.id, codeHash, scope: code.scope, createdAt: now, expiresAt, revokedAt: null });
  const idToken = await signIdToken(deps, tenant, { sub: session.oaUserId, aud: client.clientId, nonce: code.nonce, authTime: code.authTime, sid: session.id });
  return { access_token: accessToken, token_type: "Bearer", expires_in: Math.floor((expiresAt - now) / 1000), id_token: idToken, scope: code.scope };
}

/**
 * The id_token: signed with the bridge's current key of the tenant's handoff algorithm (ES256
 * unless the OA portal asks RS256), `kid` in the header so the JWKS finds it through a rotation.
 * `sub` is the OA person id: stable per tenant (the issuer is per tenant), and what the OA knows.
 */
async function signIdToken(deps: Deps, tenant: Tenant, c: { sub: string; aud: string; nonce: string | null; authTime: number; sid: string }): Promise<string> {
  const { handoffAlg } = await getOaPortalForTenant(deps, tenant.id);
  const key = await signingKeyFor(deps, handoffAlg);
  const iat = Math.floor(deps.clock.now() / 1000);
  return new SignJWT({ auth_time: Math.floor(c.authTime / 1000), sid: c.sid, ...(c.nonce === null ? {} : { nonce: c.nonce }) })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" })
    .setIssuer(issuerOf(deps, tenant.slug))
    .setSubject(c.sub)
    .setAudience(c.aud)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ID_TOKEN_TTL_S)
    .sign(key.privateKey);
}
