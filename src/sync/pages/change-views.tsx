/** @jsxImportSource hono/jsx */
import { Field, SelectField, Table, type View } from "../../ui/index.ts";
import { actionWords, Changed, type ChangeNames } from "../../directory/index.ts";
import type { ChangeRead } from "../runs.ts";
import { render } from "../../kernel/said.ts";
import { td } from "./i18n.ts";

export const CHANGE_ACTIONS = ["fail", "add", "update", "move", "remove"] as const;
export type ChangeQuery = { action: (typeof CHANGE_ACTIONS)[number] | ""; text: string; page: number };

/**
 * The object as a person knows it: a department's path, a person's name and main department.
 * A write-back's change is keyed by the OA's id, which the WeLink names do not know: its record's
 * `name` (the OA's) says who, rather than the bare id.
 */
function what(v: View, names: ChangeNames, ch: ChangeRead["view"]): string {
  const rec = { ...(ch.before ?? {}), ...(ch.after ?? {}) } as Record<string, unknown>;
  const oaName = typeof rec.name === "string" ? rec.name : undefined;
  if (ch.object === "dept") {
    const path = names.deptPath(ch.objectId);
    return path ?? (typeof rec.nameCn === "string" ? `${rec.nameCn} ${td(v.lang, "run.removedObject")}` : (oaName ?? ch.objectId));
  }
  const now = names.person(ch.objectId);
  const name = now?.name ?? (typeof rec.nameCn === "string" ? rec.nameCn : (oaName ?? ch.objectId));
  const dept = now?.dept ?? (typeof rec.mainDeptCode === "string" ? rec.mainDeptCode : null);
  const path = dept && names.deptPath(dept);
  return path ? td(v.lang, "run.personIn", { name, path }) : name;
}

export function ChangeTable({ v, items, names }: { v: View; items: ChangeRead[]; names: ChangeNames }) {
  const head = [td(v.lang, "run.col.object"), td(v.lang, "run.col.what"), td(v.lang, "card.col.action"), td(v.lang, "run.col.changes"), td(v.lang, "run.col.applied"), td(v.lang, "run.col.reason")];
  const rows = items.map(({ view: ch, reason }) => [
    td(v.lang, `run.object.${ch.object}`),
    <>
      {what(v, names, ch)}
      <br />
      <code class="muted">{ch.objectId}</code>
    </>,
    actionWords(v, ch.action, true),
    <Changed v={v} names={names} ch={ch} />,
    ch.action === "fail" ? "" : td(v.lang, ch.applied ? "run.applied.yes" : "run.applied.no"),
    reason ? render(reason, v.lang) : "",
  ]);
  return <Table head={head} rows={rows} empty={td(v.lang, "run.noChanges")} />;
}

export function ChangeFilter({ v, q, self }: { v: View; q: ChangeQuery; self: string }) {
  const options = [{ value: "", label: td(v.lang, "run.filter.all") }, ...CHANGE_ACTIONS.map((a) => ({ value: a, label: td(v.lang, `run.action.${a}`) }))];
  return (
    <form method="get" action={self} class="panel inline" aria-label={td(v.lang, "run.filter.go")}>
      <SelectField name="action" label={td(v.lang, "run.filter.action")} value={q.action} options={options} />
      <Field name="q" label={td(v.lang, "run.filter.text")} value={q.text} maxlength={100} />
      <div class="buttons">
        <button type="submit" class="button">{td(v.lang, "run.filter.go")}</button>
        <a href={self} class="button secondary">{td(v.lang, "run.filter.reset")}</a>
      </div>
    </form>
  );
}

/** The link to another page of the change log, keeping the filter. */
export function changesHref(self: string, q: ChangeQuery, page: number): string {
  const p = new URLSearchParams();
  if (q.action) p.set("action", q.action);
  if (q.text) p.set("q", q.text);
  if (page > 1) p.set("page", String(page));
  const qs = p.toString();
  return qs ? `${self}?${qs}` : self;
}
