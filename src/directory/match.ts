/**
 * The binding rule, as pure logic: which OA person (if exactly one) a WeLink person is.
 * No I/O: the caller hands in the candidates and the OA people already bound in the corp.
 */

import { BINDING_FIELDS, type BindingField, type BindingRule } from "../corps/index.ts";

// One rule type: the corp's setting (corps/corp-input.ts), shared by every place that auto-binds.
export const RULE_FIELDS = BINDING_FIELDS;
export type RuleField = BindingField;
export type { BindingRule };

/** A person's values for the rule's fields, as each side stores them (normalised here). */
export type MatchKeys = Partial<Record<RuleField, string | null | undefined>>;

export type MatchCandidate = MatchKeys & { id: string; active: boolean };

export type MatchResult =
  | { matched: true; oaUserId: string; fields: RuleField[] }
  | { matched: false; reason: "disabled" | "no-keys" | "none" }
  /** Several OA people share the value(s): never bound by the rule, the person goes to review. */
  | { matched: false; reason: "ambiguous"; field: string; candidates: string[] };

/**
 * Digits only, and a leading 86 / +86 / 0086 country code dropped when what remains is a full
 * 11-digit mobile — so "+86-13812345678", "13812345678" and "+86 138 1234 5678" are one number.
 */
export function normalizeMobile(raw: string | null | undefined): string | undefined {
  const digits = (raw ?? "").replace(/\D/g, "");
  const national = digits.replace(/^(?:00)?86(?=\d{11}$)/, "");
  return national === "" ? undefined : national;
}

export function normalizeEmail(raw: string | null | undefined): string | undefined {
  const v = (raw ?? "").trim().toLowerCase();
  return v === "" ? undefined : v;
}

const trimmed = (raw: string | null | undefined) => {
  const v = (raw ?? "").trim();
  return v === "" ? undefined : v;
};

/** The comparable form of one field's value; undefined when the person has none. */
export function normalizeKey(field: RuleField, raw: string | null | undefined): string | undefined {
  if (field === "mobile") return normalizeMobile(raw);
  if (field === "email") return normalizeEmail(raw);
  return trimmed(raw);
}

const hitsOn = (field: RuleField, value: string, pool: MatchCandidate[]) => pool.filter((c) => normalizeKey(field, c[field]) === value);

/** AND: every chosen field present on the WeLink side and equal; exactly one OA person. */
function matchAll(fields: RuleField[], keys: Map<RuleField, string>, pool: MatchCandidate[]): MatchResult {
  if (fields.some((f) => !keys.has(f))) return { matched: false, reason: "no-keys" };
  const hits = fields.reduce((left, f) => hitsOn(f, keys.get(f)!, left), pool);
  if (hits.length === 1) return { matched: true, oaUserId: hits[0]!.id, fields };
  if (hits.length === 0) return { matched: false, reason: "none" };
  return { matched: false, reason: "ambiguous", field: fields.join("+"), candidates: hits.map((h) => h.id) };
}

/** OR: the fields in the order given; the first that singles out one OA person wins. */
function matchFirst(fields: RuleField[], keys: Map<RuleField, string>, pool: MatchCandidate[]): MatchResult {
  let ambiguous: MatchResult | undefined;
  let tried = false;
  for (const f of fields) {
    const value = keys.get(f);
    if (value === undefined) continue;
    tried = true;
    const hits = hitsOn(f, value, pool);
    if (hits.length === 1) return { matched: true, oaUserId: hits[0]!.id, fields: [f] };
    // The first field that names several people is the one the review shows; a later unique field still binds.
    if (hits.length > 1) ambiguous ??= { matched: false, reason: "ambiguous", field: f, candidates: hits.map((h) => h.id) };
  }
  if (!tried) return { matched: false, reason: "no-keys" };
  return ambiguous ?? { matched: false, reason: "none" };
}

/**
 * Applies the rule. People who left the OA and OA people already bound in the corp are never a
 * match (a binding is changed only on purpose, never by a rule), so they are dropped first.
 */
export function matchPerson(rule: BindingRule, welink: MatchKeys, candidates: MatchCandidate[], boundOaIds: ReadonlySet<string>): MatchResult {
  const fields = [...new Set(rule.fields)];
  if (!rule.enabled || fields.length === 0) return { matched: false, reason: "disabled" };
  const keys = new Map<RuleField, string>();
  for (const f of fields) {
    const v = normalizeKey(f, welink[f]);
    if (v !== undefined) keys.set(f, v);
  }
  const pool = candidates.filter((c) => c.active && !boundOaIds.has(c.id));
  return rule.combine === "and" ? matchAll(fields, keys, pool) : matchFirst(fields, keys, pool);
}
