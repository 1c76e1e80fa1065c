import type { Lang } from "../../kernel/i18n.ts";
import { corpBase } from "../../directory/index.ts";
import { td } from "./i18n.ts";
import { tp } from "./i18n-to-welink.ts";
import { tw } from "./i18n-to-oa.ts";

/**
 * What the plan page says and where its buttons go, by the run's direction: a push plan writes
 * WeLink (its tab is From OA), a write-back plan writes the OA (its section is on the settings tab).
 */
export function planKind(lang: Lang, corpId: string, runBase: string, wb: boolean) {
  const base = corpBase(corpId);
  return wb
    ? {
      tab: "settings" as const, title: tw(lang, "wb.plan"), back: [`${base}/settings#writeback`, td(lang, "tab.settings")] as const, detail: tw(lang, "wb.runDetail"),
      finished: tw(lang, "wb.finished"), apply: tw(lang, "wb.apply"), applyHint: tw(lang, "wb.applyHint"), applyAction: `${runBase}/writeback-apply`, tree: tw(lang, "wb.tree"),
      approve: { action: `${runBase}/writeback-apply`, label: tw(lang, "wb.approve") }, says: tw(lang, "wb.planSays"),
    }
    : {
      tab: "push" as const, title: tp(lang, "push.plan"), back: [`${base}/push`, td(lang, "tab.push")] as const, detail: tp(lang, "push.runDetail"),
      finished: tp(lang, "push.finished"), apply: tp(lang, "push.apply"), applyHint: tp(lang, "push.applyHint"), applyAction: `${runBase}/apply`, tree: tp(lang, "push.tree"),
      approve: undefined, says: null,
    };
}
