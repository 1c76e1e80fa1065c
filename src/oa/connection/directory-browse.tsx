/** @jsxImportSource hono/jsx */
import { Badge, Field, Table, Value, type View } from "../../ui/index.ts";
import { t } from "../../kernel/i18n.ts";
import type { OaDept, OaUser } from "../contract.ts";
import { to } from "../i18n.ts";
import { marked } from "../marked.tsx";

export const PAGE_SIZE = 50;
// A tree this large is opened on demand rather than filling the page.
const TREE_OPEN_MAX = 300;

export type Browse = { q: string; dept: string; page: number };

/** A link to the directory page with these search terms (only the ones set). */
export function browseLink(b: Partial<Browse>): string {
  const params = new URLSearchParams();
  if (b.q) params.set("q", b.q);
  if (b.dept) params.set("dept", b.dept);
  if (b.page && b.page > 1) params.set("page", String(b.page));
  const qs = params.toString();
  return qs ? `/admin/oa/directory?${qs}#people` : "/admin/oa/directory#people";
}

/** Children by parent id; a department whose parent is missing from the snapshot is shown as a root. */
function childrenOf(depts: OaDept[]): Map<string, OaDept[]> {
  const ids = new Set(depts.map((d) => d.id));
  const byParent = new Map<string, OaDept[]>();
  for (const d of depts) {
    const parent = d.parentId !== null && ids.has(d.parentId) && d.parentId !== d.id ? d.parentId : "";
    byParent.set(parent, [...(byParent.get(parent) ?? []), d]);
  }
  return byParent;
}

/** The departments as nested lists; each links to its people. */
export function DeptTree({ v, depts, current }: { v: View; depts: OaDept[]; current: string }) {
  if (depts.length === 0) return <p class="muted">{t(v.lang, "common.empty")}</p>;
  const byParent = childrenOf(depts);
  // An OA answering a parent loop must not make the page recurse for ever.
  const seen = new Set<string>();
  const branch = (parent: string) => {
    const kids = (byParent.get(parent) ?? []).filter((d) => !seen.has(d.id));
    if (kids.length === 0) return null;
    kids.forEach((d) => seen.add(d.id));
    return (
      <ul>
        {kids.map((d) => (
          <li>
            <a href={browseLink({ dept: d.id })} aria-current={d.id === current ? "true" : undefined}>
              <Value>{d.id === current ? <strong>{d.name}</strong> : d.name}</Value>
            </a>
            {branch(d.id)}
          </li>
        ))}
      </ul>
    );
  };
  return (
    <details class="dept-tree" open={depts.length <= TREE_OPEN_MAX}>
      <summary>{to(v.lang, "dir.tree", { n: depts.length })}</summary>
      {branch("")}
    </details>
  );
}

export function UserSearch({ v, b, deptName }: { v: View; b: Browse; deptName: string | undefined }) {
  return (
    <form method="get" action="/admin/oa/directory#people" class="panel inline" aria-label={to(v.lang, "dir.search")}>
      {b.dept && <input type="hidden" name="dept" value={b.dept} />}
      <Field name="q" label={to(v.lang, "dir.search")} value={b.q} hint={to(v.lang, "dir.searchHint")} maxlength={100} />
      <div class="buttons">
        <button type="submit" class="button">{t(v.lang, "common.filter")}</button>
        {(b.q || b.dept) && <a href={browseLink({})} class="button secondary">{t(v.lang, "common.reset")}</a>}
        {b.dept && <span class="muted">{marked((p) => to(v.lang, "dir.inDept", p), { dept: deptName ?? b.dept }, { dept: "value" })}</span>}
      </div>
    </form>
  );
}

export function UserTable({ v, items, deptNames }: { v: View; items: OaUser[]; deptNames: Map<string, string> }) {
  const head = (["name", "account", "mobile", "email", "employeeNo", "position", "mainDept", "active"] as const).map((k) => to(v.lang, `user.${k}`));
  const rows = items.map((u) => [
    <Value>{u.name}</Value>,
    <code>{u.account}</code>,
    <Value>{u.mobile ?? ""}</Value>,
    <Value>{u.email ?? ""}</Value>,
    <Value>{u.employeeNo ?? ""}</Value>,
    <Value>{u.position ?? ""}</Value>,
    <Value>{u.mainDeptId ? (deptNames.get(u.mainDeptId) ?? u.mainDeptId) : ""}</Value>,
    u.active ? <Badge kind="ok">{to(v.lang, "user.yes")}</Badge> : <Badge kind="bad">{to(v.lang, "user.no")}</Badge>,
  ]);
  return <Table head={head} rows={rows} empty={to(v.lang, "dir.noUsers")} />;
}

export function Pager({ v, b, total }: { v: View; b: Browse; total: number }) {
  const first = (b.page - 1) * PAGE_SIZE;
  if (total === 0) return null;
  return (
    <p class="buttons">
      <span class="muted">{to(v.lang, "dir.range", { from: first + 1, to: Math.min(first + PAGE_SIZE, total), total })}</span>
      {b.page > 1 && <a href={browseLink({ ...b, page: b.page - 1 })} rel="prev">{to(v.lang, "dir.prevPage")}</a>}
      {first + PAGE_SIZE < total && <a href={browseLink({ ...b, page: b.page + 1 })} rel="next">{to(v.lang, "dir.nextPage")}</a>}
    </p>
  );
}
