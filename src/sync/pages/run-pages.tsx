/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, ErrorFlash, PostForm } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { pullNow } from "../from-welink/pull.ts";
import { approveRun, dismissRun, listSyncRuns, readRun, readRunChanges } from "../runs.ts";
import { type CorpView, getCorp } from "../../corps/index.ts";
import { td } from "./i18n.ts";
import { tp } from "./i18n-to-welink.ts";
import { tw } from "./i18n-to-oa.ts";
import { corpBase, doneFlash, nameBook, renderCorpPage, type TenantCtx, withTenant } from "../../directory/index.ts";
import { CHANGE_ACTIONS, ChangeFilter, type ChangeQuery, changesHref, ChangeTable } from "./change-views.tsx";
import { HeldActions, RunError, RunFacts, RunProgress, RunTable } from "./run-views.tsx";

const RUNS_PAGE = 50;
const CHANGES_PAGE = 50;
const runsHref = (corpId: string) => `${corpBase(corpId)}/runs`;
const runHref = (corpId: string, runId: string) => `${runsHref(corpId)}/${encodeURIComponent(runId)}`;
const pageOf = (c: AdminContext) => Math.min(Math.max(Number.parseInt(c.req.query("page") ?? "1", 10) || 1, 1), 100_000);

async function history(c: AdminContext, deps: Deps, ctx: TenantCtx, failed?: AppError) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const page = pageOf(c);
  const runs = await listSyncRuns(deps, ctx, corp.id, { limit: RUNS_PAGE + 1, offset: (page - 1) * RUNS_PAGE });
  return renderCorpPage(c, corp, { tab: "runs", status: failed?.status, active: "sync" }, (v) => (
    <>
      {doneFlash(c)}
      {failed && <ErrorFlash v={v} err={failed} />}
      <PostForm v={v} action={runsHref(corp.id)}>
        <button type="submit" class="button">{td(v.lang, "runs.runNow")}</button>
      </PostForm>
      <RunTable v={v} runs={runs.slice(0, RUNS_PAGE)} href={(id) => runHref(corp.id, id)} />
      <p class="buttons">
        {page > 1 && <a href={`${runsHref(corp.id)}?page=${page - 1}`} rel="prev">{td(v.lang, "people.prev")}</a>}
        {runs.length > RUNS_PAGE && <a href={`${runsHref(corp.id)}?page=${page + 1}`} rel="next">{td(v.lang, "people.next")}</a>}
      </p>
    </>
  ));
}

/** "Pull now" starts the run and shows its page, which follows the progress. */
async function runNow(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corpId = c.req.param("corpId") ?? "";
  try {
    const { run, done } = await pullNow(deps, ctx, corpId);
    // The run records its own failure; nobody awaits it here.
    done.catch(() => undefined);
    return c.redirect(`${runHref(corpId, run.id)}?done=started`, 303);
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500 || e.status === 404) throw e;
    return history(c, deps, ctx, e);
  }
}

/** The run, only when it belongs to this corp (another corp's run id reads as unknown). */
async function runOf(deps: Deps, ctx: TenantCtx, corp: CorpView, runId: string) {
  const read = await readRun(deps, ctx, runId);
  if (read.view.corpId !== corp.id) throw errors.notFound("syncRun", runId);
  return read;
}

function changeQuery(c: AdminContext): ChangeQuery {
  const action = CHANGE_ACTIONS.find((a) => a === c.req.query("action")) ?? "";
  return { action, text: (c.req.query("q") ?? "").trim().slice(0, 100), page: pageOf(c) };
}

/** "Started" only while the run still runs: a finished run's page says how it ended instead. */
const flashOf = (c: AdminContext, running: boolean) => (c.req.query("done") === "started" && !running ? null : doneFlash(c));

async function detail(c: AdminContext, deps: Deps, ctx: TenantCtx, failed?: AppError) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const { view: run, held, error } = await runOf(deps, ctx, corp, c.req.param("runId") ?? "");
  const q = changeQuery(c);
  const changes = await readRunChanges(deps, ctx, run.id, { limit: CHANGES_PAGE, offset: (q.page - 1) * CHANGES_PAGE }, { action: q.action || undefined, text: q.text || undefined });
  const names = await nameBook(deps.db, corp.id, changes.items.filter((i) => i.view.object === "user").map((i) => i.view.objectId));
  const pages = Math.max(1, Math.ceil(changes.total / CHANGES_PAGE));
  const self = runHref(corp.id, run.id);
  const appHref = corp.syncAppId ? `/admin/apps/${encodeURIComponent(corp.syncAppId)}` : null;
  // While running the page reloads itself: progress without any script.
  const refresh = run.status === "running" ? { Refresh: "2" } : undefined;
  return renderCorpPage(c, corp, { tab: "runs", title: td(c.get("lang"), "run.title"), status: failed?.status, headers: refresh, active: "sync" }, (v) => (
    <>
      {run.status === "running" && <meta http-equiv="refresh" content="2" />}
      <p>
        <a href={runsHref(corp.id)}>{`← ${td(v.lang, "runs.title")}`}</a>
      </p>
      {flashOf(c, run.status === "running")}
      {failed && <ErrorFlash v={v} err={failed} />}
      <RunProgress v={v} run={run} />
      <RunFacts v={v} run={run} />
      {(run.kind === "push" || run.kind === "writeback") && <p><a href={`${self}/plan`}>{tp(v.lang, "push.planOf")}</a></p>}
      <RunError v={v} error={error} appHref={run.kind === "push" ? null : appHref} />
      <HeldActions v={v} run={run} base={self} held={held} approve={run.kind === "writeback" ? { action: `${self}/writeback-apply`, label: tw(v.lang, "wb.approve") } : undefined} />
      <h2>{td(v.lang, "run.changes")}</h2>
      {run.counts.failed > 0 && !q.action && <p class="muted">{td(v.lang, "run.failuresFirst", { n: run.counts.failed })}</p>}
      <ChangeFilter v={v} q={q} self={self} />
      <ChangeTable v={v} items={changes.items} names={names} />
      <p class="buttons">
        {changes.total > 0 && <span class="muted">{td(v.lang, "run.pageOf", { n: changes.total, page: q.page, pages })}</span>}
        {q.page > 1 && <a href={changesHref(self, q, q.page - 1)} rel="prev">{td(v.lang, "people.prev")}</a>}
        {q.page * CHANGES_PAGE < changes.total && <a href={changesHref(self, q, q.page + 1)} rel="next">{td(v.lang, "people.next")}</a>}
      </p>
    </>
  ));
}

const decide = (deps: Deps, act: typeof approveRun, done: string) => async (c: AdminContext, ctx: TenantCtx) => {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const { view: run } = await runOf(deps, ctx, corp, c.req.param("runId") ?? "");
  try {
    await act(deps, ctx, run.id);
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 409) throw e;
    return detail(c, deps, ctx, e);
  }
  return c.redirect(`${runHref(corp.id, run.id)}?done=${done}`, 303);
};

/** A corp's sync runs: history, "pull now", a run's progress and change log, held-run decisions. */
export function runPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/directory/:corpId/runs", withTenant((c, ctx) => history(c, deps, ctx)));
  r.post("/directory/:corpId/runs", withTenant((c, ctx) => runNow(c, deps, ctx)));
  r.get("/directory/:corpId/runs/:runId", withTenant((c, ctx) => detail(c, deps, ctx)));
  r.post("/directory/:corpId/runs/:runId/approve", withTenant(decide(deps, approveRun, "approved")));
  r.post("/directory/:corpId/runs/:runId/dismiss", withTenant(decide(deps, dismissRun, "dismissed")));
  return r;
}
