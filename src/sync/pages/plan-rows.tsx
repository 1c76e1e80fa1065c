/** @jsxImportSource hono/jsx */
import { defineMessages, type Lang } from "../../kernel/i18n.ts";
import { Table, type View } from "../../ui/index.ts";
import type { PlanItemView } from "../to-welink/plan-view.ts";
import { fieldLabel, reasonText, type Why } from "../to-welink/reasons.ts";
import type { Problem } from "../to-welink/welink-values.ts";
import { td } from "./i18n.ts";
import { tp } from "./i18n-to-welink.ts";
import { tw } from "./i18n-to-oa.ts";

/**
 * A plan item as a person reads it: the reason in the admin's language, what changes as labelled
 * fields (字段：旧值 → 新值), and for a failed item WeLink's refusal in words (its raw message after).
 */

const WELINK_WORDS = defineMessages(
  {
    "47000": "应用没有通讯录写权限，或此对象不在应用的可见范围内。",
    "47001": "WeLink 中找不到这个对象。",
    "47003": "缺少 WeLink 必填的值。",
    "47004": "有值的格式不被 WeLink 接受。",
    "47005": "名称太长（WeLink 最多 128 个字符）。",
    "47006": "所在部门在 WeLink 中不存在。",
    "47007": "WeLink 中已有同一 OA 编号的部门。",
    "47008": "WeLink 中已有同一 OA 编号的人员。",
    "47009": "手机号已被 WeLink 中的另一个人使用。",
    "47010": "部门下还有人员或子部门，WeLink 不允许移除。",
    "47011": "这次移动会让部门成为自己的下级。",
    "47014": "部门层级超过 WeLink 的上限。",
    DEPT_NOT_WRITTEN: "所在部门没有写入 WeLink（已搁置或无法发送），因此一并搁置。",
    other: "WeLink 拒绝了这次写入。",
  },
  {
    "47000": "The app may not write contacts, or this object is outside the app's visible range.",
    "47001": "WeLink has no such object.",
    "47003": "A value WeLink requires is missing.",
    "47004": "A value is in a form WeLink does not accept.",
    "47005": "The name is too long (WeLink takes at most 128 characters).",
    "47006": "Its department does not exist in WeLink.",
    "47007": "WeLink already has a department with this OA id.",
    "47008": "WeLink already has a person with this OA id.",
    "47009": "The mobile number is already used by another person in WeLink.",
    "47010": "The department still holds people or departments; WeLink does not remove it.",
    "47011": "This move would put the department under itself.",
    "47014": "The department would be deeper than WeLink allows.",
    DEPT_NOT_WRITTEN: "Its department was not written to WeLink (set aside or unsendable), so it waits too.",
    other: "WeLink refused the write.",
  },
);

export function welinkWords(lang: Lang, code: string | null): string {
  return WELINK_WORDS.maybe(lang, code ?? "other") ?? WELINK_WORDS(lang, "other");
}

/** The reason in the admin's language; plans stored before codes show their English sentence. */
export function itemReason(lang: Lang, i: PlanItemView): string {
  if (i.reasonCode === null) return i.reason;
  const scope = (i.scopeRule as Why["scope"] | null) ?? undefined;
  return reasonText(lang, { code: i.reasonCode as Why["code"], params: i.reasonParams ?? undefined, problems: (i.problems as Problem[] | null) ?? undefined, ...(scope ? { scope } : {}) });
}

/** A department code or ref as a path a person knows; anything else as it is. */
export type Names = (value: unknown) => string;

const shown = (lang: Lang, v: unknown, names: Names) => {
  if (v === null || v === undefined || v === "") return lang === "en" ? "(none)" : "（无）";
  if (Array.isArray(v)) return v.map((x) => names(x)).join(lang === "en" ? ", " : "、");
  return names(v);
};

export function ChangeList({ v, changes, names }: { v: View; changes: PlanItemView["changes"]; names: Names }) {
  if (!changes) return null;
  const colon = v.lang === "en" ? ": " : "：";
  return (
    <ul class="changes">
      {Object.entries(changes).map(([field, [before, after]]) => (
        <li>
          <strong>{fieldLabel(v.lang, field)}</strong>
          {colon}
          {shown(v.lang, before, names)} → {shown(v.lang, after, names)}
        </li>
      ))}
    </ul>
  );
}

const isFailed = (i: PlanItemView) => i.state === "set_aside" || i.state === "failed" || i.state === "invalid";

/** What went wrong, in words: the problems of an invalid item, WeLink's refusal of a failed one. */
/** WeLink's code and message out of the item's stored (English) error: `… WeLink answered 47004 "…" to …`. */
function welinkSaid(item: PlanItemView): { code: string; message: string } | null {
  if (!item.error || !item.errorCode || !/^\d+$/.test(item.errorCode)) return null;
  const m = /WeLink answered (\S+) "((?:[^"\\]|\\.)*)"/.exec(item.error);
  return m ? { code: m[1]!, message: m[2]! } : null;
}

/** `wb`: a write-back item, refused by the OA (its catalog code after the words), not by WeLink. */
export function Failure({ v, item, wb }: { v: View; item: PlanItemView; wb?: boolean }) {
  if (item.state === "invalid") return <span class="error">{itemReason(v.lang, item)}</span>;
  if (!isFailed(item)) return null;
  // Set aside without a code: its department was not written; the state mark says so.
  if (wb) {
    return item.errorCode ? (
      <>
        <span class="error">{tw(v.lang, "wb.refused")}</span> <code>{item.errorCode}</code>
      </>
    ) : null;
  }
  const said = welinkSaid(item);
  return (
    <>
      <span class="error">{welinkWords(v.lang, item.errorCode)}</span>
      {/* WeLink's own answer, as it came, for whoever asks WeLink support; only for WeLink's codes. */}
      {said && (
        <small class="muted raw">
          {" "}
          WeLink <code>{said.code}</code>: <q translate="no">{said.message}</q>
        </small>
      )}
    </>
  );
}

/** The first failed items, and the count of each failing state. */
export type FailedList = { items: PlanItemView[]; totals: { state: "set_aside" | "failed" | "invalid"; total: number }[] };

/** Failed and unsendable items, listed before everything else on the plan page; beyond the first, links to each state's list. */
export function FailedItems({ v, failed, names, href, wb }: { v: View; failed: FailedList; names: Names; href: string; wb?: boolean }) {
  const { items } = failed;
  if (items.length === 0) return null;
  const total = failed.totals.reduce((n, t) => n + t.total, 0);
  const head = [tp(v.lang, "push.col.name"), td(v.lang, "run.col.object"), tp(v.lang, "push.col.state"), tp(v.lang, "push.col.why"), tp(v.lang, "push.col.changes")];
  const rows = items.map((i) => [
    <span class="nowrap" translate="no">{i.name}</span>,
    td(v.lang, `run.object.${i.object}`),
    <span class={`plan plan-${i.state === "invalid" ? "skip" : "remove"}`}>{tp(v.lang, `push.state.${i.state}`)}</span>,
    <Failure v={v} item={i} wb={wb} />,
    <ChangeList v={v} changes={i.changes} names={names} />,
  ]);
  return (
    <section class="panel">
      <h2>{tp(v.lang, "push.failed", { n: total })}</h2>
      {total > items.length && (
        <p class="muted">
          {tp(v.lang, "push.failedFirst", { n: total, shown: items.length })}{" "}
          {failed.totals
            .filter((t) => t.total > 0)
            .map((t) => (
              <a href={`${href}?state=${t.state}`} class="spaced-link">{`${tp(v.lang, `push.state.${t.state}`)} (${t.total})`}</a>
            ))}
        </p>
      )}
      <Table head={head} rows={rows} empty="" />
    </section>
  );
}
