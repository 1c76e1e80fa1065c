/** @jsxImportSource hono/jsx */
import { Badge, Facts, Flash, PostForm, Table, Time, type View } from "../../ui/index.ts";
import type { ChangeView, RunView } from "../run-view.ts";
import { td } from "./i18n.ts";
import { label } from "../../directory/index.ts";

const STATUS_KIND: Record<RunView["status"], "ok" | "bad" | "warn" | undefined> = {
  running: undefined,
  ok: "ok",
  held: "warn",
  failed: "bad",
  approved: "ok",
  dismissed: undefined,
  planned: undefined,
  stale: undefined,
};

export const RunStatus = ({ v, run }: { v: View; run: RunView }) => <Badge kind={STATUS_KIND[run.status]}>{td(v.lang, `runs.status.${run.status}`)}</Badge>;

const counts = (r: RunView) => `${r.counts.added} / ${r.counts.updated} / ${r.counts.moved} / ${r.counts.removed} / ${r.counts.failed}`;

export function RunTable({ v, runs, href }: { v: View; runs: RunView[]; href: (id: string) => string }) {
  const head = (["started", "kind", "trigger", "status", "counts"] as const).map((k) => td(v.lang, `runs.col.${k}`));
  const rows = runs.map((r) => [
    <a href={href(r.id)}><Time v={v} at={r.startedAt} /></a>,
    td(v.lang, `runs.kind.${r.kind}`),
    td(v.lang, `runs.trigger.${r.trigger}`),
    <RunStatus v={v} run={r} />,
    counts(r),
  ]);
  return <Table head={head} rows={rows} empty={td(v.lang, "runs.empty")} />;
}

/** Where a running pull is, and roughly how long it still needs. */
export function RunProgress({ v, run }: { v: View; run: RunView }) {
  if (run.status !== "running") return null;
  const p = run.progress;
  return (
    <Flash kind="info">
      {td(v.lang, "run.refreshing")}{" "}
      {p && td(v.lang, "run.progress", { phase: p.phase, done: p.done, total: p.total ?? "?" })}{" "}
      {p?.etaMs !== null && p?.etaMs !== undefined && td(v.lang, "run.eta", { s: Math.ceil(p.etaMs / 1000) })}
      {p?.total ? <progress max={p.total} value={p.done} /> : null}
    </Flash>
  );
}

export function RunFacts({ v, run }: { v: View; run: RunView }) {
  return (
    <Facts
      rows={[
        [td(v.lang, "runs.col.started"), <Time v={v} at={run.startedAt} />],
        [td(v.lang, "runs.col.kind"), `${td(v.lang, `runs.kind.${run.kind}`)} · ${td(v.lang, `runs.trigger.${run.trigger}`)}`],
        [td(v.lang, "runs.col.status"), <RunStatus v={v} run={run} />],
        [td(v.lang, "runs.col.counts"), counts(run)],
      ]}
    />
  );
}

/** A held run's decision: apply the removals or drop them. */
export function HeldActions({ v, run, base }: { v: View; run: RunView; base: string }) {
  if (run.status !== "held") return null;
  return (
    <div class="panel">
      <Flash kind="warn">{td(v.lang, "run.held", { reason: run.heldReason ?? "" })}</Flash>
      <div class="buttons">
        {run.counts.failed > 0 ? (
          <p class="muted">{td(v.lang, "run.incomplete")}</p>
        ) : (
          <PostForm v={v} action={`${base}/approve`}>
            <button type="submit" class="button danger">{td(v.lang, "run.approve")}</button>
          </PostForm>
        )}
        <PostForm v={v} action={`${base}/dismiss`}>
          <button type="submit" class="button secondary">{td(v.lang, "run.dismiss")}</button>
        </PostForm>
      </div>
    </div>
  );
}

const short = (x: unknown) => (x === null || x === undefined ? "" : JSON.stringify(x));

export function ChangeTable({ v, items }: { v: View; items: ChangeView[] }) {
  const head = [td(v.lang, "run.col.object"), td(v.lang, "run.col.id"), td(v.lang, "card.col.action"), td(v.lang, "card.col.detail"), td(v.lang, "run.col.applied"), td(v.lang, "run.col.reason")];
  const rows = items.map((ch) => [
    label(v, `run.object.${ch.object}`, ch.object),
    <code>{ch.objectId}</code>,
    ch.action,
    <code>{`${short(ch.before)} → ${short(ch.after)}`}</code>,
    ch.applied ? "✓" : "✗",
    ch.reason ?? "",
  ]);
  return <Table head={head} rows={rows} empty={td(v.lang, "run.noChanges")} />;
}
