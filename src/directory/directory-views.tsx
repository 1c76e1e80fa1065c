/** @jsxImportSource hono/jsx */
import { Badge, Field, SelectField, Table, type View } from "../ui/index.ts";
import { t } from "../kernel/i18n.ts";
import type { CorpView } from "../corps/index.ts";
import { PEOPLE_FILTERS, type PeopleFilter, ROOT_DEPT, type WelinkDept, type WelinkPerson } from "./browse.ts";
import type { DeptBindingView } from "./dept-bindings.ts";
import { td } from "./i18n.ts";
import { corpBase, label } from "./page-parts.tsx";

export const PAGE_SIZE = 50;
export type DirBrowse = { parent: string; dept: string; q: string; filter: PeopleFilter; page: number };

/** A link to the corp's directory page with these terms (only the ones that differ from the defaults). */
export function dirLink(corpId: string, b: Partial<DirBrowse>, anchor = ""): string {
  const p = new URLSearchParams();
  if (b.parent && b.parent !== ROOT_DEPT) p.set("parent", b.parent);
  if (b.dept) p.set("dept", b.dept);
  if (b.q) p.set("q", b.q);
  if (b.filter && b.filter !== "all") p.set("filter", b.filter);
  if (b.page && b.page > 1) p.set("page", String(b.page));
  const qs = p.toString();
  return `${corpBase(corpId)}${qs ? `?${qs}` : ""}${anchor}`;
}

/** Links to each corp of the tenant, shown when there are several. */
export function CorpPicker({ v, corps, current }: { v: View; corps: CorpView[]; current?: string }) {
  if (corps.length < 2 && current) return null;
  return (
    <nav class="buttons" aria-label={td(v.lang, "wd.pickCorp")}>
      <span class="muted">{td(v.lang, "wd.pickCorp")}</span>
      {corps.map((c) => (
        <a href={corpBase(c.id)} class={c.id === current ? "button small" : "button secondary small"} aria-current={c.id === current ? "page" : undefined}>
          {c.name}
        </a>
      ))}
    </nav>
  );
}

/** `editable`: the corp is read-write, so each department and person links to its edit page (src/sync/org-edit/, by URL). */
type TreeProps = { v: View; corpId: string; b: DirBrowse; parent: WelinkDept | null; items: WelinkDept[]; links: ReadonlyMap<string, DeptBindingView>; editable?: boolean };

export const editHref = (corpId: string, path: string) => `${corpBase(corpId)}/edit/${path}`;
export const deptLinkHref = (corpId: string, deptCode: string) => `${corpBase(corpId)}/depts/${encodeURIComponent(deptCode)}/link`;

/** The seed's dot: a department linked to the OA shows the OA department's path; else that it is not linked. */
export function LinkMark({ v, corpId, deptCode, link }: { v: View; corpId: string; deptCode: string; link: DeptBindingView | undefined }) {
  if (!link) {
    return (
      <span class="dept-link">
        <span class="muted">{td(v.lang, "tree.unlinked")}</span> <a href={deptLinkHref(corpId, deptCode)}>{td(v.lang, "tree.link")}</a>
      </span>
    );
  }
  const where = link.oaPath ? td(v.lang, "tree.linkedPath", { path: link.oaPath.join(" / ") }) : td(v.lang, "tree.linkedGone", { id: link.oaDeptId });
  return (
    <span class="dept-link" data-linked={link.oaDeptId}>
      <Badge kind="ok">● {td(v.lang, "tree.linked")}</Badge> <span class="muted">{where}</span> <a href={deptLinkHref(corpId, deptCode)}>{td(v.lang, "tree.changeLink")}</a>
    </span>
  );
}

/** One level of the tree; "open" loads the next level (a plain link, no script). */
export function DeptLevel({ v, corpId, b, parent, items, links, editable }: TreeProps) {
  const row = (d: WelinkDept) => (
    <li>
      <a href={dirLink(corpId, { ...b, dept: d.deptCode, page: 1 }, "#people")} aria-current={d.deptCode === b.dept ? "true" : undefined}>
        {d.deptCode === b.dept ? <strong>{d.nameCn}</strong> : d.nameCn}
      </a>{" "}
      <span class="muted">{td(v.lang, "tree.people", { n: d.userCount })}</span>{" "}
      {d.removed && <Badge kind="warn">{td(v.lang, "tree.removed")}</Badge>}{" "}
      {d.childCount > 0 && <a href={dirLink(corpId, { ...b, parent: d.deptCode, page: 1 })}>{td(v.lang, "tree.open", { n: d.childCount })}</a>}{" "}
      {!d.removed && <LinkMark v={v} corpId={corpId} deptCode={d.deptCode} link={links.get(d.deptCode)} />}{" "}
      {editable && !d.removed && <a href={editHref(corpId, `dept/${encodeURIComponent(d.deptCode)}`)} class="small" aria-label={`${td(v.lang, "edit.dept")} ${d.nameCn}`}>{td(v.lang, "edit.dept")}</a>}
    </li>
  );
  return (
    <div class="panel">
      <p>
        <strong>{parent ? parent.nameCn : td(v.lang, "tree.top")}</strong>{" "}
        {parent && <a href={dirLink(corpId, { ...b, parent: parent.parentCode, page: 1 })}>{td(v.lang, "tree.up")}</a>}{" "}
        {editable && <a href={`${editHref(corpId, "dept/new")}?parent=${encodeURIComponent(parent?.deptCode ?? "0")}`} class="button secondary small">{td(v.lang, "edit.newDept")}</a>}
      </p>
      {items.length === 0 ? <p class="muted">{td(v.lang, "tree.empty")}</p> : <ul class="dept-tree">{items.map(row)}</ul>}
    </div>
  );
}

export function PeopleSearch({ v, corpId, b }: { v: View; corpId: string; b: DirBrowse }) {
  const options = PEOPLE_FILTERS.map((f) => ({ value: f, label: td(v.lang, `people.filter.${f}`) }));
  return (
    <form method="get" action={`${corpBase(corpId)}#people`} class="panel inline" aria-label={td(v.lang, "people.search")}>
      {b.parent !== ROOT_DEPT && <input type="hidden" name="parent" value={b.parent} />}
      {b.dept && <input type="hidden" name="dept" value={b.dept} />}
      <Field name="q" label={td(v.lang, "people.search")} value={b.q} hint={td(v.lang, "people.searchHint")} maxlength={100} />
      <SelectField name="filter" label={td(v.lang, "people.filter")} value={b.filter} options={options} />
      <div class="buttons">
        <button type="submit" class="button">{t(v.lang, "common.filter")}</button>
        {(b.q || b.dept || b.filter !== "all") && <a href={dirLink(corpId, { parent: b.parent }, "#people")} class="button secondary">{t(v.lang, "common.reset")}</a>}
        {b.dept && <span class="muted">{td(v.lang, "people.inDept", { dept: b.dept })}</span>}
      </div>
    </form>
  );
}

export function StateBadge({ v, p }: { v: View; p: WelinkPerson }) {
  if (p.removedAt) return <Badge kind="bad">{td(v.lang, "badge.removed")}</Badge>;
  if (p.inReview) return <Badge kind="warn">{td(v.lang, "badge.review")}</Badge>;
  return p.binding ? <Badge kind="ok">{td(v.lang, "badge.bound")}</Badge> : <Badge>{td(v.lang, "badge.unbound")}</Badge>;
}

export const personHref = (corpId: string, userId: string) => `${corpBase(corpId)}/people/${encodeURIComponent(userId)}`;

export function PeopleTable({ v, corpId, items, editable }: { v: View; corpId: string; items: WelinkPerson[]; editable?: boolean }) {
  const head = (["name", "userId", "mobile", "email", "employeeId", "status", "binding"] as const).map((k) => td(v.lang, `col.${k}`));
  if (editable) head.push("");
  const edit = (p: WelinkPerson) => (p.removedAt ? "" : <a href={editHref(corpId, `person/${encodeURIComponent(p.userId)}`)} aria-label={`${td(v.lang, "edit.person")} ${p.nameCn}`}>{td(v.lang, "edit.person")}</a>);
  const rows = items.map((p) => [
    <a href={personHref(corpId, p.userId)}>{p.nameCn}</a>,
    <code>{p.userId}</code>,
    p.mobile ?? "",
    p.email ?? "",
    p.employeeId ?? "",
    <>
      <StateBadge v={v} p={p} /> <span class="muted">{label(v, `status.${p.status}`, String(p.status))}</span>
    </>,
    p.binding ? `${p.binding.oaName ?? p.binding.oaUserId}${p.binding.oaAccount ? ` (${p.binding.oaAccount})` : ""}` : "",
    ...(editable ? [edit(p)] : []),
  ]);
  return <Table head={head} rows={rows} empty={td(v.lang, "people.empty")} />;
}

export function PeoplePager({ v, corpId, b, total }: { v: View; corpId: string; b: DirBrowse; total: number }) {
  const first = (b.page - 1) * PAGE_SIZE;
  if (total === 0) return null;
  return (
    <p class="buttons">
      <span class="muted">{td(v.lang, "people.range", { from: first + 1, to: Math.min(first + PAGE_SIZE, total), total })}</span>
      {b.page > 1 && <a href={dirLink(corpId, { ...b, page: b.page - 1 }, "#people")} rel="prev">{td(v.lang, "people.prev")}</a>}
      {first + PAGE_SIZE < total && <a href={dirLink(corpId, { ...b, page: b.page + 1 }, "#people")} rel="next">{td(v.lang, "people.next")}</a>}
    </p>
  );
}
