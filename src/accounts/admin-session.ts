import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { Deps } from "../deps.ts";
import { type AdminEnv, clearSessionCookie, COOKIE } from "../ui/index.ts";
import { resolveAdminSession } from "./admin-login.ts";
import { listTenants } from "./tenants.ts";

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

