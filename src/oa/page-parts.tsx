/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { Flash } from "../ui/index.ts";
import { renderPage } from "../ui/index.ts";
import { ctxOf, type AdminContext, type View } from "../ui/index.ts";
import type { Ctx } from "../kernel/actor.ts";
import type { AppError } from "../kernel/errors.ts";
import type { TenantRef } from "../kernel/http/env.ts";
import type { Lang } from "../kernel/i18n.ts";
import { to } from "./i18n.ts";

export type OaTab = "connection" | "directory" | "csv";
const TABS: OaTab[] = ["directory", "connection", "csv"];
const TAB_HREF: Record<OaTab, string> = { connection: "/admin/oa/connection", directory: "/admin/oa/directory", csv: "/admin/oa/csv" };

/** The OA pages live in the nav's "directory" area. */
export const OA_NAV = "directory";

export type TenantCtx = Ctx & { tenant: TenantRef };

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

/**
 * An error in words: the use case's message (English, or bilingual for CSV files) and its code,
 * led on Chinese pages by a Chinese summary of the known OA codes.
 */
export function ErrorFlash({ v, err }: { v: View; err: AppError }) {
  const summary = v.lang === "en" ? undefined : to.maybe(v.lang, `err.${err.code}`);
  return (
    <Flash kind="error">
      {summary && <strong>{summary} </strong>}
      {err.message} <code>{err.code}</code>
    </Flash>
  );
}

// The same ids as the shared Field, so hints and errors are read out with their input.
const describedBy = (id: string, p: { hint?: string | undefined; error?: string | undefined }) =>
  [p.hint ? `${id}-hint` : "", p.error ? `${id}-error` : ""].filter(Boolean).join(" ") || undefined;

const HintAndError = ({ id, hint, error }: { id: string; hint?: string | undefined; error?: string | undefined }) => (
  <>
    {hint && <div class="hint" id={`${id}-hint`}>{hint}</div>}
    {error && <div class="error" id={`${id}-error`}>{error}</div>}
  </>
);

type SelectProps = { name: string; label: string; value: string; options: { value: string; label: string }[]; error?: string | undefined; hint?: string };

export function SelectField(p: SelectProps) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? "field invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <select id={id} name={p.name} aria-invalid={p.error ? "true" : undefined} aria-describedby={describedBy(id, p)}>
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value}>{o.label}</option>
        ))}
      </select>
      <HintAndError id={id} hint={p.hint} error={p.error} />
    </div>
  );
}

type TextAreaProps = { name: string; label: string; value: string; placeholder?: string; hint?: string; error?: string | undefined; rows?: number };

export function TextAreaField(p: TextAreaProps) {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? "field invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <textarea
        id={id}
        name={p.name}
        rows={p.rows ?? 12}
        cols={80}
        class="mono"
        spellcheck={false}
        placeholder={p.placeholder}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy(id, p)}
      >
        {p.value}
      </textarea>
      <HintAndError id={id} hint={p.hint} error={p.error} />
    </div>
  );
}

export { Facts } from "../ui/index.ts";

/** Milliseconds as the admins read them: `850 ms`, `2.4 s`. */
export const duration = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/** A zod issue in the page's language: its kind translated, zod's own (English) words kept as the detail. */
export function issueText(lang: Lang, issue: { code: string; message: string; input?: unknown }): string {
  if (issue.code === "invalid_type" && (issue.input === undefined || issue.input === "")) return to(lang, "form.required");
  if (issue.code === "too_small" && issue.input === "") return to(lang, "form.required");
  const kind = issue.code === "too_small" || issue.code === "too_big" ? "form.range" : "form.invalid";
  return to(lang, kind, { detail: issue.message });
}
