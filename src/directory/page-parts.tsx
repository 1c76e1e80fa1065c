/** @jsxImportSource hono/jsx */
import { type AdminContext, Flash, renderPage, type TenantCtx, tenantGuard, type View } from "../ui/index.ts";
import type { Child } from "hono/jsx";
import type { CorpView } from "../corps/index.ts";
import { type DirKey, td } from "./i18n.ts";

/** These pages open the nav's "Directory & bindings" area; run history also serves "Sync". */
export const DIR_NAV = "directory";
export type { TenantCtx };
export type CorpTab = "directory" | "runs" | "settings" | "push" | "reviews" | "bindings";
const TABS: CorpTab[] = ["directory", "runs", "settings", "push", "reviews", "bindings"];
const TAB_PATH: Record<CorpTab, string> = { directory: "", runs: "/runs", settings: "/settings", push: "/push", reviews: "/reviews", bindings: "/bindings" };

export const corpBase = (corpId: string) => `/admin/directory/${encodeURIComponent(corpId)}`;
export const tabHref = (corpId: string, tab: CorpTab) => `${corpBase(corpId)}${TAB_PATH[tab]}`;

function CorpTabs({ v, corpId, tab }: { v: View; corpId: string; tab: CorpTab }) {
  return (
    <nav class="buttons" aria-label={td(v.lang, "tab.label")}>
      {TABS.map((k) => (
        <a href={tabHref(corpId, k)} class={k === tab ? "button small" : "button secondary small"} aria-current={k === tab ? "page" : undefined}>
          {td(v.lang, `tab.${k}`)}
        </a>
      ))}
    </nav>
  );
}

export type CorpPageOptions = { tab: CorpTab; title?: string; status?: number; headers?: Record<string, string>; head?: Child; active?: string };

/** A per-corp page: the corp's name, the tabs between its pages, then the body. */
export function renderCorpPage(c: AdminContext, corp: CorpView, o: CorpPageOptions, body: (v: View) => Child) {
  const title = o.title ?? td(c.get("lang"), `tab.${o.tab}`);
  return renderPage(c, { title: `${title} · ${corp.name}`, active: o.active ?? DIR_NAV, status: o.status, headers: o.headers }, (v) => (
    <>
      <h1>{`${corp.name} · ${title}`}</h1>
      <CorpTabs v={v} corpId={corp.id} tab={o.tab} />
      <div class="spaced">{body(v)}</div>
    </>
  ));
}

/** A page of the area outside any corp (the corp picker). */
export const renderAreaPage = (c: AdminContext, title: string, body: (v: View) => Child, active = DIR_NAV, status?: number) =>
  renderPage(c, { title, active, status }, (v) => (
    <>
      <h1>{title}</h1>
      {body(v)}
    </>
  ));

/** Handlers that need the working tenant; in the global view the page asks to choose one. */
export const withTenant = tenantGuard({ active: DIR_NAV, title: (l) => td(l, "wd.title"), chooseTenant: (l) => td(l, "wd.chooseTenant") });

/** Where a helper's use case has not landed yet, the section says so instead of failing. */
export const NotYet = ({ v, what }: { v: View; what: string }) => <Flash kind="warn">{td(v.lang, "wd.notYet", { what })}</Flash>;

/** The `?done=` confirmation after a form posted and redirected. */
export function doneFlash(c: AdminContext) {
  const done = c.req.query("done") ?? "";
  const text = td.maybe(c.get("lang"), `done.${done}`, { n: c.req.query("n") ?? "" });
  return text ? <Flash kind="ok">{text}</Flash> : null;
}

export const label = (v: View, key: string, fallback: string) => td.maybe(v.lang, key) ?? fallback;
export type { DirKey };
