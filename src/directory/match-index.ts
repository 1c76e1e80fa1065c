/**
 * The binding rule over a whole directory at once: the OA people are indexed once per term
 * (normalised value → ids), then each WeLink person costs a few map look-ups — no query per
 * person, so 100,000 × 100,000 stays within seconds. Same answers as `matchPerson`.
 */
import { termKey } from "../corps/index.ts";
import { type BindingRule, type MatchCandidate, type MatchKeys, type MatchResult, oaValue, type RuleTerm, termsOf, welinkValues } from "./match.ts";

export type OaIndex = {
  /** By term key (`termKey`): a same-field term's key is the field's name. */
  byTerm: Map<string, Map<string, string[]>>;
  /** Each indexed person's normalised values by term key, for the AND check of the remaining terms. */
  values: Map<string, Record<string, string>>;
};

/**
 * Indexes the OA people the rule may pick: active and not yet bound in the corp (a binding is
 * changed only on purpose, never by the rule).
 */
export function indexOaPeople(terms: readonly RuleTerm[], people: Iterable<MatchCandidate>, boundOaIds: ReadonlySet<string>): OaIndex {
  const byTerm = new Map<string, Map<string, string[]>>(terms.map((t) => [termKey(t), new Map()]));
  const values = new Map<string, Record<string, string>>();
  for (const p of people) {
    if (!p.active || boundOaIds.has(p.id)) continue;
    const mine: Record<string, string> = {};
    for (const t of terms) {
      const v = oaValue(t, p);
      if (v === undefined) continue;
      const key = termKey(t);
      mine[key] = v;
      const map = byTerm.get(key)!;
      const ids = map.get(v);
      if (ids) ids.push(p.id);
      else map.set(v, [p.id]);
    }
    values.set(p.id, mine);
  }
  return { byTerm, values };
}

function matchAllIndexed(terms: RuleTerm[], keys: Map<string, string>, index: OaIndex): MatchResult {
  const names = terms.map(termKey);
  if (names.some((k) => !keys.has(k))) return { matched: false, reason: "no-keys" };
  const [first, ...rest] = names;
  const hits = (index.byTerm.get(first!)?.get(keys.get(first!)!) ?? []).filter((id) => rest.every((k) => index.values.get(id)?.[k] === keys.get(k)));
  if (hits.length === 1) return { matched: true, oaUserId: hits[0]!, terms };
  if (hits.length === 0) return { matched: false, reason: "none" };
  return { matched: false, reason: "ambiguous", field: names.join("+"), candidates: hits };
}

function matchFirstIndexed(terms: RuleTerm[], keys: Map<string, string>, index: OaIndex): MatchResult {
  let ambiguous: MatchResult | undefined;
  let tried = false;
  for (const t of terms) {
    const key = termKey(t);
    const value = keys.get(key);
    if (value === undefined) continue;
    tried = true;
    const hits = index.byTerm.get(key)?.get(value) ?? [];
    if (hits.length === 1) return { matched: true, oaUserId: hits[0]!, terms: [t] };
    if (hits.length > 1) ambiguous ??= { matched: false, reason: "ambiguous", field: key, candidates: [...hits] };
  }
  if (!tried) return { matched: false, reason: "no-keys" };
  return ambiguous ?? { matched: false, reason: "none" };
}

/**
 * One WeLink person against the index. The caller removes an OA person from the index once the
 * run binds them (`takeFromIndex`), so two WeLink people never get the same OA person.
 */
export function matchIndexed(rule: BindingRule, welink: MatchKeys, index: OaIndex): MatchResult {
  const terms = termsOf(rule);
  if (!rule.enabled || terms.length === 0) return { matched: false, reason: "disabled" };
  const keys = welinkValues(terms, welink);
  return rule.combine === "and" ? matchAllIndexed(terms, keys, index) : matchFirstIndexed(terms, keys, index);
}

/** Drops a just-bound OA person from every term's list. */
export function takeFromIndex(index: OaIndex, oaUserId: string): void {
  const mine = index.values.get(oaUserId);
  if (!mine) return;
  for (const [k, v] of Object.entries(mine)) {
    const map = index.byTerm.get(k)!;
    const left = (map.get(v) ?? []).filter((id) => id !== oaUserId);
    if (left.length) map.set(v, left);
    else map.delete(v);
  }
  index.values.delete(oaUserId);
}
