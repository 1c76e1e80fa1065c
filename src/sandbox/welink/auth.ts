import { type Context, Hono } from "hono";
import { body, fail, ok, str } from "./envelope.ts";
import { authorize, isResponse } from "./guard.ts";
import type { App, Token } from "./model.ts";
import { randomText, type Sandbox, slot } from "./sandbox.ts";

/** A free-login code (HWH5.getAuthCode, §2.1): bound to one app and one person, single use. */
type AuthCode = { clientId: string; userId: string; expiresAt: number; used: boolean };
type Lock = { failures: number[]; lockedUntil: number };

const codes = (sb: Sandbox) => slot(sb, "auth.codes", () => new Map<string, AuthCode>());
const locks = (sb: Sandbox) => slot(sb, "auth.locks", () => new Map<string, Lock>());

/** Codes are kept an hour past expiry so a late exchange still answers "expired" (41503), not "unknown". */
const CODE_KEEP_MS = 3_600_000;
const TOKEN_SWEEP_AT = 10_000;

/** Mints a free-login code for `userId` in app `clientId` (what the phone's getAuthCode yields). */
export function mintAuthCode(sb: Sandbox, clientId: string, userId: string): string {
  const store = codes(sb);
  const now = sb.now();
  if (store.size > 1000) for (const [k, v] of store) if (v.expiresAt + CODE_KEEP_MS < now) store.delete(k);
  const code = randomText(24);
  store.set(code, { clientId, userId, expiresAt: now + sb.settings.authCodeTtlSeconds * 1000, used: false });
  return code;
}

/**
 * Spends a free-login code. Errors follow v1 tickets (§1.2): 41501 missing, 41502 unknown or
 * another app's, 41503 expired, 41504 already used; /auth/v2/userid reuses them ([inferred] §2.2).
 */
export function redeemAuthCode(sb: Sandbox, clientId: string, code: string | undefined): { userId: string } | { code: string; message: string } {
  if (!code) return { code: "41501", message: "auth code is empty or malformed" };
  const entry = codes(sb).get(code);
  if (!entry || entry.clientId !== clientId) return { code: "41502", message: "auth code is invalid" };
  if (entry.expiresAt <= sb.now()) return { code: "41503", message: "auth code has expired" };
  if (entry.used) return { code: "41504", message: "auth code has already been used" };
  entry.used = true;
  if (!sb.org.users.has(entry.userId)) return { code: "41502", message: "auth code is invalid" };
  return { userId: entry.userId };
}

/** Issues a token carrying the app's permissions as they are now (a later grant needs a new token, §0.4). */
export function issueToken(sb: Sandbox, app: App, userId?: string): Token {
  const now = sb.now();
  if (sb.tokens.size > TOKEN_SWEEP_AT) for (const [k, t] of sb.tokens) if (t.expiresAt <= now) sb.tokens.delete(k);
  const token: Token = {
    token: randomText(32),
    clientId: app.clientId,
    expiresAt: now + sb.settings.tokenTtlSeconds * 1000,
    permissions: new Set(app.permissions),
    ...(userId ? { userId } : {}),
  };
  sb.tokens.set(token.token, token);
  return token;
}

/** Lifts every 41403 lock-out and forgets counted failures (inspection API). */
export function clearLockouts(sb: Sandbox): void {
  locks(sb).clear();
}

/**
 * Checks client credentials the way WeLink does (§1.1): 41579 / 41580 for empty fields, 41403
 * while locked, 10007 for a wrong pair. Only wrong secrets of a known client id are counted
 * (an unknown id has nothing to lock); a success neither counts nor forgives earlier failures,
 * so the lock-out means "N wrong secrets within the window".
 */
function checkCredentials(sb: Sandbox, input: Record<string, unknown>): App | { code: string; message: string } {
  const clientId = str(input.client_id);
  const secret = str(input.client_secret);
  if (!clientId) return { code: "41579", message: "client_id is empty" };
  if (!secret) return { code: "41580", message: "client_secret is empty" };
  const now = sb.now();
  const lock = locks(sb).get(clientId);
  if (lock && lock.lockedUntil > now) return { code: "41403", message: "too many wrong attempts; client_id is locked" };
  const app = sb.apps.get(clientId);
  if (app && app.clientSecret === secret) return app;
  if (app) countFailure(sb, clientId, now);
  return { code: "10007", message: "client_id or client_secret is wrong" };
}

function countFailure(sb: Sandbox, clientId: string, now: number): void {
  const { maxWrongSecrets, lockoutWindowMs, lockoutMs } = sb.settings;
  const all = locks(sb);
  const lock = all.get(clientId) ?? { failures: [], lockedUntil: 0 };
  lock.failures = lock.failures.filter((t) => t > now - lockoutWindowMs);
  lock.failures.push(now);
  if (lock.failures.length >= maxWrongSecrets) {
    lock.lockedUntil = now + lockoutMs;
    lock.failures = [];
  }
  all.set(clientId, lock);
}

/**
 * `tenant_id` is only for ISV apps acting in an installing tenant (§1.1). The sandbox has one
 * tenant, so any other value is refused with 41502 ("parameter invalid") [inferred: no code is documented].
 */
function checkTenant(sb: Sandbox, input: Record<string, unknown>): { code: string; message: string } | undefined {
  const tenantId = str(input.tenant_id);
  if (tenantId && tenantId !== sb.settings.tenantId) return { code: "41502", message: "tenant_id is not a tenant that installed this app" };
  return undefined;
}

const tokenAnswer = (c: Context, sb: Sandbox, t: Token) =>
  ok(c, { access_token: t.token, expires_in: Math.round((t.expiresAt - sb.now()) / 1000) });

async function tickets(sb: Sandbox, c: Context, version: 1 | 2): Promise<Response> {
  const input = await body(c);
  if (str(input.client_id)) c.set("clientId" as never, str(input.client_id) as never);
  const app = checkCredentials(sb, input);
  if ("code" in app) return fail(c, app.code, app.message);
  const tenantError = checkTenant(sb, input);
  if (tenantError) return fail(c, tenantError.code, tenantError.message);
  if (version === 2) return tokenAnswer(c, sb, issueToken(sb, app));
  const type = str(input.type);
  if (type === "e") return tokenAnswer(c, sb, issueToken(sb, app));
  // [inferred] a missing or unknown type is a bad parameter, like a bad code (41502).
  if (type !== "u") return fail(c, "41502", "type must be 'e' or 'u'");
  const redeemed = redeemAuthCode(sb, app.clientId, str(input.code));
  if ("code" in redeemed) return fail(c, redeemed.code, redeemed.message);
  return tokenAnswer(c, sb, issueToken(sb, app, redeemed.userId));
}

/** Tokens (§1.1, §1.2) and who-is-this (§2.2, §2.3). */
export function authRoutes(sb: Sandbox) {
  const app = new Hono();
  app.post("/api/auth/v2/tickets", (c) => tickets(sb, c, 2));
  app.post("/api/auth/v1/tickets", (c) => tickets(sb, c, 1));

  app.get("/api/auth/v2/userid", (c) => {
    const auth = authorize(sb, c, "auth");
    if (isResponse(auth)) return auth;
    const redeemed = redeemAuthCode(sb, auth.app.clientId, c.req.query("code"));
    if ("code" in redeemed) return fail(c, redeemed.code, redeemed.message);
    return ok(c, { userId: redeemed.userId, tenantId: sb.settings.tenantId });
  });

  app.get("/api/auth/v1/userid", (c) => {
    const auth = authorize(sb, c, "auth");
    if (isResponse(auth)) return auth;
    // The only documented error here is 41500 (§2.3); an app token names nobody.
    if (!auth.token.userId) return fail(c, "41500", "the token is not a user token");
    return ok(c, { userId: auth.token.userId, tenantId: sb.settings.tenantId });
  });
  return app;
}
