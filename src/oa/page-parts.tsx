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

type Issue = { code: string; message: string; input?: unknown; origin?: string; format?: string; expected?: string; minimum?: unknown; maximum?: unknown };

/**
 * A zod issue in the page's language, from what kind of issue it is and the field it is about
 * (`field`: the setting's dotted path); zod's own words are English and never shown.
 */
export function issueText(lang: Lang, issue: Issue, field = ""): string {
  const empty = issue.input === undefined || issue.input === "";
  if ((issue.code === "invalid_type" || issue.code === "too_small") && empty) return to(lang, "form.required");
  const chars = issue.origin === "string";
  if (issue.code === "too_small") return to(lang, chars ? "form.minChars" : "form.min", { n: String(issue.minimum) });
  if (issue.code === "too_big") return to(lang, chars ? "form.maxChars" : "form.max", { n: String(issue.maximum) });
  if (issue.code === "invalid_value") return to(lang, "form.choice");
  if (issue.code === "invalid_type" && (issue.expected === "number" || issue.expected === "int")) return to(lang, "form.number");
  if (issue.code === "invalid_format" && issue.format === "url") return to(lang, "form.url");
  if (/(^|\.)path$/.test(field)) return to(lang, "form.path");
  if (field === "auth.name") return to(lang, "form.headerName");
  return to(lang, "form.invalid");
}
