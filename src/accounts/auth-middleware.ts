import type { MiddlewareHandler } from "hono";
import type { Deps } from "../deps.ts";
import { AppError, errors } from "../kernel/errors.ts";
import type { AppEnv } from "../kernel/http/env.ts";
import { createWindowCounter } from "../kernel/http/rate-limit.ts";
import { findTenantById, findTenantBySlug } from "./store.ts";
import { authenticateToken, TOKEN_PREFIX } from "./tokens.ts";

/**
 * Authenticates the bearer token (401; 429 once one address, or one token prefix, has sent too
 * many bad tokens this minute), then settles the tenant the request acts in: a tenant
 * token's own, or the one a global token names with X-Bridge-Tenant. A tenant a token may not
 * see does not exist for it (404).
 */
export function authenticate(deps: Deps): MiddlewareHandler<AppEnv> {
  const failures = createWindowCounter(deps.config.authFailuresPerMinute, 60_000, () => deps.clock.now());
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    // The token is checked first: a valid one is never refused for others' failures (an OA
    // behind the same NAT as a guesser). The counters only slow down bad tokens.
    const principal = match?.[1] ? await authenticateToken(deps, match[1]) : undefined;
    if (!principal) {
      if (match?.[1]) {
        const byAddress = failures.hit(`ip:${c.get("ip")}`);
        const byPrefix = failures.hit(`prefix:${match[1].slice(0, TOKEN_PREFIX.length + 4)}`);
        const wait = Math.max(byAddress ?? 0, byPrefix ?? 0);
        if (wait > 0) throw errors.tooMany(wait);
      }
      throw errors.unauthorized(match ? "badToken" : undefined);
    }
    c.set("principal", principal);

    const slug = c.req.header("x-bridge-tenant")?.trim();
    if (principal.tenantId === null) {
      if (slug) {
        const tenant = await findTenantBySlug(deps.db, slug);
        if (!tenant) throw new AppError("NOT_FOUND", { variant: "tenantHeader", id: slug });
        c.set("tenant", { id: tenant.id, slug: tenant.slug });
      } else c.set("tenant", null);
    } else {
      const tenant = await findTenantById(deps.db, principal.tenantId);
      if (!tenant || (slug && slug !== tenant.slug)) throw errors.notFound("tenant", slug ?? principal.tenantId);
      c.set("tenant", { id: tenant.id, slug: tenant.slug });
    }
    await next();
  };
}

