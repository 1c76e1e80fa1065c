import { badResponse } from "./errors.ts";

/**
 * Lenient readers for WeLink's JSON. WeLink is loose about types (codes and numbers arrive as
 * strings or numbers, `phoneNumber` as a string in old APIs and a list in new ones) and leaves
 * empty fields out (§0.2), so fields are read by what they mean, not by their JSON type.
 */
export type Raw = Record<string, unknown>;

export const isRaw = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

export function str(v: unknown): string | undefined {
  if (typeof v === "string") return v === "" ? undefined : v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

export function num(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string" && v.trim() !== "") {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** 1/0, "1"/"0" or true/false. */
export function flag(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  const n = num(v);
  return n === 1 ? true : n === 0 ? false : undefined;
}

/** A list of strings; a lone string counts as a list of one. */
export function strList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(str).filter((s): s is string => s !== undefined);
  const s = str(v);
  return s === undefined ? [] : [s];
}

export function rawList(v: unknown): Raw[] {
  return Array.isArray(v) ? v.filter(isRaw) : [];
}

/** `{ key: number }` maps such as `orderInDepts`; non-numeric values are dropped. */
export function numMap(v: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (isRaw(v)) for (const [k, x] of Object.entries(v)) {
    const n = num(x);
    if (n !== undefined) out[k] = n;
  }
  return out;
}

/** A field the client cannot do without. */
export function need(api: string, raw: Raw, key: string): string {
  const v = str(raw[key]);
  if (v === undefined) throw badResponse(api, `the field "${key}" is missing`);
  return v;
}

/** Endpoint fields sit at the top level or under `data` (§0.2); this reads both as one object. */
export function fieldsOf(env: Raw): Raw {
  return isRaw(env.data) ? { ...env, ...env.data } : env;
}
