/** @jsxImportSource hono/jsx */
import type { Lang } from "../kernel/i18n.ts";
import { NO_TASK_ID_REASON, NO_WELINK_USER_REASON, NOT_VISIBLE_REASON, OTHERS_REFUSED_REASON } from "./classify.ts";
import { type PushPagesKey, tpp } from "./i18n.ts";
import { NOT_BOUND } from "./routing.ts";
import { DEAD_PREFIX, INTERRUPTED_REASON } from "./transitions.ts";

/**
 * A delivery's stored reason (kept in English for the JSON API) as a sentence in the admin's
 * language. The bridge's own reasons have their words; what WeLink or the network said is not the
 * bridge's to translate, so it follows the sentence as a quoted detail, marked as such.
 */
const OWN: Record<string, PushPagesKey> = {
  [NOT_BOUND]: "reason.notBound",
  [NOT_VISIBLE_REASON]: "reason.notVisible",
  [NO_WELINK_USER_REASON]: "reason.noWelinkUser",
  [NO_TASK_ID_REASON]: "reason.noTaskId",
  [OTHERS_REFUSED_REASON]: "reason.othersRefused",
  [INTERRUPTED_REASON]: "reason.interrupted",
};

export function reasonText(lang: Lang, reason: string): { sentence: string; detail?: string } {
  const dead = reason.startsWith(DEAD_PREFIX);
  const rest = dead ? reason.slice(DEAD_PREFIX.length) : reason;
  const own = OWN[rest];
  const sentence = own ? tpp(lang, own) : tpp(lang, "reason.welink");
  const detail = own ? undefined : rest;
  return dead ? { sentence: `${tpp(lang, "reason.dead")}${sentence}`, detail } : { sentence, detail };
}

export function Reason({ lang, reason }: { lang: Lang; reason: string | null }) {
  if (!reason) return null;
  const r = reasonText(lang, reason);
  return (
    <>
      {r.sentence}
      {r.detail && <> <q class="muted" translate="no">{r.detail}</q></>}
    </>
  );
}
