import type { Context } from "hono";
import { fail } from "./envelope.ts";
import type { App, Permission, Token } from "./model.ts";
import { SlidingWindow } from "./rate-limit.ts";
import { type Sandbox, slot } from "./sandbox.ts";

type Limiters = { perSecond: SlidingWindow; perMinute: SlidingWindow; perIp: SlidingWindow };
export const limiters = (sb: Sandbox) =>
  slot<Limiters>(sb, "limiters", () => ({
    perSecond: new SlidingWindow(1000),
    perMinute: new SlidingWindow(60_000),
    perIp: new SlidingWindow(20_000),
  }));

export type Authorized = { app: App; token: Token };

export const OVER_LIMIT = "48503";

/**
 * The checks WeLink makes on a business call, in order: a live token (47101 — unknown, malformed
 * and expired tokens alike, as clients treat them the same [inferred] §0.6), the permission the
 * token was issued with (501; given a list, any one of them), then the per-app-per-API rate
 * limits (48503). Returns the app and token, or the error answer to send.
 */
export function authorize(sb: Sandbox, c: Context, permission: Permission | readonly Permission[]): Authorized | Response {
  const raw = c.req.header("x-wlk-authorization")?.trim();
  const token = raw ? sb.tokens.get(raw) : undefined;
  if (!token || token.expiresAt <= sb.now()) return fail(c, "47101", "token is invalid or expired");
  const app = sb.apps.get(token.clientId);
  if (!app) return fail(c, "47101", "token is invalid or expired");
  c.set("clientId" as never, app.clientId as never);
  // A list means any one of them will do (contact reads accept the read or the sync grant, §3).
  const wanted: readonly Permission[] = typeof permission === "string" ? [permission] : permission;
  if (!wanted.some((p) => token.permissions.has(p))) return fail(c, "501", "第三方接口无权限");
  const limits = sb.settings.rateLimits;
  if (limits.enabled) {
    const key = `${app.clientId} ${c.req.method} ${c.req.path}`;
    const l = limiters(sb);
    const now = sb.now();
    if (!l.perSecond.tryHit(key, limits.perAppApiPerSecond, now) || !l.perMinute.tryHit(key, limits.perAppApiPerMinute, now)) {
      return fail(c, OVER_LIMIT, "interface call over limit");
    }
  }
  return { app, token };
}

export const isResponse = (x: unknown): x is Response => x instanceof Response;
