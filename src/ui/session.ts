import type { Context, MiddlewareHandler } from "hono";
import type { Actor, Ctx } from "../kernel/actor.ts";
import { errors } from "../kernel/errors.ts";
import type { AppEnv } from "../kernel/http/env.ts";
import type { Lang } from "../kernel/i18n.ts";
import { currentPath, langOf } from "./http.ts";

/** The signed-in admin as the admin kit needs it; accounts/ (admin sign-in) resolves it from the cookie. */
export type AdminSession = {
  idHash: string;
  user: { id: string; tenantId: string | null; username: string };
  actor: Actor;
  /** The tenant the admin works in; null = global view (global admins only). */
  tenant: { id: string; slug: string; name: string } | null;
};
/** A tenant a global admin may switch to. */
export type TenantChoice = { id: string; slug: string; name: string };

export type AdminVars = {
  lang: Lang;
  /** The bridge's time zone (BRIDGE_TIMEZONE): every time shown is in it. */
  tz: string;
  /** This browser's CSRF token, for the hidden field of every form. */
  csrf: string;
  session: AdminSession | undefined;
  /** The tenants a global admin may switch to (empty for tenant admins). */
  tenantChoices: TenantChoice[];
};
export type AdminEnv = { Variables: AppEnv["Variables"] & AdminVars };
export type AdminContext = Context<AdminEnv>;

/** What every page component needs from the request. */
export type View = { lang: Lang; tz: string; csrf: string; path: string; session: AdminSession | undefined };

export const viewOf = (c: AdminContext): View => ({
  lang: c.get("lang") ?? langOf(c),
  // UTC only where the admin's middleware did not run; it sets the bridge's zone on every page.
  tz: c.get("tz") ?? "UTC",
  csrf: c.get("csrf") ?? "",
  path: currentPath(c),
  session: c.get("session"),
});

export function sessionOf(c: AdminContext): AdminSession {
  const session = c.get("session");
  if (!session) throw errors.unauthorized("admin");
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

/** Sends a visitor without a session to the sign-in page, remembering where they were going. */
export function requireSession(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (c.get("session")) return next();
    const next_ = c.req.method === "GET" ? currentPath(c) : "/admin";
    const query = next_ === "/admin" ? "" : `?next=${encodeURIComponent(next_)}`;
    return c.redirect(`/admin/login${query}`, 303);
  };
}
