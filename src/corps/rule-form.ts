import type { Form } from "../ui/index.ts";
import { type BindingRule, MAX_TERMS } from "./binding-rule.ts";

/**
 * The rule's terms as form slots: slot i is the selects `ruleOa{i}` and `ruleWelink{i}`, in the
 * order OR tries them. Both the corp form and the directory-sync settings edit the rule this way.
 */
export type TermSlot = { oa: string; welink: string };

/** One spare slot beyond the rule's terms (at least 4 in all), never more than the rule allows. */
export const slotCount = (terms: number) => Math.min(MAX_TERMS, Math.max(4, terms + 1));

export const termSlots = (rule: BindingRule): TermSlot[] =>
  Array.from({ length: slotCount(rule.terms.length) }, (_, i) => ({ oa: rule.terms[i]?.oa ?? "", welink: rule.terms[i]?.welink ?? "" }));

export function readTermSlots(form: Form): TermSlot[] {
  const slots: TermSlot[] = [];
  for (let i = 1; i <= MAX_TERMS; i++) slots.push({ oa: form.text(`ruleOa${i}`), welink: form.text(`ruleWelink${i}`) });
  // Keep what the browser sent (a half-filled slot included) so a refusal re-renders it as typed.
  const last = slots.findLastIndex((s) => s.oa !== "" || s.welink !== "");
  return slots.slice(0, slotCount(last + 1));
}

/**
 * Empty slots are dropped; a half-filled one is kept as it is so the rule's check refuses it
 * (a term needs both sides), rather than guessing the missing side.
 */
export const termsInput = (slots: TermSlot[]) => slots.filter((s) => s.oa !== "" || s.welink !== "") as never[];
