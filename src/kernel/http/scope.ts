import type { Context, MiddlewareHandler } from "hono";
import type { Ctx } from "../actor.ts";
import { AppError, errors } from "../errors.ts";
import type { AppEnv, Scope } from "./env.ts";

/**
 * What a route asks of the token. `admin` covers everything; `read` covers reads; `push`
 * is message intake only. `any` means any valid token (e.g. "who am I").
 */
export type RouteScope = Scope | "any";

export function scopeAllows(granted: readonly Scope[], needed: RouteScope): boolean {
  if (needed === "any" || granted.includes("admin")) return true;
  return granted.includes(needed);
}

export function requireScope(needed: RouteScope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get("principal");
    if (!principal) throw errors.unauthorized();
    if (!scopeAllows(principal.scopes, needed)) {
      throw new AppError("FORBIDDEN", { scopes: principal.scopes.join(", "), needed });
    }
    await next();
  };
}

/** The use-case context of an authenticated API request. */
export function apiCtx(c: Context<AppEnv>): Ctx {
  const p = c.get("principal");
  if (!p) throw errors.unauthorized();
  return {
    actor: { label: p.label, global: p.tenantId === null, tenantId: p.tenantId },
    tenant: c.get("tenant") ?? null,
    requestId: c.get("requestId"),
    ip: c.get("ip"),
  };
}

/** For routes that only make sense inside a tenant. */
export function tenantCtx(c: Context<AppEnv>): Ctx & { tenant: NonNullable<Ctx["tenant"]> } {
  const ctx = apiCtx(c);
  if (!ctx.tenant) {
    throw new AppError("TENANT_REQUIRED");
  }
  return ctx as Ctx & { tenant: NonNullable<Ctx["tenant"]> };
}
