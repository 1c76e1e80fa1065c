import { Hono, type MiddlewareHandler } from "hono";
import { fail } from "./envelope.ts";
import { limiters, OVER_LIMIT } from "./guard.ts";
import type { Sandbox } from "./sandbox.ts";
import { authRoutes } from "./auth.ts";
import { contactReadRoutes } from "./contacts-read.ts";
import { contactWriteRoutes } from "./contacts-write.ts";
import { todoRoutes } from "./todo.ts";
import { messageRoutes } from "./messages.ts";
import { oauthRoutes } from "./oauth.ts";
import { hwh5Routes } from "./hwh5.ts";
import { inspectRoutes } from "./inspect.ts";
import { inspectPhoneRoutes } from "./inspect-phone.ts";

const CALL_LOG_MAX = 50_000;
/** Answers are kept only in part: 50,000 whole pages of users would hold gigabytes. */
const ANSWER_LOG_MAX = 1000;

async function answerStart(res: Response): Promise<string | undefined> {
  if (!res.headers.get("content-type")?.includes("json")) return undefined;
  const text = await res.clone().text();
  return text.length > ANSWER_LOG_MAX ? `${text.slice(0, ANSWER_LOG_MAX)}…` : text;
}

/** Keeps the last calls (method, path, client, HTTP status, WeLink code, time) for the inspection API. */
function callLog(sb: Sandbox): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    if (!c.req.path.startsWith("/api/")) return;
    const ms = Math.round((performance.now() - start) * 10) / 10;
    const query = new URL(c.req.url).search.slice(1);
    const answer = await answerStart(c.res);
    sb.calls.push({
      at: sb.now(),
      method: c.req.method,
      path: c.req.path,
      clientId: c.get("clientId" as never) as string | undefined,
      httpStatus: c.res.status,
      code: c.get("welinkCode" as never) as string | undefined ?? (c.res.status === 200 ? "0" : undefined),
      ms,
      ...(query ? { query } : {}),
      ...(answer !== undefined ? { answer } : {}),
    });
    if (sb.calls.length > CALL_LOG_MAX) sb.calls.splice(0, sb.calls.length - CALL_LOG_MAX);
  };
}

const matching = <T>(table: Record<string, T>, path: string): T | undefined => {
  let best: string | undefined;
  for (const prefix of Object.keys(table)) if (path.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix;
  return best === undefined ? undefined : table[best];
};

/**
 * Whether this call is one of the share `rate` that fail. Spread evenly rather than drawn at
 * random (with 0.5, every other call), so a test of "half the calls fail" can never see ten
 * failures in a row by bad luck.
 */
function strikes(counters: Map<string, number>, key: string, rate: number): boolean {
  const n = counters.get(key) ?? 0;
  counters.set(key, n + 1);
  return Math.floor((n + 1) * rate) > Math.floor(n * rate);
}

/** Outages, latency, hanging requests and injected errors, as switched on in `sb.faults`. */
function faults(sb: Sandbox): MiddlewareHandler {
  const counters = new Map<string, number>();
  return async (c, next) => {
    const f = sb.faults;
    const path = c.req.path;
    const now = sb.now();
    if (f.outage && now >= f.outage.from && now < f.outage.until) return c.text("Service Unavailable", 503);
    const latency = matching(f.latencyMs, path);
    if (latency) await Bun.sleep(latency);
    const hang = matching(f.hangRates, path);
    if (hang && strikes(counters, `hang ${path}`, hang)) {
      // Held until the caller gives up (its connection closes) or 10 minutes pass.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 600_000);
        c.req.raw.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return c.text("", 504);
    }
    const error = matching(f.errorRates, path);
    if (error && strikes(counters, `error ${path}`, error.rate)) {
      if (error.code === "http500") return c.text("Internal Server Error", 500);
      return fail(c, error.code, "injected fault");
    }
    await next();
  };
}

/** At most 3000 calls per 20 s from one source address (§0.5). */
function perIpLimit(sb: Sandbox): MiddlewareHandler {
  return async (c, next) => {
    const limits = sb.settings.rateLimits;
    if (limits.enabled) {
      const server = (c.env as { server?: { requestIP(r: Request): { address: string } | null } } | undefined)?.server;
      const ip = server?.requestIP(c.req.raw)?.address ?? "local";
      if (!limiters(sb).perIp.tryHit(ip, limits.perIpPer20s, sb.now())) return fail(c, OVER_LIMIT, "too many calls from this address");
    }
    await next();
  };
}

/** The emulator's HTTP app: WeLink's Open API under /api, its login pages, and /_sandbox for tests. */
export function createSandboxApp(sb: Sandbox) {
  const app = new Hono();
  app.use(callLog(sb));
  app.use("/api/*", faults(sb), perIpLimit(sb));
  for (const routes of [authRoutes, contactReadRoutes, contactWriteRoutes, todoRoutes, messageRoutes, oauthRoutes, hwh5Routes, inspectRoutes, inspectPhoneRoutes]) {
    app.route("/", routes(sb));
  }
  app.notFound((c) => (c.req.path.startsWith("/api/") ? c.json({ code: "404", message: `no such API: ${c.req.method} ${c.req.path}` }, 404) : c.text("Not Found", 404)));
  return app;
}
