/** @jsxImportSource hono/jsx */
import type { Lang } from "../kernel/i18n.ts";
import { BINDING_FIELDS, type RuleTerm, termsOfKey, WELINK_RULE_FIELDS } from "./binding-rule.ts";
import { Select } from "./corp-parts.tsx";
import type { TermSlot } from "./rule-form.ts";
import { tc } from "./i18n.ts";

/** A term in words: "OA 工号 ↔ WeLink 账号". */
export const termText = (lang: Lang, t: RuleTerm) => tc(lang, "corps.rule.term", { oa: tc(lang, `corps.field.${t.oa}`), welink: tc(lang, `corps.field.${t.welink}`) });

/** A term key (or an AND of them, "+"-joined) in words; a key that names no term is shown as stored. */
export function termKeyText(lang: Lang, key: string): string {
  const terms = termsOfKey(key);
  return terms ? terms.map((t) => termText(lang, t)).join(tc(lang, "corps.rule.andJoin")) : key;
}

/** The rule's term slots: an OA field and a WeLink field each, numbered in the order OR tries them. */
export function TermSlots({ lang, slots, error }: { lang: Lang; slots: TermSlot[]; error?: string }) {
  const none = { value: "", label: "—" };
  const oa = [none, ...BINDING_FIELDS.map((f) => ({ value: f, label: tc(lang, `corps.field.${f}`) }))];
  const welink = [none, ...WELINK_RULE_FIELDS.map((f) => ({ value: f, label: tc(lang, `corps.field.${f}`) }))];
  return (
    <fieldset class={error ? "field invalid" : "field"}>
      <legend>{tc(lang, "corps.rule.terms")}</legend>
      <p class="hint">{tc(lang, "corps.hint.terms")}</p>
      {slots.map((s, i) => (
        <div class="term-row" data-term={i + 1}>
          <Select name={`ruleOa${i + 1}`} label={tc(lang, "corps.rule.oaField", { n: i + 1 })} value={s.oa} options={oa} />
          <Select name={`ruleWelink${i + 1}`} label={tc(lang, "corps.rule.welinkField", { n: i + 1 })} value={s.welink} options={welink} />
        </div>
      ))}
      {error && <div class="error">{error}</div>}
    </fieldset>
  );
}
