import type { MiddlewareHandler } from "hono";
import { errors } from "../errors.ts";
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
      throw errors.forbidden(`This token's scopes (${principal.scopes.join(", ")}) do not allow this; it needs '${needed}'.`);
    }
    await next();
  };
}
