import { reason, type RowReason } from "./reasons.ts";

/** Checks of single values in a row: pure, each answering the cleaned value or the reason it is refused. */
export type Checked<T> = { value: T } | { reason: RowReason };

const MAINLAND = /^1[3-9]\d{9}$/;
// E.164: a country code and at most 15 digits in all.
const INTERNATIONAL = /^\+[1-9]\d{6,14}$/;

/**
 * A mobile number: 11 mainland digits, optionally after `+86`, `+86-` or `0086`, or an
 * international `+<country><number>`; spaces and dashes are ignored. Mainland numbers are kept
 * as the bare 11 digits (how OAs store them), others with their `+`.
 */
export function checkMobile(text: string): Checked<string | undefined> {
  if (!text) return { value: undefined };
  const compact = text.replace(/[\s-]/g, "");
  const mainland = compact.replace(/^(\+86|0086)/, "");
  if (MAINLAND.test(mainland)) return { value: mainland };
  if (!/^(\+86|0086)/.test(compact) && INTERNATIONAL.test(compact)) return { value: compact };
  return { reason: reason("row.mobile", { value: text }) };
}

// Deliberately loose (one @, a dot in the domain, no spaces): mail servers are the real judge.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

export function checkEmail(text: string): Checked<string | undefined> {
  if (!text) return { value: undefined };
  if (text.length <= 254 && EMAIL.test(text)) return { value: text };
  return { reason: reason("row.email", { value: text }) };
}

const ACTIVE = new Set(["在职", "正常", "启用", "active", "enabled", "1", "true", "yes", "y", "是"]);
const INACTIVE = new Set(["离职", "停用", "禁用", "inactive", "disabled", "0", "false", "no", "n", "否"]);

/** Employment status; an empty cell means active (exports often leave it blank). */
export function checkActive(text: string): Checked<boolean> {
  const key = text.toLowerCase();
  if (!key || ACTIVE.has(key)) return { value: true };
  if (INACTIVE.has(key)) return { value: false };
  return { reason: reason("row.active", { value: text, accepted: "在职/离职, active/inactive, 1/0" }) };
}

export function checkOrder(text: string): Checked<number> {
  if (!text) return { value: 0 };
  const n = Number(text);
  if (Number.isInteger(n) && Math.abs(n) <= 2 ** 31) return { value: n };
  return { reason: reason("row.order", { value: text }) };
}

/** Part-time departments: paths separated by `;`, `；` or `|`; blanks dropped. */
export const splitPaths = (text: string): string[] =>
  text
    .split(/[;；|]/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
