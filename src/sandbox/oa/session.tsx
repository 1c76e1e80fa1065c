/** @jsxImportSource hono/jsx */
import { randomBytes } from "node:crypto";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { html } from "hono/html";
import type { OaPerson } from "./model.ts";
import { SsoErrorPage } from "./pages.tsx";
import type { DemoOaState } from "./state.ts";

/** The demo OA's sessions (in memory, a cookie per browser) and what its sign-in choices share. */

export const SESSION_COOKIE = "demo_oa_session";

export function sessionId(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function signedIn(state: DemoOaState, c: Context): OaPerson | undefined {
  const sid = sessionId(c);
  const id = sid ? state.sessions.get(sid) : undefined;
  const person = id ? state.byId.get(id) : undefined;
  return person?.status === "active" ? person : undefined;
}

/** Signs the person in on this browser (the login form, the bridge's handoff, CAS, OIDC); the session id. */
export function startSession(state: DemoOaState, c: Context, person: OaPerson): string {
  const sid = randomBytes(24).toString("base64url");
  state.sessions.set(sid, person.id);
  setCookie(c, SESSION_COOKIE, sid, { path: "/", httpOnly: true, sameSite: "Lax" });
  return sid;
}

/** Signs an active person in: the session id, or undefined for nobody / a person who left. */
export function signInAs(state: DemoOaState, c: Context, person: OaPerson | undefined): string | undefined {
  return person?.status === "active" ? startSession(state, c, person) : undefined;
}

/** Why a sign-in through the bridge was refused; no session was started. */
export function refuseSignOn(c: Context, status: 401 | 403 | 502 | 503, zh: string, en: string, code?: string) {
  return c.html(html`<!DOCTYPE html>${<SsoErrorPage zh={zh} en={en} code={code} />}`, status, { "cache-control": "no-store", "referrer-policy": "no-referrer" });
}

/** A page of this OA to land on: only a path here, never another site. */
export const localPath = (next: string | undefined) => (next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
