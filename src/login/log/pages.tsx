/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, Badge, ctxOf, dayBound, Field, Flash, renderPage, Table, type TenantChoice, Time, type View } from "../../ui/index.ts";
import type { Child } from "hono/jsx";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { t } from "../../kernel/i18n.ts";
import { Device } from "./device.tsx";
import { tll } from "./i18n.ts";
import { listLoginLog, LOGIN_CHANNELS, LOGIN_REASONS, type LoginLogEntry, type LoginLogQuery } from "./login-log.ts";

const FILTERS = ["q", "device", "from", "to", "result", "reason", "channel", "tenant"] as const;
const CHANNELS = LOGIN_CHANNELS;
type Filters = Record<(typeof FILTERS)[number], string>;

function toQuery(f: Filters, before: string | undefined, tz: string): { query: LoginLogQuery; bad: string[] } {
  const from = dayBound(f.from, false, tz);
  const to = dayBound(f.to, true, tz);
  const result = (["ok", "failed"] as const).find((r) => r === f.result);
  const reason = LOGIN_REASONS.find((r) => r === f.reason);
  const channel = CHANNELS.find((ch) => ch === f.channel);
  const query = {
    q: f.q || undefined,
    device: f.device || undefined,
    from: from ?? undefined,
    to: to ?? undefined,
    result,
    reason,
    channel,
    before: before || undefined,
    limit: 50,
  };
  return { query, bad: [from === null ? "from" : "", to === null ? "to" : ""].filter(Boolean) };
}

/** In the global view a global admin may narrow to one tenant (only one of their choices). */
function scopedCtx(ctx: Ctx, choices: TenantChoice[], slug: string): Ctx {
  if (ctx.tenant || !slug) return ctx;
  const tenant = choices.find((tn) => tn.slug === slug);
  return tenant ? { ...ctx, tenant: { id: tenant.id, slug: tenant.slug } } : ctx;
}

function Select({ name, label, value, options }: { name: string; label: string; value: string; options: [string, string][] }) {
  return (
    <div class="field">
      <label for={`f-${name}`}>{label}</label>
      <select id={`f-${name}`} name={name}>
        {options.map(([v, text]) => (
          <option value={v} selected={v === value}>{text}</option>
        ))}
      </select>
    </div>
  );
}

function FilterForm({ v, f, bad, tenants }: { v: View; f: Filters; bad: string[]; tenants: TenantChoice[] | null }) {
  const err = (name: string) => (bad.includes(name) ? tll(v.lang, "log.filter.badDate") : undefined);
  const any: [string, string] = ["", tll(v.lang, "log.filter.any")];
  return (
    <form method="get" action="/admin/login-log" class="panel inline" aria-label={t(v.lang, "common.filter")}>
      <Field name="q" label={tll(v.lang, "log.filter.q")} value={f.q} maxlength={100} />
      <Field name="device" label={tll(v.lang, "log.filter.device")} value={f.device} maxlength={200} />
      <Field name="from" type="date" label={tll(v.lang, "log.filter.from")} value={f.from} error={err("from")} />
      <Field name="to" type="date" label={tll(v.lang, "log.filter.to")} value={f.to} error={err("to")} />
      <Select name="result" label={tll(v.lang, "log.filter.result")} value={f.result} options={[any, ["ok", tll(v.lang, "log.result.ok")], ["failed", tll(v.lang, "log.result.failed")]]} />
      <Select name="channel" label={tll(v.lang, "log.filter.channel")} value={f.channel} options={[any, ...CHANNELS.map((ch): [string, string] => [ch, tll(v.lang, `log.channel.${ch}`)])]} />
      <Select name="reason" label={tll(v.lang, "log.filter.reason")} value={f.reason} options={[any, ...LOGIN_REASONS.map((r): [string, string] => [r, `${r} · ${tll(v.lang, `reason.${r}`)}`])]} />
      {tenants && <Select name="tenant" label={tll(v.lang, "log.filter.tenant")} value={f.tenant} options={[any, ...tenants.map((tn): [string, string] => [tn.slug, `${tn.name} (${tn.slug})`])]} />}
      <div class="buttons">
        <button type="submit" class="button">{t(v.lang, "common.filter")}</button>
        <a href="/admin/login-log" class="button secondary">{t(v.lang, "common.reset")}</a>
      </div>
    </form>
  );
}

function LogTable({ v, items, slugs }: { v: View; items: LoginLogEntry[]; slugs: Map<string, string> | null }) {
  const head = [tll(v.lang, "log.col.at"), tll(v.lang, "log.col.welink"), tll(v.lang, "log.col.oa"), tll(v.lang, "log.col.result"), tll(v.lang, "log.col.channel"), tll(v.lang, "log.col.ip"), tll(v.lang, "log.col.device")];
  if (slugs) head.splice(1, 0, tll(v.lang, "log.col.tenant"));
  const rows = items.map((e) => {
    const row: Child[] = [
      <Time v={v} at={e.at} />,
      <span translate="no">{e.userName ?? ""}<br /><small class="muted">{[e.welinkUserId, e.mobile].filter(Boolean).join(" · ")}</small></span>,
      <span translate="no">{e.oaAccount ?? e.oaUserId ?? ""}</span>,
      <span><Badge kind={e.result === "ok" ? "ok" : "bad"}>{tll(v.lang, `log.result.${e.result}`)}</Badge> <code>{e.reason}</code><br /><small class="muted">{tll.maybe(v.lang, `reason.${e.reason}`) ?? ""}</small></span>,
      tll(v.lang, `log.channel.${e.channel}`),
      // Scan login has two devices: the phone (ip / userAgent) and the browser that asked for the QR.
      e.browserIp ? <span>{e.ip ?? "—"}<br /><small class="muted">{tll(v.lang, "log.browser")}: {e.browserIp}</small></span> : (e.ip ?? ""),
      <small>
        <Device lang={v.lang} ua={e.userAgent} />
        <Device lang={v.lang} ua={e.browserUserAgent} label={tll(v.lang, "log.browser")} />
      </small>,
    ];
    if (slugs) row.splice(1, 0, slugs.get(e.tenantId) ?? e.tenantId);
    return row;
  });
  return <Table head={head} rows={rows} empty={tll(v.lang, "log.empty")} />;
}

const pageLink = (f: Filters, before?: string) => {
  const params = new URLSearchParams(Object.entries(f).filter(([, value]) => value !== ""));
  if (before) params.set("before", before);
  const qs = params.toString();
  return qs ? `/admin/login-log?${qs}` : "/admin/login-log";
};

async function renderLog(c: AdminContext, deps: Deps) {
  const f = Object.fromEntries(FILTERS.map((k) => [k, (c.req.query(k) ?? "").trim().slice(0, 200)])) as Filters;
  const before = c.req.query("before");
  const { query, bad } = toQuery(f, before, c.get("tz"));
  const ctx = ctxOf(c);
  const global = ctx.tenant === null;
  const { items, next } = bad.length ? { items: [], next: null } : await listLoginLog(deps, scopedCtx(ctx, c.get("tenantChoices"), f.tenant), query);
  const slugs = global ? new Map(c.get("tenantChoices").map((tn) => [tn.id, tn.slug])) : null;
  return renderPage(c, { title: tll(c.get("lang"), "log.title"), active: "login-log" }, (v) => (
    <>
      <h1>{tll(v.lang, "log.title")}</h1>
      <p class="muted">{tll(v.lang, "log.intro")}</p>
      {global && <Flash kind="info">{tll(v.lang, "log.globalScope")}</Flash>}
      <FilterForm v={v} f={f} bad={bad} tenants={global ? c.get("tenantChoices") : null} />
      <LogTable v={v} items={items} slugs={slugs} />
      <p class="buttons">
        {before && <a href={pageLink(f)}>{t(v.lang, "common.newest")}</a>}
        {next && <a href={pageLink(f, next)} rel="next">{t(v.lang, "common.older")}</a>}
      </p>
    </>
  ));
}

/** The login log in the admin: every entry attempt, searchable (the same use case as the API). */
export function loginLogPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/login-log", (c) => renderLog(c, deps));
  return r;
}
