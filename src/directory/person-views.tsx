/** @jsxImportSource hono/jsx */
import { Badge, Facts, Field, PostForm, Table, Time, Value, type View } from "../ui/index.ts";
import { render } from "../kernel/said.ts";
import type { OaUser } from "../oa/index.ts";
import type { BindingEvent, OaCandidate, PersonCard } from "./browse.ts";
import { actionWords, Changed, runWords } from "./change-lines.tsx";
import type { ChangeNames } from "./change-names.ts";
import { StateBadge } from "./directory-views.tsx";
import { td } from "./i18n.ts";
import { label } from "./page-parts.tsx";

export function WelinkFacts({ v, card }: { v: View; card: PersonCard }) {
  const p = card.person;
  const rows: [string, unknown][] = [
    [td(v.lang, "col.name"), p.nameEn ? `${p.nameCn} (${p.nameEn})` : p.nameCn],
    [td(v.lang, "col.userId"), <code>{p.userId}</code>],
    [td(v.lang, "col.corpUserId"), p.corpUserId ?? ""],
    [td(v.lang, "col.mobile"), p.mobile ?? ""],
    [td(v.lang, "col.email"), p.email ?? ""],
    [td(v.lang, "col.employeeId"), p.employeeId ?? ""],
    [td(v.lang, "col.position"), p.position ?? ""],
    [td(v.lang, "col.mainDept"), p.mainDeptCode ?? ""],
    [td(v.lang, "col.depts"), p.deptCodes.join(", ")],
    [td(v.lang, "col.status"), <><StateBadge v={v} p={p} /> {label(v, `status.${p.status}`, String(p.status))}</>],
    [td(v.lang, "col.updatedAt"), <Time v={v} at={p.updatedAt} />],
  ];
  return <Facts rows={rows as [string, string][]} />;
}

/** The bound OA person, or a note that the binding points at someone the OA snapshot no longer has. */
export function OaFacts({ v, card }: { v: View; card: PersonCard }) {
  const b = card.person.binding;
  if (!b) return <p class="muted">{td(v.lang, "card.notBound")}</p>;
  const o = card.oaPerson;
  const method = label(v, `card.method.${b.method}`, b.method);
  if (!o) return <Facts rows={[[td(v.lang, "card.oa"), td(v.lang, "card.oaMissing", { id: b.oaUserId })], [td(v.lang, "card.method"), method]]} />;
  return (
    <Facts
      rows={[
        [td(v.lang, "col.name"), o.name],
        ["OA", <code>{o.account}</code>],
        [td(v.lang, "col.mobile"), o.mobile ?? ""],
        [td(v.lang, "col.email"), o.email ?? ""],
        [td(v.lang, "col.employeeId"), o.employeeNo ?? ""],
        [td(v.lang, "card.method"), method],
      ]}
    />
  );
}

/** Each candidate (of a review or an OA search) with a button that binds them. */
type CandidateProps = { v: View; action: string; people: (OaCandidate | OaUser)[]; button: string; back?: string };

export function CandidateTable({ v, action, people, button, back }: CandidateProps) {
  const rows = people.map((o) => [
    o.name,
    <code>{o.account}</code>,
    o.mobile ?? "",
    o.email ?? "",
    o.active ? "" : <Badge kind="bad">{td(v.lang, "card.inactive")}</Badge>,
    <PostForm v={v} action={action}>
      <input type="hidden" name="oaUserId" value={o.id} />
      {back && <input type="hidden" name="back" value={back} />}
      <button type="submit" class="button small">{button}</button>
    </PostForm>,
  ]);
  const head = [td(v.lang, "col.name"), "OA", td(v.lang, "col.mobile"), td(v.lang, "col.email"), "", ""];
  return <Table head={head} rows={rows} empty={td(v.lang, "card.noOaMatch")} />;
}

export function OaSearch({ v, action, q }: { v: View; action: string; q: string }) {
  return (
    <form method="get" action={`${action}#bind`} class="panel inline" aria-label={td(v.lang, "card.searchOa")}>
      <Field name="oaq" label={td(v.lang, "card.searchOa")} value={q} hint={td(v.lang, "card.searchOaHint")} maxlength={100} />
      <div class="buttons">
        <button type="submit" class="button secondary">{td(v.lang, "card.searchOa")}</button>
      </div>
    </form>
  );
}

/** The changes runs made to this person, said like the run change log (one renderer: change-lines.tsx). */
export function ChangeHistory({ v, card, names }: { v: View; card: PersonCard; names: ChangeNames }) {
  const rows = card.changes.map((ch) => {
    const reason = card.reasons.get(ch.id);
    return [
      <Time v={v} at={ch.at} />,
      runWords(v, ch.runKind, ch.runTrigger),
      actionWords(v, ch.action, ch.applied),
      <Changed v={v} names={names} ch={ch} />,
      reason ? render(reason, v.lang) : "",
    ];
  });
  const head = [...(["at", "run", "action", "detail"] as const).map((k) => td(v.lang, `card.col.${k}`)), td(v.lang, "run.col.reason")];
  return <Table head={head} rows={rows} empty={td(v.lang, "card.noChanges")} />;
}

const text = (x: unknown, key: string): string | null => {
  const v = x !== null && typeof x === "object" ? (x as Record<string, unknown>)[key] : undefined;
  return typeof v === "string" ? v : null;
};

/** bound (by the rule), unbound, bound by the person with their password; an unknown action as its code. */
function bindingAction(v: View, e: BindingEvent) {
  if (e.action === "binding.password") return td(v.lang, "history.password");
  if (e.action === "binding.delete") return td(v.lang, "history.unbound");
  if (e.action !== "binding.create") return <code>{e.action}</code>;
  const method = text(e.after, "method");
  const by = method && td.maybe(v.lang, `card.method.${method}`);
  return by ? td(v.lang, "history.by", { action: td(v.lang, "history.bound"), method: by }) : td(v.lang, "history.bound");
}

/** The entry's details as labelled fields: the OA person (name and account), and a password attempt's account and result. */
function bindingDetail(v: View, e: BindingEvent) {
  const lines: [string, unknown][] = [];
  if (e.oaUserId) {
    const who = e.oa ? td(v.lang, "history.oaPerson", { name: e.oa.name, account: e.oa.account }) : td(v.lang, "history.oaGone", { id: e.oaUserId });
    lines.push([td(v.lang, "history.oa"), who]);
  }
  const account = e.action === "binding.password" ? text(e.after, "account") : null;
  if (account) lines.push([td(v.lang, "history.account"), <Value>{account}</Value>]);
  const result = e.action === "binding.password" ? text(e.after, "result") : null;
  if (result) lines.push([td(v.lang, "history.result"), td.maybe(v.lang, `history.result.${result}`) ?? result]);
  return <>{lines.map(([k, x]) => <div>{td(v.lang, "run.fieldLine", { field: k, value: "" })}{x}</div>)}</>;
}

export function BindingHistory({ v, card }: { v: View; card: PersonCard }) {
  const rows = card.bindingHistory.map((e) => [<Time v={v} at={e.at} />, bindingAction(v, e), <code>{e.actor}</code>, bindingDetail(v, e)]);
  const head = (["at", "action", "actor", "detail"] as const).map((k) => td(v.lang, `card.col.${k}`));
  return <Table head={head} rows={rows} empty={td(v.lang, "card.noBindingHistory")} />;
}
