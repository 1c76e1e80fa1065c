/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { ZodError } from "zod";
import { type AdminContext, type AdminEnv, ErrorFlash, type FieldErrors, Flash, PostForm, readForm } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import type { Lang } from "../../kernel/i18n.ts";
import { applyStoredPlan, pushNow } from "../to-welink/sync.ts";
import { ITEM_STATES, listPlanItems, loadPlanTree, PLAN_ACTIONS, type PlanItemView } from "../to-welink/plan-view.ts";
import { topDeptChoices } from "../to-welink/scope-warning.ts";
import { savePushSettings } from "../to-welink/save-settings.ts";
import { getPushSettings } from "../to-welink/settings.ts";
import { getSyncRun, listSyncRuns } from "../runs.ts";
import { getCorp } from "../../corps/index.ts";
import { listOaDepartments } from "../../oa/index.ts";
import { td } from "./i18n.ts";
import { type PushKey, tp } from "./i18n-to-welink.ts";
import { corpBase, doneFlash, nameBook, renderCorpPage, type TenantCtx, withTenant } from "../../directory/index.ts";
import { PlanCountsBar, type PlanFilter, PlanItemTable, planNames, PlanTreeView } from "./plan-tree.tsx";
import { FailedItems, type FailedList } from "./plan-rows.tsx";
import { PlanSearch } from "./to-welink-views.tsx";
import { PushButtons, PushForm, ScopeWarn } from "./to-welink-views.tsx";
import { HeldActions, RunError, RunFacts, RunProgress, RunTable } from "./run-views.tsx";
import * as f from "./to-welink-form.ts";
import { planKind } from "./plan-kind.ts";

/** People shown per department in the tree, and in all: a 100k plan's page stays small. */
const PER_DEPT = 50;
const MAX_PEOPLE = 2000;
const LIST_PAGE = 50;
const FAILED_SHOWN = 50;

const pushHref = (corpId: string) => `${corpBase(corpId)}/push`;
const runHref = (corpId: string, runId: string) => `${corpBase(corpId)}/runs/${encodeURIComponent(runId)}`;
const planHref = (corpId: string, runId: string) => `${runHref(corpId, runId)}/plan`;

type Failed = { values: f.PushValues; errors: FieldErrors };
const MESSAGES: Record<string, PushKey> = { topDeptCode: "push.err.top", map_nameCn: "push.err.map", map_mobileNumber: "push.err.map" };

function errorsOf(lang: Lang, e: ZodError | AppError): FieldErrors {
  return Object.fromEntries(f.badPushFields(e).map((name) => [name, tp(lang, MESSAGES[name] ?? "push.err")]));
}

async function settingsPage(c: AdminContext, deps: Deps, ctx: TenantCtx, o: { failed?: Failed; error?: AppError } = {}) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const [settings, depts, runs, oaDepts] = await Promise.all([
    getPushSettings(deps, ctx, corp.id), topDeptChoices(deps, ctx, corp.id), listSyncRuns(deps, ctx, corp.id, { limit: 50, offset: 0 }), listOaDepartments(deps, ctx),
  ]);
  const base = pushHref(corp.id);
  const pushes = runs.filter((r) => r.kind === "push").slice(0, 10);
  return renderCorpPage(c, corp, { tab: "push", status: o.failed ? 422 : o.error?.status }, (v) => (
    <>
      {doneFlash(c)}
      {o.error && <ErrorFlash v={v} err={o.error} />}
      <p class="muted">{tp(v.lang, "push.intro")}</p>
      <p class="muted">{tp(v.lang, "push.note")}</p>
      <ScopeWarn v={v} n={settings.scopeWarning.boundLeaving} />
      <PushButtons v={v} action={`${base}/run`} readOnly={settings.readOnly} />
      <h2>{tp(v.lang, "push.recent")}</h2>
      {pushes.length === 0 ? <p class="muted">{tp(v.lang, "push.noRuns")}</p> : <RunTable v={v} runs={pushes} href={(id) => planHref(corp.id, id)} />}
      <h2>{tp(v.lang, "push.settings")}</h2>
      <PushForm
        v={v}
        action={`${base}/settings`}
        values={o.failed?.values ?? f.pushValues(settings)}
        errors={o.failed?.errors ?? {}}
        depts={depts}
        oaDepts={oaDepts}
        timezone={settings.timezone}
        nextRun={settings.nextRun}
      />
    </>
  ));
}

async function saveSettings(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corpId = c.req.param("corpId") ?? "";
  const values = f.readPush(await readForm(c));
  try {
    await savePushSettings(deps, ctx, corpId, f.pushInput(values, deps.config.timezone));
  } catch (e) {
    const refused = e instanceof ZodError || (e instanceof AppError && e.code === "VALIDATION_FAILED");
    if (!refused) throw e;
    return settingsPage(c, deps, ctx, { failed: { values, errors: errorsOf(c.get("lang"), e) } });
  }
  return c.redirect(`${pushHref(corpId)}?done=saved`, 303);
}

/** Dry run or run now: the run's plan page follows it (it refreshes itself while the run goes). */
async function runNow(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corpId = c.req.param("corpId") ?? "";
  const dryRun = (await readForm(c)).text("dryRun") !== "false";
  try {
    const { run, done } = await pushNow(deps, ctx, corpId, { dryRun });
    // The run records its own failure; nobody awaits it here.
    done.catch(() => undefined);
    return c.redirect(`${planHref(corpId, run.id)}?done=started`, 303);
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500 || e.status === 404) throw e;
    return settingsPage(c, deps, ctx, { error: e });
  }
}

function filterOf(c: AdminContext): PlanFilter {
  const action = PLAN_ACTIONS.find((a) => a === c.req.query("action"));
  const object = (["dept", "user"] as const).find((o) => o === c.req.query("object"));
  const dept = c.req.query("dept");
  const state = ITEM_STATES.find((st) => st === c.req.query("state"));
  const text = (c.req.query("q") ?? "").trim().slice(0, 100) || undefined;
  return { action, object, state, text, dept: dept === undefined ? undefined : dept.slice(0, 128) };
}

/** A run's plan (push or write-back), with its apply / approve buttons; exported for the write-back's refusals. */
export async function planPage(c: AdminContext, deps: Deps, ctx: TenantCtx, error?: AppError) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const runId = c.req.param("runId") ?? "";
  const tree = await loadPlanTree(deps, ctx, runId, { perDept: PER_DEPT, maxPeople: MAX_PEOPLE });
  // Another corp's run id reads as unknown here, like on the run pages.
  if (tree.run.corpId !== corp.id) throw errors.notFound("pushRun", runId);
  const run = tree.run;
  const filter = filterOf(c);
  const filtered = filter.action !== undefined || filter.object !== undefined || filter.dept !== undefined || filter.state !== undefined || filter.text !== undefined;
  const page = Math.min(Math.max(Number.parseInt(c.req.query("page") ?? "1", 10) || 1, 1), 100_000);
  const list = filtered ? await listPlanItems(deps, ctx, run.id, { ...filter, limit: LIST_PAGE, offset: (page - 1) * LIST_PAGE }) : undefined;
  const self = planHref(corp.id, run.id);
  const pageHref = (n: number) =>
    `${self}?${new URLSearchParams({ ...(filter.object ? { object: filter.object } : {}), ...(filter.action ? { action: filter.action } : {}), ...(filter.state ? { state: filter.state } : {}), ...(filter.text ? { q: filter.text } : {}), ...(filter.dept !== undefined ? { dept: filter.dept } : {}), page: String(n) })}`;
  const failed = await failedItems(deps, ctx, run.id);
  const names = planNames(tree.depts, (await nameBook(deps.db, corp.id, [])).deptPath);
  const refresh = run.status === "running" ? { Refresh: "2" } : undefined;
  const wb = run.kind === "writeback";
  const k = planKind(c.get("lang"), corp.id, runHref(corp.id, run.id), wb);
  return renderCorpPage(c, corp, { tab: k.tab, title: k.title, status: error?.status, headers: refresh }, (v) => (
    <>
      {run.status === "running" && <meta http-equiv="refresh" content="2" />}
      <p class="buttons">
        <a href={k.back[0]}>{`← ${k.back[1]}`}</a>
        <a href={runHref(corp.id, run.id)}>{k.detail}</a>
      </p>
      {/* "Started" is news only while the run goes; once it ended the page says so instead. */}
      {c.req.query("done") === "started" && run.status !== "running" ? <p class="muted">{k.finished}</p> : doneFlash(c)}
      {error && <ErrorFlash v={v} err={error} />}
      {k.says && <Flash kind="info">{k.says}</Flash>}
      <RunProgress v={v} run={run} />
      <RunFacts v={v} run={run} />
      <RunError v={v} error={tree.error} appHref={null} />
      {run.status === "planned" && (
        <PostForm v={v} action={k.applyAction} class="panel">
          <p class="muted">{k.applyHint}</p>
          <button type="submit" class="button">{k.apply}</button>
        </PostForm>
      )}
      <HeldActions v={v} run={run} base={runHref(corp.id, run.id)} held={tree.held} approve={k.approve} />
      <FailedItems v={v} failed={failed} names={names} href={self} wb={wb} />
      <h2>{k.title}</h2>
      <PlanCountsBar v={v} counts={tree.counts} href={self} current={filter} wb={wb} />
      <PlanSearch v={v} action={self} filter={filter} />
      {list ? (
        <>
          <PlanItemTable v={v} items={list.items} names={names} wb={wb} />
          <p class="buttons">
            {page > 1 && <a href={pageHref(page - 1)} rel="prev">{tp(v.lang, "push.prev")}</a>}
            {page * LIST_PAGE < list.total && <a href={pageHref(page + 1)} rel="next">{tp(v.lang, "push.next")}</a>}
          </p>
        </>
      ) : (
        <>
          <h2>{k.tree}</h2>
          <PlanTreeView v={v} tree={tree} href={self} wb={wb} />
        </>
      )}
    </>
  ));
}

/** Items that failed, were set aside or cannot be sent (the page lists them first), and how many of each there are. */
async function failedItems(deps: Deps, ctx: TenantCtx, runId: string): Promise<FailedList> {
  const states = ["set_aside", "failed", "invalid"] as const;
  const pages = await Promise.all(states.map((state) => listPlanItems(deps, ctx, runId, { state, limit: FAILED_SHOWN, offset: 0 })));
  return { items: pages.flatMap((p) => p.items).slice(0, FAILED_SHOWN), totals: states.map((state, i) => ({ state, total: pages[i]!.total })) };
}

async function apply(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const runId = c.req.param("runId") ?? "";
  if ((await getSyncRun(deps, ctx, runId)).corpId !== corp.id) throw errors.notFound("pushRun", runId);
  try {
    const { run, done } = await applyStoredPlan(deps, ctx, runId);
    done.catch(() => undefined);
    return c.redirect(`${planHref(corp.id, run.id)}?done=started`, 303);
  } catch (e) {
    if (!(e instanceof AppError) || e.status !== 409) throw e;
    return planPage(c, deps, ctx, e);
  }
}

/** The corp's "From OA" tab: push settings, dry run / run now, and each push run's plan. */
export function pushPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/directory/:corpId/push", withTenant((c, ctx) => settingsPage(c, deps, ctx)));
  r.post("/directory/:corpId/push/settings", withTenant((c, ctx) => saveSettings(c, deps, ctx)));
  r.post("/directory/:corpId/push/run", withTenant((c, ctx) => runNow(c, deps, ctx)));
  r.get("/directory/:corpId/runs/:runId/plan", withTenant((c, ctx) => planPage(c, deps, ctx)));
  r.post("/directory/:corpId/runs/:runId/apply", withTenant((c, ctx) => apply(c, deps, ctx)));
  return r;
}
