/** @jsxImportSource hono/jsx */
import { Badge, Facts, Flash, PostForm, Table, Time, type View } from "../../ui/index.ts";
import type { RunView } from "../run-view.ts";
import { render, type Said } from "../../kernel/said.ts";
import { td } from "./i18n.ts";

/** A run's status as a person reads it: failures and interruptions are said, not hidden under ok / failed. */
export type ShownStatus = RunView["status"] | "partial" | "heldPartial" | "interrupted";

export function shownStatus(run: RunView): ShownStatus {
  if (run.status === "failed" && (run.errorCode === "run.interrupted" || run.errorCode === "PUSH_INTERRUPTED")) return "interrupted";
  if (run.counts.failed > 0 && (run.status === "ok" || run.status === "approved")) return "partial";
  if (run.counts.failed > 0 && run.status === "held") return "heldPartial";
  return run.status;
}

const STATUS_KIND: Record<ShownStatus, "ok" | "bad" | "warn" | undefined> = {
  running: undefined,
  ok: "ok",
  partial: "warn",
  held: "warn",
  failed: "bad",
  approved: "ok",
  dismissed: undefined,
  planned: undefined,
  stale: undefined,
  heldPartial: "warn",
  interrupted: "bad",
};

export const RunStatus = ({ v, run }: { v: View; run: RunView }) => {
  const s = shownStatus(run);
  return <Badge kind={STATUS_KIND[s]}>{td(v.lang, `runs.status.${s}`)}</Badge>;
};

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

/** "进度：读取人员 120 / 约 1000": the phase in words, an unknown total said as such. */
export function progressLine(v: View, p: NonNullable<RunView["progress"]>): string {
  const phase = td(v.lang, `run.phase.${p.phase}`);
  if (p.phase === "departments") return td(v.lang, "run.progressDepts", { phase, done: p.done });
  if (p.phase === "people") {
    if (p.total === null) return td(v.lang, "run.progressPeopleUnknown", { phase, done: p.done });
    if (p.depts !== undefined) return td(v.lang, "run.progressPeople", { deptsDone: p.deptsDone ?? 0, depts: p.depts, done: p.done, total: p.total });
  }
  return td(v.lang, "run.progressOf", { phase, done: p.done, total: p.total ?? td(v.lang, "run.unknownTotal") });
}

/** Where a running run is, and roughly how long it still needs; nothing once it has ended. */
export function RunProgress({ v, run }: { v: View; run: RunView }) {
  if (run.status !== "running") return null;
  const p = run.progress;
  return (
    <Flash kind="info">
      {td(v.lang, "run.refreshing")}{" "}
      {p && progressLine(v, p)}{" "}
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

/**
 * A held run's decision: apply the removals or drop them. `held` is the stored reason, said in the
 * page's language; `approve` replaces the approve button's target and words (a write-back's).
 */
export function HeldActions({ v, run, base, held, approve }: { v: View; run: RunView; base: string; held?: Said | null; approve?: { action: string; label: string } | undefined }) {
  if (run.status !== "held") return null;
  const reason = held ? render(held, v.lang) : (run.heldReason ?? "");
  return (
    <div class="panel">
      <Flash kind="warn">{td(v.lang, "run.held", { reason })}</Flash>
      <div class="buttons">
        {run.counts.failed > 0 ? (
          <p class="muted">{td(v.lang, "run.incomplete")}</p>
        ) : (
          <PostForm v={v} action={approve?.action ?? `${base}/approve`}>
            <button type="submit" class="button danger">{approve?.label ?? td(v.lang, "run.approve")}</button>
          </PostForm>
        )}
        <PostForm v={v} action={`${base}/dismiss`}>
          <button type="submit" class="button secondary">{td(v.lang, "run.dismiss")}</button>
        </PostForm>
      </div>
    </div>
  );
}

/** Codes whose fix is in the app's settings (credentials, lock-out, permissions). */
const APP_PROBLEMS = new Set(["WELINK_AUTH_FAILED", "WELINK_LOCKED", "WELINK_NO_PERMISSION", "WELINK_TOKEN_INVALID"]);

/** Why a run failed, in the page's language; for a refused app, the way to its settings. */
export function RunError({ v, error, appHref }: { v: View; error: Said | null; appHref: string | null }) {
  if (!error) return null;
  const fix = APP_PROBLEMS.has(error.code) && appHref;
  return (
    <Flash kind="error">
      <strong>{td(v.lang, "run.failedTitle")}</strong> {render(error, v.lang)}
      {fix && (
        <p>
          <a href={appHref} class="button secondary">{td(v.lang, "run.appSettings")}</a> <span class="muted">{td(v.lang, "run.appSettingsHint")}</span>
        </p>
      )}
    </Flash>
  );
}
