import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { CookieOptions } from "hono/utils/cookie";
import type { Deps } from "../deps.ts";
import { errors } from "../kernel/errors.ts";
import { badTextPath } from "../kernel/http/validation.ts";
import { type Lang, parseLang } from "../kernel/i18n.ts";

export const COOKIE = { session: "wlb_session", csrf: "wlb_csrf", lang: "wlb_lang" } as const;
export const ADMIN_HOME = "/admin";

/** Every admin cookie stays under /admin and is Secure whenever the bridge is reached over https. */
export function cookieOptions(deps: Deps, extra: CookieOptions = {}): CookieOptions {
  return {
    path: "/admin",
    httpOnly: true,
    sameSite: "Lax",
    secure: deps.config.publicUrl.startsWith("https:"),
    ...extra,
  };
}

export const langOf = (c: Context): Lang => parseLang(getCookie(c, COOKIE.lang));

export function setLang(c: Context, deps: Deps, lang: Lang) {
  // Not HttpOnly: it is a preference, not a secret.
  setCookie(c, COOKIE.lang, lang, cookieOptions(deps, { httpOnly: false, maxAge: 365 * 24 * 3600 }));
}

export const setSessionCookie = (c: Context, deps: Deps, value: string) =>
  setCookie(c, COOKIE.session, value, cookieOptions(deps));
export const clearSessionCookie = (c: Context, deps: Deps) => deleteCookie(c, COOKIE.session, cookieOptions(deps));

/**
 * A return path taken from the request (`next`, `back`) is honoured only when it stays inside
 * the admin on this host: anything else would make the bridge an open redirect.
 */
export function safeBack(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/admin") || /[\\\s]/.test(value)) return ADMIN_HOME;
  try {
    const url = new URL(value, "http://bridge.invalid");
    if (url.origin !== "http://bridge.invalid") return ADMIN_HOME;
    if (url.pathname !== "/admin" && !url.pathname.startsWith("/admin/")) return ADMIN_HOME;
    return url.pathname + url.search;
  } catch {
    return ADMIN_HOME;
  }
}

/** The current path and query, as a return path for the language and tenant switches. */
export const currentPath = (c: Context) => {
  const url = new URL(c.req.url);
  return safeBack(url.pathname + url.search);
};

export type Form = {
  text(name: string): string;
  list(name: string): string[];
};

/**
 * The posted form, or undefined when its bytes are not the form its type declares (a multipart
 * body without its boundary, say): the sender's fault, not ours. The bytes are read first, so a
 * body over its limit still fails as too large (413) rather than as unreadable.
 */
async function parsedForm(c: Context, options: { all?: boolean } = {}): Promise<Record<string, string | File | (string | File)[]> | undefined> {
  await c.req.arrayBuffer();
  try {
    return await c.req.parseBody(options);
  } catch {
    return undefined;
  }
}

/**
 * A public page's posted form, empty when it cannot be read: such a post carries no valid nonce,
 * so the page refuses it as it refuses a stale one (a 400 stop page, not an error page).
 */
export async function readPublicForm(c: Context): Promise<Record<string, string | File>> {
  return ((await parsedForm(c)) ?? {}) as Record<string, string | File>;
}

/**
 * Reads a urlencoded or multipart form; a field sent twice is a list, files are ignored. A field
 * with a control character is refused (422, the field named in words) before any page sees it.
 */
export async function readForm(c: Context): Promise<Form> {
  const body = await parsedForm(c, { all: true });
  if (!body) throw errors.malformedForm();
  for (const [name, v] of Object.entries(body)) {
    for (const text of Array.isArray(v) ? v : [v]) if (badTextPath(text, name)) throw errors.controlCharacter(name);
  }
  const list = (name: string) => {
    const v = body[name];
    const values = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return values.filter((x): x is string => typeof x === "string");
  };
  return { list, text: (name) => list(name)[0] ?? "" };
}

/**
 * Admin pages are never cached, never framed, and load only this origin's stylesheet and
 * script files (no inline script, no other origin): every page works without them.
 */
export const securityHeaders = (): MiddlewareHandler => async (c, next) => {
  await next();
  c.res.headers.set(
    "Content-Security-Policy",
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  c.res.headers.set("X-Frame-Options", "DENY");
  c.res.headers.set("X-Content-Type-Options", "nosniff");
  c.res.headers.set("Referrer-Policy", "same-origin");
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
};
