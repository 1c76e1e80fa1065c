import { z } from "zod";

/**
 * The corp's binding rule: terms, each pairing an OA field with a WeLink field (DESIGN.md
 * "binding rule"), combined by AND or by OR in the order given.
 */
export const BINDING_FIELDS = ["mobile", "email", "account", "employeeNo"] as const;
export type BindingField = (typeof BINDING_FIELDS)[number];
/** The WeLink side adds "emailPrefix": the part of the WeLink e-mail before the @. */
export const WELINK_RULE_FIELDS = [...BINDING_FIELDS, "emailPrefix"] as const;
export type WelinkRuleField = (typeof WELINK_RULE_FIELDS)[number];

/** Most terms a rule may have: every OA field against every WeLink field would be 20, nobody needs that. */
export const MAX_TERMS = 8;

export const RuleTerm = z.object({
  oa: z.enum(BINDING_FIELDS).describe("The OA person's field"),
  welink: z.enum(WELINK_RULE_FIELDS).describe("The WeLink person's field; emailPrefix is the e-mail's part before the @, compared without case"),
});
export type RuleTerm = z.infer<typeof RuleTerm>;

/** The key of a term where one string is needed (review rows, counts): "mobile" for mobile ↔ mobile, "account:emailPrefix" otherwise. */
export const termKey = (t: RuleTerm) => (t.oa === t.welink ? t.oa : `${t.oa}:${t.welink}`);

/** The inverse of `termKey` (and of its "+"-joined AND form); undefined for a string that names no term. */
export function termsOfKey(key: string): RuleTerm[] | undefined {
  const terms = key.split("+").map((part) => {
    const [oa, welink = oa, extra] = part.split(":");
    return extra === undefined ? RuleTerm.safeParse({ oa, welink }).data : undefined;
  });
  return terms.every((t) => t !== undefined) ? (terms as RuleTerm[]) : undefined;
}

const Rule = z.object({
  enabled: z.boolean(),
  terms: z
    .array(RuleTerm)
    .min(1, "name at least one term: an OA field and a WeLink field")
    .max(MAX_TERMS, `name at most ${MAX_TERMS} terms`)
    .refine((ts) => new Set(ts.map(termKey)).size === ts.length, "name each term once"),
  combine: z.enum(["and", "or"]).describe("and: every term agrees; or: the terms in order, the first that singles out one OA person binds"),
}).describe("The corp's binding rule. The older shape with `fields` (each field compared with itself) is still accepted and read as the same-field terms.");

/**
 * The shape stored and sent before terms existed: `fields` compared each field with itself.
 * It still parses (stored corps need no data migration, and API clients keep working), read as
 * the same-field terms in the same order.
 */
function upgradeLegacy(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null || "terms" in raw || !("fields" in raw)) return raw;
  const { fields, ...rest } = raw as { fields: unknown };
  return { ...rest, terms: Array.isArray(fields) ? fields.map((f) => ({ oa: f, welink: f })) : fields };
}

/** What the API and the stored column accept: the terms shape, or the legacy `fields` shape. */
export const BindingRule = z.preprocess(upgradeLegacy, Rule);
export type BindingRule = z.output<typeof Rule>;
/** The rule as the API answers it (always terms). */
export const BindingRuleView = Rule;

const DEFAULT_RULE: BindingRule = { enabled: false, terms: [{ oa: "mobile", welink: "mobile" }], combine: "or" };
export const defaultBindingRule = (): BindingRule => ({ ...DEFAULT_RULE, terms: DEFAULT_RULE.terms.map((t) => ({ ...t })) });

/** A stored rule that no longer parses (hand-edited) reads as the safe default: disabled. */
export function parseBindingRule(json: string): BindingRule {
  try {
    const parsed = BindingRule.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : defaultBindingRule();
  } catch {
    return defaultBindingRule();
  }
}
