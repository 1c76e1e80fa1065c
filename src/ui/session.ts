import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { errors } from "../kernel/errors.ts";
import type { AppEnv } from "../kernel/http/env.ts";
import type { Lang } from "../kernel/i18n.ts";
import { resolveAdminSession, type AdminSession } from "../accounts/admin-login.ts";
import { listTenants, type TenantView } from "../accounts/tenants.ts";
import { clearSessionCookie, COOKIE, currentPath, langOf } from "./http.ts";

export type AdminVars = {
  lang: Lang;
  /** This browser's CSRF token, for the hidden field of every form. */
  csrf: string;
  session: AdminSession | undefined;
  /** The tenants a global admin may switch to (empty for tenant admins). */
  tenantChoices: TenantView[];
};
export type AdminEnv = { Variables: AppEnv["Variables"] & AdminVars };
export type AdminContext = Context<AdminEnv>;

/** What every page component needs from the request. */
export type View = { lang: Lang; csrf: string; path: string; session: AdminSession | undefined };

export const viewOf = (c: AdminContext): View => ({
  lang: c.get("lang") ?? langOf(c),
  csrf: c.get("csrf") ?? "",
  path: currentPath(c),
  session: c.get("session"),
});

export function sessionOf(c: AdminContext): AdminSession {
  const session = c.get("session");
  if (!session) throw errors.unauthorized("Sign in to the admin first.");
  return session;
}

/** The use-case context of the signed-in admin, in the tenant they work in. */
export function ctxOf(c: AdminContext): Ctx {
  const session = sessionOf(c);
  return {
    actor: session.actor,
    tenant: session.tenant ? { id: session.tenant.id, slug: session.tenant.slug } : null,
    requestId: c.get("requestId"),
    ip: c.get("ip"),
  };
}

/** Loads the session from its cookie, if any; pages that need one use `requireSession`. */
export function loadSession(deps: Deps): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const cookie = getCookie(c, COOKIE.session);
    const session = await resolveAdminSession(deps, cookie);
    if (cookie && !session) clearSessionCookie(c, deps);
    c.set("session", session);
    c.set("tenantChoices", []);
    if (session && session.user.tenantId === null) {
      c.set("tenantChoices", await listTenants(deps, { actor: session.actor, tenant: null }));
    }
    await next();
  };
}

/** Sends a visitor without a session to the sign-in page, remembering where they were going. */
export function requireSession(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (c.get("session")) return next();
    const next_ = c.req.method === "GET" ? currentPath(c) : "/admin";
    const query = next_ === "/admin" ? "" : `?next=${encodeURIComponent(next_)}`;
    return c.redirect(`/admin/login${query}`, 303);
  };
}
