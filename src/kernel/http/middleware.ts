import type { Context, MiddlewareHandler } from "hono";
import { requestId } from "hono/request-id";
import { errors } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { AppEnv } from "./env.ts";
import type { Metrics } from "./metrics.ts";
import { compileProxyTrust, type ProxyTrust } from "./proxy-trust.ts";

/** Accepts a sane X-Request-Id from the caller (a proxy's), else makes one; echoes it. */
export const requestIds = (): MiddlewareHandler<AppEnv> =>
  requestId({ headerName: "X-Request-Id", limitLength: 128 }) as unknown as MiddlewareHandler<AppEnv>;

/** The matched route pattern, never the raw path (ids would explode the metric labels). */
function routeOf(c: Context): string {
  const pattern = c.req.routePath;
  return !pattern || pattern.endsWith("*") ? "unmatched" : pattern;
}

/** One JSON log line and one metric sample per request; never headers, bodies or query strings. */
export function accessLog(log: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const start = performance.now();
    try {
      await next();
    } finally {
      const ms = performance.now() - start;
      const route = routeOf(c);
      const status = String(c.res.status);
      metrics.httpRequests.inc({ method: c.req.method, route, status });
      metrics.httpDuration.observe({ method: c.req.method, route, status }, ms / 1000);
      log.info("request", {
        method: c.req.method,
        route,
        status: c.res.status,
        ms: Math.round(ms * 10) / 10,
        requestId: c.get("requestId"),
        tenant: c.get("tenant")?.slug ?? null,
      });
    }
  };
}

const BODY_METHODS = new Set(["POST", "PUT", "PATCH"]);

function hasBody(c: Context): boolean {
  const length = c.req.header("content-length");
  return (length !== undefined && length !== "0") || c.req.header("transfer-encoding") !== undefined;
}

/**
 * JSON endpoints take JSON only: a body of any other type is refused with 415, not read as `{}`.
 * Upload endpoints (`uploads`) take files and check their own types.
 */
export function jsonOnly(uploads: RegExp): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (BODY_METHODS.has(c.req.method) && hasBody(c) && !uploads.test(c.req.path)) {
      const type = c.req.header("content-type") ?? "";
      if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw errors.unsupportedMediaType();
    }
    await next();
  };
}

/**
 * The caller's address: the socket's, or the nearest untrusted hop of X-Forwarded-For when the
 * socket's peer is a trusted proxy (never the leftmost value, which the caller writes itself).
 */
export function clientIp(trustProxy: ProxyTrust): MiddlewareHandler<AppEnv> {
  const resolve = compileProxyTrust(trustProxy);
  return async (c, next) => {
    const server = (c.env as { server?: { requestIP(r: Request): { address: string } | null } } | undefined)?.server;
    c.set("ip", resolve(server?.requestIP(c.req.raw)?.address, c.req.header("x-forwarded-for")) ?? "unknown");
    await next();
  };
}
