/**
 * The binding rule over a whole directory at once: the OA people are indexed once per field
 * (normalised value → ids), then each WeLink person costs a few map look-ups — no query per
 * person, so 100,000 × 100,000 stays within seconds. Same answers as `matchPerson`.
 */
import { type BindingRule, type MatchCandidate, type MatchKeys, type MatchResult, normalizeKey, type RuleField } from "./match.ts";

export type OaIndex = {
  byField: Map<RuleField, Map<string, string[]>>;
  /** Each indexed person's normalised values, for the AND check of the remaining fields. */
  values: Map<string, Partial<Record<RuleField, string>>>;
};

/**
 * Indexes the OA people the rule may pick: active and not yet bound in the corp (a binding is
 * changed only on purpose, never by the rule).
 */
export function indexOaPeople(fields: readonly RuleField[], people: Iterable<MatchCandidate>, boundOaIds: ReadonlySet<string>): OaIndex {
  const byField = new Map<RuleField, Map<string, string[]>>(fields.map((f) => [f, new Map()]));
  const values = new Map<string, Partial<Record<RuleField, string>>>();
  for (const p of people) {
    if (!p.active || boundOaIds.has(p.id)) continue;
    const mine: Partial<Record<RuleField, string>> = {};
    for (const f of fields) {
      const v = normalizeKey(f, p[f]);
      if (v === undefined) continue;
      mine[f] = v;
      const map = byField.get(f)!;
      const ids = map.get(v);
      if (ids) ids.push(p.id);
      else map.set(v, [p.id]);
    }
    values.set(p.id, mine);
  }
  return { byField, values };
}

function matchAllIndexed(fields: RuleField[], keys: Map<RuleField, string>, index: OaIndex): MatchResult {
  if (fields.some((f) => !keys.has(f))) return { matched: false, reason: "no-keys" };
  const [first, ...rest] = fields;
  const hits = (index.byField.get(first!)?.get(keys.get(first!)!) ?? []).filter((id) => rest.every((f) => index.values.get(id)?.[f] === keys.get(f)));
  if (hits.length === 1) return { matched: true, oaUserId: hits[0]!, fields };
  if (hits.length === 0) return { matched: false, reason: "none" };
  return { matched: false, reason: "ambiguous", field: fields.join("+"), candidates: hits };
}

function matchFirstIndexed(fields: RuleField[], keys: Map<RuleField, string>, index: OaIndex): MatchResult {
  let ambiguous: MatchResult | undefined;
  let tried = false;
  for (const f of fields) {
    const value = keys.get(f);
    if (value === undefined) continue;
    tried = true;
    const hits = index.byField.get(f)?.get(value) ?? [];
    if (hits.length === 1) return { matched: true, oaUserId: hits[0]!, fields: [f] };
    if (hits.length > 1) ambiguous ??= { matched: false, reason: "ambiguous", field: f, candidates: [...hits] };
  }
  if (!tried) return { matched: false, reason: "no-keys" };
  return ambiguous ?? { matched: false, reason: "none" };
}

/**
 * One WeLink person against the index. The caller removes an OA person from the index once the
 * run binds them (`takeFromIndex`), so two WeLink people never get the same OA person.
 */
export function matchIndexed(rule: BindingRule, welink: MatchKeys, index: OaIndex): MatchResult {
  const fields = [...new Set(rule.fields)];
  if (!rule.enabled || fields.length === 0) return { matched: false, reason: "disabled" };
  const keys = new Map<RuleField, string>();
  for (const f of fields) {
    const v = normalizeKey(f, welink[f]);
    if (v !== undefined) keys.set(f, v);
  }
  return rule.combine === "and" ? matchAllIndexed(fields, keys, index) : matchFirstIndexed(fields, keys, index);
}

/** Drops a just-bound OA person from every field's list. */
export function takeFromIndex(index: OaIndex, oaUserId: string): void {
  const mine = index.values.get(oaUserId);
  if (!mine) return;
  for (const [f, v] of Object.entries(mine) as [RuleField, string][]) {
    const map = index.byField.get(f)!;
    const left = (map.get(v) ?? []).filter((id) => id !== oaUserId);
    if (left.length) map.set(v, left);
    else map.delete(v);
  }
  index.values.delete(oaUserId);
}
