/**
 * The binding rule, as pure logic: which OA person (if exactly one) a WeLink person is.
 * No I/O: the caller hands in the candidates and the OA people already bound in the corp.
 */

import { BINDING_FIELDS, type BindingField, type BindingRule, type RuleTerm, termKey, type WelinkRuleField } from "../corps/index.ts";

// One rule type: the corp's setting (corps/binding-rule.ts), shared by every place that auto-binds.
export const RULE_FIELDS = BINDING_FIELDS;
export type RuleField = BindingField;
export type { BindingRule, RuleTerm };

/** A WeLink person's values for the rule's WeLink fields, as WeLink gave them (normalised here). */
export type MatchKeys = Partial<Record<WelinkRuleField, string | null | undefined>>;

/** An OA person's values for the OA fields. */
export type MatchCandidate = Partial<Record<RuleField, string | null | undefined>> & { id: string; active: boolean };

export type MatchResult =
  | { matched: true; oaUserId: string; terms: RuleTerm[] }
  | { matched: false; reason: "disabled" | "no-keys" | "none" }
  /** Several OA people share the value(s): never bound by the rule, the person goes to review. `field`: the term key(s), "+"-joined for AND. */
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

const withoutCase = (raw: string | null | undefined) => trimmed(raw)?.toLowerCase();

/** The comparable form of one field's value; undefined when the person has none. */
export function normalizeKey(field: RuleField, raw: string | null | undefined): string | undefined {
  if (field === "mobile") return normalizeMobile(raw);
  if (field === "email") return normalizeEmail(raw);
  return trimmed(raw);
}

/**
 * How a term compares its two sides. A pair with a mobile on either side compares as mobiles (a
 * WeLink account is often the person's mobile); with an e-mail or e-mail prefix, without case
 * (mail systems ignore it); anything else as trimmed text, as same-field terms always did.
 */
export type Comparison = "mobile" | "caseless" | "text";
export function comparisonOf(t: RuleTerm): Comparison {
  if (t.oa === "mobile" || t.welink === "mobile") return "mobile";
  if (t.oa === "email" || t.welink === "email" || t.welink === "emailPrefix") return "caseless";
  return "text";
}

export function normalizeAs(how: Comparison, raw: string | null | undefined): string | undefined {
  return how === "mobile" ? normalizeMobile(raw) : how === "caseless" ? withoutCase(raw) : trimmed(raw);
}

/** The OA side of a term, comparable with `welinkValue` of the same term. */
export const oaValue = (t: RuleTerm, c: MatchCandidate) => normalizeAs(comparisonOf(t), c[t.oa]);
export const welinkValue = (t: RuleTerm, keys: MatchKeys) => normalizeAs(comparisonOf(t), keys[t.welink]);

/** The rule's distinct terms, in order (a repeated term adds nothing). */
export function termsOf(rule: BindingRule): RuleTerm[] {
  const seen = new Set<string>();
  return rule.terms.filter((t) => !seen.has(termKey(t)) && seen.add(termKey(t)));
}

/** The WeLink person's value for each term they have one for, by term key. */
export function welinkValues(terms: RuleTerm[], welink: MatchKeys): Map<string, string> {
  const keys = new Map<string, string>();
  for (const t of terms) {
    const v = welinkValue(t, welink);
    if (v !== undefined) keys.set(termKey(t), v);
  }
  return keys;
}

const hitsOn = (t: RuleTerm, value: string, pool: MatchCandidate[]) => pool.filter((c) => oaValue(t, c) === value);
const joined = (terms: RuleTerm[]) => terms.map(termKey).join("+");

/** AND: every term's WeLink value present and equal to the OA value; exactly one OA person. */
function matchAll(terms: RuleTerm[], keys: Map<string, string>, pool: MatchCandidate[]): MatchResult {
  if (terms.some((t) => !keys.has(termKey(t)))) return { matched: false, reason: "no-keys" };
  const hits = terms.reduce((left, t) => hitsOn(t, keys.get(termKey(t))!, left), pool);
  if (hits.length === 1) return { matched: true, oaUserId: hits[0]!.id, terms };
  if (hits.length === 0) return { matched: false, reason: "none" };
  return { matched: false, reason: "ambiguous", field: joined(terms), candidates: hits.map((h) => h.id) };
}

/** OR: the terms in the order given; the first that singles out one OA person wins. */
function matchFirst(terms: RuleTerm[], keys: Map<string, string>, pool: MatchCandidate[]): MatchResult {
  let ambiguous: MatchResult | undefined;
  let tried = false;
  for (const t of terms) {
    const value = keys.get(termKey(t));
    if (value === undefined) continue;
    tried = true;
    const hits = hitsOn(t, value, pool);
    if (hits.length === 1) return { matched: true, oaUserId: hits[0]!.id, terms: [t] };
    // The first term that names several people is the one the review shows; a later unique term still binds.
    if (hits.length > 1) ambiguous ??= { matched: false, reason: "ambiguous", field: termKey(t), candidates: hits.map((h) => h.id) };
  }
  if (!tried) return { matched: false, reason: "no-keys" };
  return ambiguous ?? { matched: false, reason: "none" };
}

/**
 * Applies the rule. People who left the OA and OA people already bound in the corp are never a
 * match (a binding is changed only on purpose, never by a rule), so they are dropped first.
 */
export function matchPerson(rule: BindingRule, welink: MatchKeys, candidates: MatchCandidate[], boundOaIds: ReadonlySet<string>): MatchResult {
  const terms = termsOf(rule);
  if (!rule.enabled || terms.length === 0) return { matched: false, reason: "disabled" };
  const keys = welinkValues(terms, welink);
  const pool = candidates.filter((c) => c.active && !boundOaIds.has(c.id));
  return rule.combine === "and" ? matchAll(terms, keys, pool) : matchFirst(terms, keys, pool);
}
