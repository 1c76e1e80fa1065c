import type { Context } from "hono";

/**
 * WeLink's answer shape: HTTP 200, a string `code` ("0" = success) and a `message`, with the
 * endpoint's fields beside them. Business errors are HTTP 200 too ([inferred] in the reference,
 * §0.2: every client reads `code` and ignores the status). Empty fields are left out (§0.2).
 */
export function ok(c: Context, fields: Record<string, unknown> = {}, message = "ok"): Response {
  return c.json(prune({ code: "0", message, ...fields }), 200);
}

export function fail(c: Context, code: string, message: string, extra: Record<string, unknown> = {}): Response {
  c.set("welinkCode" as never, code as never);
  return c.json(prune({ code, message, ...extra }), 200);
}

/** Drops null / undefined fields at the top level and in nested objects (WeLink omits them). */
export function prune<T>(value: T): T {
  if (Array.isArray(value)) return value.map(prune) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) out[k] = prune(v);
    return out as T;
  }
  return value;
}

/** Reads a JSON body leniently (WeLink SDKs always send JSON; a missing body reads as {}). */
export async function body(c: Context): Promise<Record<string, unknown>> {
  try {
    const parsed = (await c.req.json()) as unknown;
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);
export const int = (v: unknown, fallback: number): number => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  return Number.isInteger(n) ? n : fallback;
};
