import { createHash, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { Deps } from "../deps.ts";
import { AppError } from "../kernel/errors.ts";
import { randomToken } from "../kernel/ids.ts";
import { COOKIE, cookieOptions, readForm } from "./http.ts";
import type { AdminEnv } from "./session.ts";

/** The hidden field every admin form carries. */
export const CSRF_FIELD = "_csrf";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const rejected = (csrfCheck: "foreignOrigin" | "badToken") => new AppError("CSRF_REJECTED", { csrfCheck });

const digest = (s: string) => createHash("sha256").update(s).digest();

/** Equal-length digests, so the comparison takes the same time whatever the guess. */
const sameToken = (a: string, b: string) => a.length > 0 && b.length > 0 && timingSafeEqual(digest(a), digest(b));

/** A fresh token for this browser; called on sign-in and sign-out so a planted token does not survive them. */
export function rotateCsrf(c: Context<AdminEnv>, deps: Deps): string {
  const token = randomToken(32);
  setCookie(c, COOKIE.csrf, token, cookieOptions(deps));
  c.set("csrf", token);
  return token;
}

/** Browsers send Origin on form posts (Referer when they do not); a foreign one is refused outright. */
function sameOrigin(c: Context, deps: Deps): boolean {
  const allowed = new Set([new URL(deps.config.publicUrl).origin, new URL(c.req.url).origin]);
  const origin = c.req.header("origin");
  if (origin !== undefined) return allowed.has(origin);
  const referer = c.req.header("referer");
  if (referer === undefined) return true; // stripped by a privacy setting: the token alone decides
  try {
    return allowed.has(new URL(referer).origin);
  } catch {
    return false;
  }
}

/**
 * Double-submit CSRF protection for every admin form: a random token lives in an HttpOnly
 * cookie and in a hidden field; a post is accepted only when both match and the post comes
 * from this site. A cross-site page can neither read the cookie nor set the field.
 */
export function csrfProtection(deps: Deps): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const cookie = getCookie(c, COOKIE.csrf);
    if (!UNSAFE.has(c.req.method)) {
      if (cookie && cookie.length >= 32) c.set("csrf", cookie);
      else rotateCsrf(c, deps);
      return next();
    }
    if (!sameOrigin(c, deps)) throw rejected("foreignOrigin");
    const field = (await readForm(c)).text(CSRF_FIELD);
    if (!cookie || !sameToken(cookie, field)) throw rejected("badToken");
    c.set("csrf", cookie);
    return next();
  };
}
