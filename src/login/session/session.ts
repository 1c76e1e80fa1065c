import { createHash } from "node:crypto";
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Deps } from "../../deps.ts";
import { newId, randomToken } from "../../kernel/ids.ts";
import { signInSessions, ssoSettings } from "./schema.ts";

/*
 * The sign-in session: one per person and browser, per tenant. The browser holds a random token
 * in an HttpOnly cookie scoped to the tenant's paths (`/t/{slug}/`), only its hash is stored, so a
 * copy of the database signs nobody in. CAS, OIDC and message links read it with currentSession.
 */

export type SignInSession = typeof signInSessions.$inferSelect;
export type SsoMethod = "handoff" | "cas" | "oidc";
export type SsoSettings = { method: SsoMethod; sessionMinutes: number };

export const DEFAULT_SSO: SsoSettings = { method: "handoff", sessionMinutes: 480 };
const COOKIE = "wlb_session";

const tokenHash = (token: string) => createHash("sha256").update(token).digest("hex");

/** Where a tenant's session cookie lives: every bridge path of that tenant (`/t/{slug}/…`). */
export const tenantPath = (slug: string) => `/t/${encodeURIComponent(slug)}/`;

const cookieOptions = (deps: Deps, slug: string, maxAge?: number) => ({
  path: tenantPath(slug),
  httpOnly: true,
  sameSite: "Lax" as const,
  secure: deps.config.publicUrl.startsWith("https:"),
  ...(maxAge === undefined ? {} : { maxAge }),
});

export async function ssoSettingsFor(deps: Deps, tenantId: string): Promise<SsoSettings> {
  const [row] = await deps.db.select().from(ssoSettings).where(eq(ssoSettings.tenantId, tenantId));
  return row ? { method: row.method, sessionMinutes: row.sessionMinutes } : DEFAULT_SSO;
}

export type StartSession = {
  tenantId: string;
  tenantSlug: string;
  corpId: string;
  appId: string | null;
  welinkUserId: string;
  oaUserId: string;
  channel: SignInSession["channel"];
  ip?: string | null;
  userAgent?: string | null;
};

/**
 * Starts a session after a WeLink proof and sets its cookie. A session the browser already had
 * for this tenant ends (a new proof replaces it: `renew` and `prompt=login` land here too).
 */
export async function startSession(deps: Deps, c: Context, s: StartSession): Promise<SignInSession> {
  const previous = await currentSession(deps, c, s.tenantId);
  if (previous) await endSessionById(deps, s.tenantId, previous.id, "logout");
  const { sessionMinutes } = await ssoSettingsFor(deps, s.tenantId);
  const now = deps.clock.now();
  const token = randomToken(32);
  const row: SignInSession = {
    id: newId(),
    tenantId: s.tenantId,
    tokenHash: tokenHash(token),
    corpId: s.corpId,
    appId: s.appId,
    welinkUserId: s.welinkUserId,
    oaUserId: s.oaUserId,
    channel: s.channel,
    createdAt: now,
    provedAt: now,
    expiresAt: now + sessionMinutes * 60_000,
    lastSeenAt: now,
    endedAt: null,
    endReason: null,
    ip: s.ip?.slice(0, 64) ?? null,
    userAgent: s.userAgent?.slice(0, 500) ?? null,
  };
  await deps.db.insert(signInSessions).values(row);
  setCookie(c, COOKIE, token, cookieOptions(deps, s.tenantSlug, sessionMinutes * 60));
  return row;
}

/** The browser's live session for this tenant, or null (no cookie, unknown, ended, expired, another tenant's). */
export async function currentSession(deps: Deps, c: Context, tenantId: string): Promise<SignInSession | null> {
  const token = getCookie(c, COOKIE);
  if (!token || token.length > 200) return null;
  const now = deps.clock.now();
  const [row] = await deps.db
    .select()
    .from(signInSessions)
    .where(and(eq(signInSessions.tokenHash, tokenHash(token)), eq(signInSessions.tenantId, tenantId), isNull(signInSessions.endedAt), gt(signInSessions.expiresAt, now)));
  if (!row) return null;
  // Seen at most once a minute: a page full of CAS / OIDC round trips does not write each time.
  if (now - row.lastSeenAt > 60_000) await deps.db.update(signInSessions).set({ lastSeenAt: now }).where(eq(signInSessions.id, row.id));
  return row;
}

/** Ends the browser's session for this tenant (logout) and drops the cookie; the ended session, if there was one. */
export async function endSession(deps: Deps, c: Context, tenantId: string, tenantSlug: string, reason: "logout" | "revoked" = "logout"): Promise<SignInSession | null> {
  const live = await currentSession(deps, c, tenantId);
  deleteCookie(c, COOKIE, cookieOptions(deps, tenantSlug));
  if (!live) return null;
  await endSessionById(deps, tenantId, live.id, reason);
  return { ...live, endedAt: deps.clock.now(), endReason: reason };
}

/** Ends a session by id within its tenant (an admin's revocation, or logout); false when it was not live. */
export async function endSessionById(deps: Deps, tenantId: string, id: string, reason: "logout" | "revoked"): Promise<boolean> {
  const now = deps.clock.now();
  const ended = await deps.db
    .update(signInSessions)
    .set({ endedAt: now, endReason: reason })
    .where(and(eq(signInSessions.id, id), eq(signInSessions.tenantId, tenantId), isNull(signInSessions.endedAt)))
    .returning({ id: signInSessions.id });
  return ended.length > 0;
}

/**
 * The bridge's sign-in page for a tenant: it proves the person with WeLink (free-login code inside
 * WeLink; scan login or WeLink OAuth2 on a PC), starts the session and goes back to `returnTo` (a
 * path on the bridge: CAS /login, OIDC /authorize, a message link). `renew` asks for a new proof
 * even with a live session (CAS renew=true, OIDC prompt=login).
 */
/** The bridge's own path under its public URL ("" at the root, "/bridge" behind a proxy's sub-path). */
export const bridgePath = (deps: Deps) => new URL(deps.config.publicUrl).pathname.replace(/\/+$/, "");

/** The tenant's sign-in page returning to `returnTo` (a path from the bridge's root, `/t/{slug}/…`), both under the bridge's own path. */
export function signInUrl(deps: Deps, slug: string, returnTo: string, o: { renew?: boolean } = {}): string {
  const base = bridgePath(deps);
  const q = new URLSearchParams({ return: `${base}${returnTo}` });
  if (o.renew) q.set("renew", "1");
  return `${base}${tenantPath(slug)}signin?${q}`;
}
