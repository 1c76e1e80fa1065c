import { normalizeEmail, normalizeMobile } from "../../directory/index.ts";

/**
 * Values as WeLink accepts them (welink-openapi.md §3, §4.B, §4.E), computed before anything is
 * sent: a value that can be put in WeLink's form is, and one that cannot is a problem the plan
 * shows (and never sends). Pure: no I/O.
 */

/** What is wrong with a value; the admin reads it through `push.problem.<kind>`. */
export type ProblemKind = "mobileNoCountryCode" | "mobileFormat" | "emailFormat" | "tooLong" | "empty" | "mobileTaken";
export type Problem = { field: string; kind: ProblemKind; value?: string; max?: number; holder?: string };
export type Checked = { ok: true; value: string } | { ok: false; kind: ProblemKind; max?: number };

/** Names are at most 128 characters: [inferred] in §4.E (the Python SDK's MAX_DEPT_NAME_LENGTH); the sandbox enforces it. */
export const NAME_MAX = 128;
/**
 * Other text fields: the doc gives no length, so the same 128 as names [inferred], and e-mail at
 * most 254 characters (RFC 5321's path limit; the doc says nothing about e-mail length).
 */
export const TEXT_MAX = 128;
export const EMAIL_MAX = 254;

/** The sandbox's (and the docs' example) form: `+86-15811847236`, country code 1–4 digits, number 5–15 digits. */
export const WELINK_MOBILE = /^\+\d{1,4}-\d{5,15}$/;
/** A mainland China mobile without its country code: 11 digits starting 13–19. */
const CN_MOBILE = /^1[3-9]\d{9}$/;
/** `+44 20…`, `0044-20…`, `(+86)138…`: a country code written apart from the number. */
const WITH_CC = /^\(?(?:\+|00)\s*(\d{1,4})\s*(?:\)|[\s\-.])[\s\-.()]*(\d[\d\s\-.()]*)$/;

const ok = (value: string): Checked => ({ ok: true, value });
const bad = (kind: ProblemKind, max?: number): Checked => ({ ok: false, kind, ...(max === undefined ? {} : { max }) });

/** Control characters and runs of white space become one space; ends trimmed. */
export const cleanText = (raw: string): string => raw.replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, " ").trim();

/**
 * A mobile number as `+<cc>-<number>` (the docs' format). Only the digits are kept, so the result
 * is the same number for the binding rule (`normalizeMobile` of both is equal). Without a country
 * code only a mainland China mobile can be placed (+86); anything else is a problem, because
 * guessing the country would bind the person's sign-in to someone else's number.
 */
export function welinkMobile(raw: string): Checked {
  const s = cleanText(raw);
  if (s === "") return bad("empty");
  if (/[^\d\s\-.()+]/.test(s)) return bad("mobileFormat");
  const split = WITH_CC.exec(s);
  let cc: string;
  let national: string;
  if (split) {
    cc = split[1]!;
    national = split[2]!.replace(/\D/g, "");
  } else if (/^(?:\+|00)/.test(s)) {
    // Written together (`+8613812345678`): only +86 with a full mobile after it can be told apart.
    const digits = s.replace(/\D/g, "").replace(/^00/, "");
    if (!/^86\d{11}$/.test(digits)) return bad("mobileNoCountryCode");
    cc = "86";
    national = digits.slice(2);
  } else {
    if (s.includes("+")) return bad("mobileFormat");
    national = normalizeMobile(s) ?? "";
    if (!CN_MOBILE.test(national)) return bad("mobileNoCountryCode");
    cc = "86";
  }
  const value = `+${cc}-${national}`;
  return WELINK_MOBILE.test(value) ? ok(value) : bad("mobileFormat");
}

/** An e-mail address, trimmed and lower-cased (as the binding rule compares it), with one @ and a dot in its domain. */
export function welinkEmail(raw: string): Checked {
  const v = normalizeEmail(cleanText(raw)) ?? "";
  if (v === "") return bad("empty");
  if (!/^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/.test(v)) return bad("emailFormat");
  return [...v].length > EMAIL_MAX ? bad("tooLong", EMAIL_MAX) : ok(v);
}

/** A name or other text field: cleaned, and refused (not cut) when too long, since a cut name is a wrong name. */
export function welinkText(raw: string, max = TEXT_MAX): Checked {
  const v = cleanText(raw);
  if (v === "") return bad("empty");
  return [...v].length > max ? bad("tooLong", max) : ok(v);
}
