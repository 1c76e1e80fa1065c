import { ContactError, type OpError } from "./contacts-errors.ts";
import { str } from "./envelope.ts";
import type { Sandbox } from "./sandbox.ts";

/** Lenient readers for write bodies: WeLink's SDKs send strings where a number would do, and back. */
export type Input = Record<string, unknown>;

export const NAME_MAX = 128;

export function strList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.map(str).filter((x): x is string => x !== undefined);
}

/** An integer field, or an error when present but not an integer in [min, max]. */
export function intField(input: Input, name: string, min: number, max: number): number | undefined | OpError {
  const v = input[name];
  if (v === undefined || v === null || v === "") return undefined;
  const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) return { code: ContactError.PARAM_INVALID, message: `${name} must be an integer from ${min} to ${max}` };
  return n;
}

/** Names (deptNameCn/En, userNameCn/En) are at most 128 characters ([inferred] §4.E). */
export function checkNames(input: Input, names: string[]): OpError | undefined {
  for (const name of names) {
    const value = str(input[name]);
    if (value && [...value].length > NAME_MAX) return { code: ContactError.NAME_TOO_LONG, message: `${name} is longer than ${NAME_MAX} characters` };
  }
  return undefined;
}

/**
 * Resolves department references given as WeLink codes or as corp codes ("0" = root in both).
 * `undefined` when neither field is present.
 */
export function deptRefs(sb: Sandbox, codes: string[] | undefined, corpCodes: string[] | undefined): string[] | undefined | OpError {
  if (codes !== undefined) {
    const missing = codes.find((code) => code !== "0" && !sb.org.depts.has(code));
    return missing === undefined ? codes : { code: ContactError.DEPT_NOT_FOUND, message: `department ${missing} does not exist` };
  }
  if (corpCodes === undefined) return undefined;
  const out: string[] = [];
  for (const corp of corpCodes) {
    const code = corp === "0" ? "0" : sb.org.deptByCorpCode(corp)?.deptCode;
    if (code === undefined) return { code: ContactError.DEPT_NOT_FOUND, message: `department with corpDeptCode ${corp} does not exist` };
    out.push(code);
  }
  return out;
}

/** Resolves people given as userIds or corpUserIds (managers, secretaries). */
export function userRefs(sb: Sandbox, ids: string[] | undefined, corpIds: string[] | undefined): string[] | undefined | OpError {
  if (ids !== undefined) {
    const missing = ids.find((id) => !sb.org.users.has(id));
    return missing === undefined ? ids : { code: ContactError.USER_REF_NOT_FOUND, message: `user ${missing} does not exist` };
  }
  if (corpIds === undefined) return undefined;
  const out: string[] = [];
  for (const corp of corpIds) {
    const user = sb.org.userByCorpId(corp);
    if (!user) return { code: ContactError.USER_REF_NOT_FOUND, message: `user with corpUserId ${corp} does not exist` };
    out.push(user.userId);
  }
  return out;
}

/** Copies the listed optional fields that are present (kept and echoed as given). */
export function pick(input: Input, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) if (input[name] !== undefined && input[name] !== null) out[name] = input[name];
  return out;
}

export const isErr = (x: unknown): x is OpError => typeof x === "object" && x !== null && !Array.isArray(x) && "code" in x && "message" in x;
