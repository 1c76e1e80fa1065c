/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, Confirm, dayBound, Field, readForm, SelectField, Table, Time, Value, type View } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { t } from "../kernel/i18n.ts";
import { listMessages, type MessageLogQuery, type MessageSummary } from "./delivery-log.ts";
import { replayDeadInRange } from "./delivery-replay.ts";
import { type PushPagesKey, tpp } from "./i18n.ts";
import { Counts, DELIVERY_STATUSES, doneFlash, messageHref, MESSAGES_HOME, renderPushPage, type TenantCtx, withTenant } from "./page-views.tsx";

const PAGE_SIZE = 50;
const MAX_PAGE = 100_000;
const FILTERS = ["externalId", "person", "source", "status", "from", "to"] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

const filtersOf = (read: (name: string) => string | undefined): Filters =>
  Object.fromEntries(FILTERS.map((k) => [k, (read(k) ?? "").trim().slice(0, 200)])) as Filters;

function toQuery(f: Filters, page: number, tz: string): { query: MessageLogQuery; bad: string[] } {
  const from = dayBound(f.from, false, tz);
  const to = dayBound(f.to, true, tz);
  const query: MessageLogQuery = {
    externalId: f.externalId || undefined,
    person: f.person || undefined,
    source: f.source || undefined,
    status: DELIVERY_STATUSES.find((s) => s === f.status),
    from: from ?? undefined,
    to: to ?? undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  return { query, bad: [from === null ? "from" : "", to === null ? "to" : ""].filter(Boolean) };
}

const listHref = (f: Partial<Filters>, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams([...Object.entries(f).filter(([, value]) => value), ...Object.entries(extra)]);
  const qs = params.toString();
  return qs ? `${MESSAGES_HOME}?${qs}` : MESSAGES_HOME;
};

function FilterForm({ v, f, bad }: { v: View; f: Filters; bad: string[] }) {
  const err = (name: string) => (bad.includes(name) ? tpp(v.lang, "log.filter.badDate") : undefined);
  const statuses = [{ value: "", label: tpp(v.lang, "log.filter.any") }, ...DELIVERY_STATUSES.map((s) => ({ value: s, label: `${s} · ${tpp(v.lang, `status.${s}`)}` }))];
  return (
    <form method="get" action={MESSAGES_HOME} class="panel inline" aria-label={t(v.lang, "common.filter")}>
      <Field name="externalId" label={tpp(v.lang, "log.filter.externalId")} value={f.externalId} maxlength={200} />
      <Field name="person" label={tpp(v.lang, "log.filter.person")} value={f.person} maxlength={200} />
      <Field name="source" label={tpp(v.lang, "log.filter.source")} value={f.source} maxlength={64} />
      <SelectField name="status" label={tpp(v.lang, "log.filter.status")} value={f.status} options={statuses} />
      <Field name="from" type="date" label={tpp(v.lang, "log.filter.from")} value={f.from} error={err("from")} />
      <Field name="to" type="date" label={tpp(v.lang, "log.filter.to")} value={f.to} error={err("to")} />
      <div class="buttons">
        <button type="submit" class="button">{t(v.lang, "common.filter")}</button>
        <a href={MESSAGES_HOME} class="button secondary">{t(v.lang, "common.reset")}</a>
      </div>
    </form>
  );
}

function MessageTable({ v, items }: { v: View; items: MessageSummary[] }) {
  const head = ["received", "source", "externalId", "kind", "title", "deliveries"].map((k) => tpp(v.lang, `log.col.${k}` as PushPagesKey));
  const rows = items.map((m) => [
    <Time v={v} at={m.receivedAt} />,
    <code>{m.source}</code>,
    <a href={messageHref(m.id)} class="mono">{m.externalId}</a>,
    tpp.maybe(v.lang, `kind.${m.kind}`) ?? m.kind,
    <a href={messageHref(m.id)}><Value>{m.title}</Value></a>,
    <Counts v={v} counts={m.counts} />,
  ]);
  return <Table head={head} rows={rows} empty={tpp(v.lang, "log.empty")} />;
}

async function log(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const f = filtersOf((k) => c.req.query(k));
  const requested = Number.parseInt(c.req.query("page") ?? "1", 10);
  const page = Number.isInteger(requested) && requested >= 1 ? Math.min(requested, MAX_PAGE) : 1;
  const { query, bad } = toQuery(f, page, c.get("tz"));
  const { items, total } = bad.length ? { items: [], total: 0 } : await listMessages(deps, ctx, query);
  return renderPushPage(c, { tab: "messages", status: bad.length ? 422 : undefined }, (v) => (
    <>
      {doneFlash(c)}
      <p class="muted">{tpp(v.lang, "log.intro")}</p>
      <FilterForm v={v} f={f} bad={bad} />
      <p class="muted">{tpp(v.lang, "log.total", { n: total })}</p>
      <MessageTable v={v} items={items} />
      <p class="buttons">
        {page > 1 && <a href={listHref(f, { page: String(page - 1) })} rel="prev">{tpp(v.lang, "log.prev")}</a>}
        {page * PAGE_SIZE < total && <a href={listHref(f, { page: String(page + 1) })} rel="next">{tpp(v.lang, "log.next")}</a>}
      </p>
      <form method="get" action={`${MESSAGES_HOME}/replay-dead`} class="panel">
        <input type="hidden" name="from" value={f.from} />
        <input type="hidden" name="to" value={f.to} />
        <p class="hint">{tpp(v.lang, "log.replayRangeHint")}</p>
        <button type="submit" class="button secondary">{tpp(v.lang, "log.replayRange")}</button>
      </form>
    </>
  ));
}

/** The range as dates the page can show, or null when a date is not YYYY-MM-DD. */
function rangeOf(f: Pick<Filters, "from" | "to">, tz: string) {
  const from = dayBound(f.from, false, tz);
  const to = dayBound(f.to, true, tz);
  return from === null || to === null ? null : { from, to };
}

function confirmRange(c: AdminContext, f: Filters) {
  const range = rangeOf(f, c.get("tz"));
  const title = tpp(c.get("lang"), "replay.rangeTitle");
  return renderPushPage(c, { tab: "messages", title, status: range ? undefined : 422 }, (v) => {
    if (!range) return <p class="error">{tpp(v.lang, "log.filter.badDate")}</p>;
    const any = tpp(v.lang, "replay.anyTime");
    return (
      <Confirm
        v={v}
        action={`${MESSAGES_HOME}/replay-dead`}
        button={tpp(v.lang, "log.replayRange")}
        cancel={listHref({ from: f.from, to: f.to })}
        fields={
          <>
            <input type="hidden" name="from" value={f.from} />
            <input type="hidden" name="to" value={f.to} />
          </>
        }
      >
        <p>{tpp(v.lang, "replay.rangeBody", { from: f.from || any, to: f.to || any })}</p>
      </Confirm>
    );
  });
}

async function replayRange(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const form = await readForm(c);
  const f = filtersOf((k) => form.text(k));
  const range = rangeOf(f, c.get("tz"));
  if (!range) return confirmRange(c, f);
  const { replayed } = await replayDeadInRange(deps, ctx, range);
  return c.redirect(listHref({ from: f.from, to: f.to }, { done: "replayed", n: String(replayed) }), 303);
}

/** The delivery log: messages searchable by external id, person, source, status and time. */
export function logPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/push/messages", withTenant((c, ctx) => log(c, deps, ctx)));
  r.get("/push/messages/replay-dead", withTenant((c) => confirmRange(c, filtersOf((k) => c.req.query(k)))));
  r.post("/push/messages/replay-dead", withTenant((c, ctx) => replayRange(c, deps, ctx)));
  return r;
}
