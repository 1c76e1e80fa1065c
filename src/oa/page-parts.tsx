/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { type AdminContext, ctxOf, Flash, renderPage, type TenantCtx, type View } from "../ui/index.ts";
import type { Lang } from "../kernel/i18n.ts";
import { to } from "./i18n.ts";

export type OaTab = "connection" | "directory" | "csv";
const TABS: OaTab[] = ["directory", "connection", "csv"];
const TAB_HREF: Record<OaTab, string> = { connection: "/admin/oa/connection", directory: "/admin/oa/directory", csv: "/admin/oa/csv" };

/** The OA pages live in the nav's "directory" area. */
export const OA_NAV = "directory";

export type { TenantCtx };

/** The admin's context when a tenant is chosen; every OA use case needs one. */
export function tenantCtxOf(c: AdminContext): TenantCtx | null {
  const ctx = ctxOf(c);
  return ctx.tenant ? { ...ctx, tenant: ctx.tenant } : null;
}

function OaTabs({ v, tab }: { v: View; tab: OaTab }) {
  return (
    <nav class="buttons" aria-label={to(v.lang, "tabs.label")}>
      {TABS.map((k) => (
        <a href={TAB_HREF[k]} class={k === tab ? "button small" : "button secondary small"} aria-current={k === tab ? "page" : undefined}>
          {to(v.lang, `tabs.${k}`)}
        </a>
      ))}
    </nav>
  );
}

/** An OA page inside the shell, with its title and the tabs between the OA pages. */
export function renderOaPage(c: AdminContext, tab: OaTab, body: (v: View) => Child, status?: number) {
  const title = to(c.get("lang"), `${tab}.title`);
  return renderPage(c, { title, active: OA_NAV, status }, (v) => (
    <>
      <h1>{title}</h1>
      <OaTabs v={v} tab={tab} />
      <div class="spaced">{body(v)}</div>
    </>
  ));
}

/** In the global view there is no tenant to work on: say how to pick one (the header's selector). */
export const chooseTenant = (c: AdminContext, tab: OaTab, status = 200) =>
  renderOaPage(c, tab, (v) => <Flash kind="info">{to(v.lang, "tenant.choose")}</Flash>, status);

/** Wraps a handler that needs the working tenant; in the global view it asks to choose one instead. */
export const inTenant =
  (tab: OaTab) =>
  (run: (c: AdminContext, ctx: TenantCtx) => Response | Promise<Response>) =>
  (c: AdminContext) => {
    const ctx = tenantCtxOf(c);
    return ctx ? run(c, ctx) : chooseTenant(c, tab, c.req.method === "GET" ? 200 : 409);
  };

export { duration, ErrorFlash, Facts, SelectField, TextAreaField } from "../ui/index.ts";

/** A zod issue in the page's language: its kind translated, zod's own (English) words kept as the detail. */
export function issueText(lang: Lang, issue: { code: string; message: string; input?: unknown }): string {
  if (issue.code === "invalid_type" && (issue.input === undefined || issue.input === "")) return to(lang, "form.required");
  if (issue.code === "too_small" && issue.input === "") return to(lang, "form.required");
  const kind = issue.code === "too_small" || issue.code === "too_big" ? "form.range" : "form.invalid";
  return to(lang, kind, { detail: issue.message });
}
