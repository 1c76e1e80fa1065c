/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { Badge, Flash, PostForm, Table, Time, type View } from "../../ui/index.ts";
import { t } from "../../kernel/i18n.ts";
import { render } from "../../kernel/said.ts";
import type { OaDirectoryShown } from "./directory.ts";
import { to } from "../i18n.ts";
import { Facts } from "../page-parts.tsx";
import type { RefreshShown, RefreshView } from "./refresh-view.ts";

const STATUS_BADGE = { ok: "ok", failed: "bad", running: "warn" } as const;

export const RefreshStatus = ({ v, r }: { v: View; r: RefreshView }) => (
  <Badge kind={STATUS_BADGE[r.status]}>{to(v.lang, `refresh.status.${r.status}`)}</Badge>
);

const counts = (v: View, r: RefreshView) =>
  r.departments === null && r.users === null ? "" : to(v.lang, "dir.counts", { departments: r.departments ?? 0, users: r.users ?? 0 });

/** A failure in the admin's language (the API keeps English), with its code beside it. */
const Failure = ({ v, r }: { v: View; r: RefreshShown }) =>
  r.errorCode ? (
    <>
      <code>{r.errorCode}</code> {r.failure ? render(r.failure, v.lang) : r.error}
    </>
  ) : null;

function LastRefresh({ v, r }: { v: View; r: RefreshShown | null }) {
  if (!r) return <>{t(v.lang, "common.never")}</>;
  return (
    <>
      <RefreshStatus v={v} r={r} /> <Time v={v} at={r.startedAt} /> · {to(v.lang, `refresh.trigger.${r.trigger}`)} · {to(v.lang, `refresh.kind.${r.kind}`)} {counts(v, r) && `· ${counts(v, r)}`}
      {r.errorCode && (
        <div class="danger-text">
          <Failure v={v} r={r} />
        </div>
      )}
    </>
  );
}

function summaryRows(v: View, d: OaDirectoryShown): [string, Child][] {
  return [
    [to(v.lang, "conn.type"), d.connection ? to(v.lang, `type.${d.connection}`) : to(v.lang, "dir.noConnection")],
    [to(v.lang, "dir.departments"), <strong>{d.departments}</strong>],
    [to(v.lang, "dir.users"), <strong>{d.users}</strong>],
    [to(v.lang, "dir.lastRefresh"), <LastRefresh v={v} r={d.lastRefresh} />],
    [to(v.lang, "dir.lastGood"), d.lastGoodRefresh ? <Time v={v} at={d.lastGoodRefresh.finishedAt ?? d.lastGoodRefresh.startedAt} /> : t(v.lang, "common.never")],
    [to(v.lang, "dir.next"), d.nextScheduledRefresh ? <Time v={v} at={d.nextScheduledRefresh} /> : to(v.lang, "dir.noSchedule")],
  ];
}

/** Counts, the last refresh (its error in red when it failed), the schedule, and "refresh now". */
export function DirectorySummary({ v, d }: { v: View; d: OaDirectoryShown }) {
  const failed = d.lastRefresh?.status === "failed";
  return (
    <section class="panel">
      {failed && <Flash kind="error">{to(v.lang, "dir.lastFailed", { departments: d.departments, users: d.users })}</Flash>}
      <Facts rows={summaryRows(v, d)} />
      {d.connection === "ldap" && <p class="muted">{to(v.lang, "dir.kindsHint")}</p>}
      <div class="buttons spaced">
        {d.connection === "ldap" && (
          <PostForm v={v} action="/admin/oa/refresh">
            <input type="hidden" name="kind" value="auto" />
            <button type="submit" class="button">{to(v.lang, "dir.refreshChanges")}</button>
          </PostForm>
        )}
        {(d.connection === "http" || d.connection === "demo" || d.connection === "sql" || d.connection === "ldap") && (
          <PostForm v={v} action="/admin/oa/refresh">
            <input type="hidden" name="kind" value="full" />
            <button type="submit" class={d.connection === "ldap" ? "button secondary" : "button"}>{to(v.lang, d.connection === "ldap" ? "dir.refreshFull" : "dir.refresh")}</button>
          </PostForm>
        )}
        {d.connection === "csv" && <a href="/admin/oa/csv" class="button">{to(v.lang, "dir.toCsv")}</a>}
        {d.connection === null && <a href="/admin/oa/connection" class="button">{to(v.lang, "dir.toConnection")}</a>}
      </div>
    </section>
  );
}

export function RefreshTable({ v, items }: { v: View; items: RefreshShown[] }) {
  const head = (["started", "finished", "trigger", "kind", "status", "counts", "error"] as const).map((k) => to(v.lang, `refresh.col.${k}`));
  const rows = items.map((r) => [
    <Time v={v} at={r.startedAt} />,
    <Time v={v} at={r.finishedAt} />,
    to(v.lang, `refresh.trigger.${r.trigger}`),
    to(v.lang, `refresh.kind.${r.kind}`),
    <RefreshStatus v={v} r={r} />,
    counts(v, r),
    r.errorCode ? (
      <span class="danger-text">
        <Failure v={v} r={r} />
      </span>
    ) : (
      ""
    ),
  ]);
  return <Table head={head} rows={rows} empty={to(v.lang, "refresh.empty")} />;
}
