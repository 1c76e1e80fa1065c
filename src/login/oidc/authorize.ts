import type { Deps } from "../../deps.ts";
import { randomToken } from "../../kernel/ids.ts";
import { openJson, sealJson } from "../entry/seal.ts";
import type { LoginReason } from "../log/login-log.ts";
import { type SignInSession, signInUrl } from "../session/session.ts";
import { CODE_TTL_MS, hashOf, issuerOf, issuerPath, SCOPES } from "./issuer.ts";
import * as store from "./store.ts";

/*
 * The authorization endpoint, as one decision: authorization code flow only. Until the client and
 * its exact redirect_uri are known, a refusal is a page on the bridge (never a redirect: an
 * unchecked redirect_uri would make the bridge an open redirector that leaks codes); after that,
 * refusals go back to the client as `error=…&state=…&iss=…` (RFC 6749 §4.1.2.1, RFC 9207).
 */

export type PageError = "unknown_client" | "bad_redirect_uri";
/** `reason`: what the login log records (nothing for the detour through the sign-in page). */
export type AuthorizeOutcome = { kind: "page"; error: PageError; reason: LoginReason } | { kind: "redirect"; url: string; reason?: LoginReason };
type Tenant = { id: string; slug: string };

/** The marker a prompt=login round trip carries: sealed, so the time it names cannot be forged. */
type FreshMarker = { t: number; c: string };
const MARKER = "login_after";
const MARKER_TTL_MS = 15 * 60_000;

const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

function back(deps: Deps, tenant: Tenant, redirectUri: string, params: Record<string, string | undefined>, reason: LoginReason): AuthorizeOutcome {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  url.searchParams.set("iss", issuerOf(deps, tenant.slug));
  return { kind: "redirect", url: url.href, reason };
}

export async function authorize(deps: Deps, tenant: Tenant, q: URLSearchParams, session: SignInSession | null): Promise<AuthorizeOutcome> {
  const clientId = q.get("client_id") ?? "";
  const client = clientId && clientId.length <= 100 ? await store.findClientByClientId(deps.db, tenant.id, clientId) : undefined;
  if (!client) return { kind: "page", error: "unknown_client", reason: "OIDC_UNKNOWN_CLIENT" };
  const redirectUri = q.get("redirect_uri") ?? "";
  if (!(JSON.parse(client.redirectUris) as string[]).includes(redirectUri)) return { kind: "page", error: "bad_redirect_uri", reason: "OIDC_BAD_REDIRECT_URI" };

  const state = q.get("state") ?? undefined;
  const fail = (error: string, description: string) => back(deps, tenant, redirectUri, { error, error_description: description, state }, error === "login_required" ? "OIDC_LOGIN_REQUIRED" : "OIDC_REFUSED");
  if (q.get("response_type") !== "code") return fail("unsupported_response_type", "only the authorization code flow (response_type=code) is supported");
  if (q.has("request") || q.has("request_uri")) return fail("request_not_supported", "request objects are not supported");
  const asked = (q.get("scope") ?? "").split(" ").filter(Boolean);
  if (!asked.includes("openid")) return fail("invalid_scope", "the scope must include openid");
  const scope = SCOPES.filter((s) => asked.includes(s)).join(" ");

  const challenge = q.get("code_challenge") ?? undefined;
  if (challenge !== undefined) {
    if (q.get("code_challenge_method") !== "S256") return fail("invalid_request", "code_challenge_method must be S256 (plain is refused)");
    if (!S256_CHALLENGE.test(challenge)) return fail("invalid_request", "code_challenge must be a base64url SHA-256 digest (43 characters)");
  } else if (client.type === "public") {
    return fail("invalid_request", "a public client must send a PKCE code_challenge (S256)");
  }
  const nonce = q.get("nonce") ?? undefined;
  if (nonce !== undefined && nonce.length > 500) return fail("invalid_request", "nonce is too long");

  const prompt = (q.get("prompt") ?? "").split(" ").filter(Boolean);
  if (prompt.includes("none") && prompt.length > 1) return fail("invalid_request", "prompt=none cannot be combined with other values");
  const maxAge = q.has("max_age") ? Number(q.get("max_age")) : undefined;
  if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0)) return fail("invalid_request", "max_age must be a whole number of seconds");

  const now = deps.clock.now();
  const marker = await openJson<FreshMarker>(deps, "oidc.fresh", q.get(MARKER) ?? undefined);
  // A new proof counts only if it came after this very request asked for one (strictly after the marker's time).
  const provedSinceAsked = Boolean(marker && session && marker.c === client.clientId && session.provedAt > marker.t);
  const tooOld = maxAge !== undefined && session !== null && now - session.provedAt > maxAge * 1000;
  const wantsFresh = prompt.includes("login") || tooOld;
  if (!session || (wantsFresh && !provedSinceAsked)) {
    if (prompt.includes("none")) return fail("login_required", "the person is not signed in to the bridge");
    const again = new URLSearchParams(q);
    again.delete(MARKER);
    if (wantsFresh) again.set(MARKER, await sealJson<FreshMarker>(deps, "oidc.fresh", { t: now, c: client.clientId }, MARKER_TTL_MS));
    return { kind: "redirect", url: signInUrl(deps, tenant.slug, `${issuerPath(tenant.slug)}/authorize?${again}`, { renew: wantsFresh }) };
  }

  const code = randomToken(32);
  await store.insertCode(deps.db, {
    codeHash: hashOf(code), tenantId: tenant.id, clientId: client.clientId, sessionId: session!.id, redirectUri, scope,
    nonce: nonce ?? null, codeChallenge: challenge ?? null, authTime: session!.provedAt, createdAt: now, expiresAt: now + CODE_TTL_MS, usedAt: null,
  });
  return back(deps, tenant, redirectUri, { code, state }, "OIDC_CODE_ISSUED");
}
