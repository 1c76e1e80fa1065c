/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminEnv, ctxOf, dayBound, Field, Flash, renderPage, ta, Table, Time, Value, type View } from "../ui/index.ts";
import type { Child } from "hono/jsx";
import type { Deps } from "../deps.ts";
import { t } from "../kernel/i18n.ts";
import { Change } from "./change-view.tsx";
import { tau } from "./i18n.ts";
import { type AuditQuery, type AuditView, listAudit } from "./list-audit.ts";

const FILTERS = ["action", "actor", "target", "from", "to"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;


function toQuery(f: Filters, before: string | undefined, tz: string): { query: AuditQuery; bad: string[] } {
  const from = dayBound(f.from, false, tz);
  const to = dayBound(f.to, true, tz);
  const bad = [from === null ? "from" : "", to === null ? "to" : ""].filter(Boolean);
  const query: AuditQuery = {
    action: f.action || undefined,
    actor: f.actor || undefined,
    target: f.target || undefined,
    from: from ?? undefined,
    to: to ?? undefined,
    before: before || undefined,
    limit: 50,
  };
  return { query, bad };
}

type AuditTableProps = { v: View; items: AuditView[]; tenantSlugs: Map<string, string> | null; compact?: boolean };

/** The audit entries as a table; `tenantSlugs` adds a tenant column (the global view). */
export function AuditTable({ v, items, tenantSlugs, compact }: AuditTableProps) {
  const head = [tau(v.lang, "audit.col.at"), tau(v.lang, "audit.col.actor"), tau(v.lang, "audit.col.action"), tau(v.lang, "audit.col.target")];
  if (tenantSlugs) head.push(tau(v.lang, "audit.col.tenant"));
  if (!compact) head.push(tau(v.lang, "audit.col.change"));
  const rows = items.map((e) => {
    const row: Child[] = [<Time v={v} at={e.at} />, <Value>{e.actor}</Value>, <code>{e.action}</code>, <Value>{e.target}</Value>];
    if (tenantSlugs) row.push(e.tenantId ? (tenantSlugs.get(e.tenantId) ?? e.tenantId) : tau(v.lang, "audit.global"));
    if (!compact) row.push(<Change v={v} before={e.before} after={e.after} />);
    return row;
  });
  return <Table head={head} rows={rows} empty={compact ? t(v.lang, "common.empty") : tau(v.lang, "audit.empty")} />;
}

function FilterForm({ v, f, bad }: { v: View; f: Filters; bad: string[] }) {
  const err = (name: string) => (bad.includes(name) ? tau(v.lang, "audit.filter.badDate") : undefined);
  return (
    <form method="get" action="/admin/audit" class="panel inline" aria-label={t(v.lang, "common.filter")}>
      <Field name="action" label={tau(v.lang, "audit.filter.action")} value={f.action} hint={tau(v.lang, "audit.filter.actionHint")} maxlength={100} />
      <Field name="actor" label={tau(v.lang, "audit.filter.actor")} value={f.actor} hint={tau(v.lang, "audit.filter.actorHint")} maxlength={200} />
      <Field name="target" label={tau(v.lang, "audit.filter.target")} value={f.target} maxlength={200} />
      <Field name="from" type="date" label={tau(v.lang, "audit.filter.from")} value={f.from} error={err("from")} />
      <Field name="to" type="date" label={tau(v.lang, "audit.filter.to")} value={f.to} error={err("to")} />
      <div class="buttons">
        <button type="submit" class="button">{t(v.lang, "common.filter")}</button>
        <a href="/admin/audit" class="button secondary">{t(v.lang, "common.reset")}</a>
      </div>
    </form>
  );
}

const pageLink = (f: Filters, before?: string) => {
  const params = new URLSearchParams(Object.entries(f).filter(([, value]) => value !== ""));
  if (before) params.set("before", before);
  const qs = params.toString();
  return qs ? `/admin/audit?${qs}` : "/admin/audit";
};

export function auditPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/audit", async (c) => {
    const f = Object.fromEntries(FILTERS.map((k) => [k, (c.req.query(k) ?? "").trim().slice(0, 200)])) as Filters;
    const before = c.req.query("before");
    const { query, bad } = toQuery(f, before, c.get("tz"));
    const ctx = ctxOf(c);
    const { items, next } = bad.length ? { items: [], next: null } : await listAudit(deps, ctx, query);
    const global = ctx.tenant === null;
    const slugs = global ? new Map(c.get("tenantChoices").map((tn) => [tn.id, tn.slug])) : null;
    return renderPage(c, { title: ta(c.get("lang"), "nav.audit"), active: "audit" }, (v) => (
      <>
        <h1>{tau(v.lang, "audit.title")}</h1>
        <p class="muted">{tau(v.lang, "audit.intro")}</p>
        {global && <Flash kind="info">{tau(v.lang, "audit.globalScope")}</Flash>}
        <FilterForm v={v} f={f} bad={bad} />
        <AuditTable v={v} items={items} tenantSlugs={slugs} />
        <p class="buttons">
          {before && <a href={pageLink(f)}>{t(v.lang, "common.newest")}</a>}
          {next && <a href={pageLink(f, next)} rel="next">{t(v.lang, "common.older")}</a>}
        </p>
      </>
    ));
  });
  return r;
}
