import { type Context, Hono } from "hono";
import { z } from "zod";
import { limiters } from "./guard.ts";
import { type Faults, noFaults, type SandboxSettings } from "./model.ts";
import type { Sandbox } from "./sandbox.ts";

/**
 * /_sandbox/faults and /_sandbox/settings: switch WeLink's misbehaviour on and off at run time
 * (the server's fault middleware reads `sb.faults` on every call), and change limits and lifetimes.
 */

const Rate = z.number().min(0).max(1);
/** A bare rate fails with HTTP 500; `{rate, code}` answers that WeLink code instead. */
const ErrorRate = z.union([Rate.transform((rate) => ({ rate, code: "http500" })), z.object({ rate: Rate, code: z.string().min(1).default("http500") })]);
const Outage = z.union([
  z.null(),
  z.object({ from: z.number(), until: z.number() }),
  z.object({ durationMs: z.number().int().positive(), startInMs: z.number().int().min(0).default(0) }),
]);

export const FaultsInput = z
  .object({
    /** Start from no faults before applying the rest. */
    clear: z.boolean(),
    /** Path prefix → rate; "" matches every call. Replaces the whole table. */
    errorRates: z.record(z.string(), ErrorRate),
    /** Milliseconds for every call, or path prefix → milliseconds. */
    latencyMs: z.union([z.number().int().min(0), z.record(z.string(), z.number().int().min(0))]),
    hangRates: z.record(z.string(), Rate),
    outage: Outage,
    hasMoreStuck: z.boolean(),
    /** Drops every issued token (callers then get 47101 until they fetch a new one). */
    invalidateTokens: z.boolean(),
  })
  .partial()
  .strict();
export type FaultsInput = z.infer<typeof FaultsInput>;

/** Applies a faults change in place (the middleware holds `sb.faults`). */
export function applyFaults(sb: Sandbox, input: FaultsInput): Faults {
  const f = sb.faults;
  if (input.clear) Object.assign(f, noFaults(), { outage: undefined });
  if (input.errorRates) f.errorRates = input.errorRates;
  if (input.latencyMs !== undefined) f.latencyMs = typeof input.latencyMs === "number" ? { "": input.latencyMs } : input.latencyMs;
  if (input.hangRates) f.hangRates = input.hangRates;
  if (input.outage === null) f.outage = undefined;
  else if (input.outage && "until" in input.outage) f.outage = input.outage;
  else if (input.outage) f.outage = { from: sb.now() + input.outage.startInMs, until: sb.now() + input.outage.startInMs + input.outage.durationMs };
  if (input.hasMoreStuck !== undefined) f.hasMoreStuck = input.hasMoreStuck;
  if (input.invalidateTokens) sb.tokens.clear();
  return f;
}

const positive = z.number().int().positive();
export const SettingsInput = z
  .object({
    tenantId: z.string().min(1),
    tokenTtlSeconds: positive,
    authCodeTtlSeconds: positive,
    oauthCodeTtlSeconds: positive,
    maxWrongSecrets: positive,
    lockoutWindowMs: positive,
    lockoutMs: z.number().int().min(0),
    rateLimits: z.object({ enabled: z.boolean(), perAppApiPerSecond: positive, perAppApiPerMinute: positive, perIpPer20s: positive }).partial().strict(),
    refuseNonEmptyDeptDelete: z.boolean(),
    maxDeptDepth: z.number().int().min(1).max(1000),
    batchDelayMs: z.number().int().min(0),
  })
  .partial()
  .strict();
export type SettingsInput = z.infer<typeof SettingsInput>;

/** Merges a settings change; new rate limits start from empty windows. */
export function applySettings(sb: Sandbox, input: SettingsInput): SandboxSettings {
  const { rateLimits, ...rest } = input;
  Object.assign(sb.settings, rest);
  if (rateLimits) {
    Object.assign(sb.settings.rateLimits, rateLimits);
    const l = limiters(sb);
    for (const w of [l.perSecond, l.perMinute, l.perIp]) w.clear();
  }
  return sb.settings;
}

export function invalid(c: Context, error: z.ZodError): Response {
  return c.json({ error: "invalid input", issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) }, 400);
}

async function json(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return {};
  }
}

export function inspectFaultRoutes(sb: Sandbox) {
  const app = new Hono();
  app.get("/_sandbox/faults", (c) => c.json(sb.faults));
  app.post("/_sandbox/faults", async (c) => {
    const parsed = FaultsInput.safeParse(await json(c));
    return parsed.success ? c.json(applyFaults(sb, parsed.data)) : invalid(c, parsed.error);
  });
  app.delete("/_sandbox/faults", (c) => c.json(applyFaults(sb, { clear: true })));
  app.get("/_sandbox/settings", (c) => c.json(sb.settings));
  app.put("/_sandbox/settings", async (c) => {
    const parsed = SettingsInput.safeParse(await json(c));
    return parsed.success ? c.json(applySettings(sb, parsed.data)) : invalid(c, parsed.error);
  });
  return app;
}
