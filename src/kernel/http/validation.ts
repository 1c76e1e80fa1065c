import type { ZodError } from "zod";
import { errors } from "../errors.ts";

/**
 * What no text field takes: C0 controls but tab, LF and CR (multi-line texts keep their lines),
 * DEL, and surrogates without their pair. SQLite and WeLink cut a text at NUL, so `a\u0000b` would
 * be stored and read back as `a`; refused at the door instead, with the field named.
 */
const BAD_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (or key) in `value` holding a control character, else undefined. */
export function badTextPath(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return BAD_TEXT.test(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = badTextPath(value[i], `${path}.${i}`);
      if (bad) return bad;
    }
    return undefined;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, v] of Object.entries(value)) {
      if (BAD_TEXT.test(key)) return path;
      const bad = badTextPath(v, `${path}.${key}`);
      if (bad) return bad;
    }
  }
  return undefined;
}

/** Throws 422 naming the first field of `value` (under `path`) with a control character. */
export function refuseControlCharacters(value: unknown, path: string): void {
  const bad = badTextPath(value, path);
  if (bad) throw errors.controlCharacter(bad);
}

const prefixOf = (target: string | undefined) => (target === "json" ? "body" : (target ?? "input"));

/**
 * The one hook every zod-validated input goes through: bad input → 422 with each field's path;
 * good input is still refused when a text holds a control character (see BAD_TEXT).
 */
export function throwValidation(result: { success: boolean; error?: ZodError; target?: string; data?: unknown }): void {
  if (result.success || !result.error) {
    if (result.success && result.target !== "header" && result.target !== "cookie") refuseControlCharacters(result.data, prefixOf(result.target));
    return;
  }
  throw errors.validation(
    result.error.issues.map((i) => ({
      path: [prefixOf(result.target), ...i.path.map(String)].join("."),
      message: i.message,
    })),
  );
}
