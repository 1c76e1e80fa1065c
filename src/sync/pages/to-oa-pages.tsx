/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { z } from "zod";
import { type AdminContext, type AdminEnv, readForm } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { getSyncRun } from "../runs.ts";
import { DIRECTIONS, setDirection } from "../to-oa/direction.ts";
import { applyStoredWriteback, writebackNow } from "../to-oa/run.ts";
import { getCorp } from "../../corps/index.ts";
import { corpBase, type TenantCtx, withTenant } from "../../directory/index.ts";
import { settingsHref, settingsPage } from "./settings-pages.tsx";
import { planPage } from "./to-welink-pages.tsx";

/*
 * The admin's side of the direction switch and the WeLink → OA write-back: the same use cases as
 * PUT /corps/{corpId}/sync-direction, POST /corps/{corpId}/writeback and POST
 * /sync-runs/{runId}/writeback-apply. A refusal (a run in flight, a connection that cannot write,
 * a superseded plan) comes back on the page it was asked from, in words.
 */

const planHref = (corpId: string, runId: string) => `${corpBase(corpId)}/runs/${encodeURIComponent(runId)}/plan`;
const DirectionInput = z.object({ direction: z.enum(DIRECTIONS) });

/** Errors a person can act on (409 busy / other direction, 422 cannot write) go back to the page; the rest are the admin's error page. */
const shown = (e: unknown): e is AppError => e instanceof AppError && e.status < 500 && e.status !== 404;

async function switchDirection(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corpId = c.req.param("corpId") ?? "";
  const input = DirectionInput.safeParse({ direction: (await readForm(c)).text("direction") });
  if (!input.success) return settingsPage(c, deps, ctx, { direction: { invalid: true } });
  try {
    await setDirection(deps, ctx, corpId, input.data.direction);
  } catch (e) {
    if (!shown(e)) throw e;
    return settingsPage(c, deps, ctx, { direction: { error: e } });
  }
  return c.redirect(`${settingsHref(corpId)}?done=saved`, 303);
}

/** Simulate or write now: the run's plan page follows it (it refreshes itself while the run goes). */
async function runNow(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corpId = c.req.param("corpId") ?? "";
  const dryRun = (await readForm(c)).text("dryRun") !== "false";
  try {
    const { run, done } = await writebackNow(deps, ctx, corpId, { dryRun });
    // The run records its own failure; nobody awaits it here.
    done.catch(() => undefined);
    return c.redirect(`${planHref(corpId, run.id)}?done=started`, 303);
  } catch (e) {
    if (!shown(e)) throw e;
    return settingsPage(c, deps, ctx, { direction: { error: e } });
  }
}

/** A stored plan's "apply" and a held run's "approve": both apply the journal as stored. */
async function apply(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const runId = c.req.param("runId") ?? "";
  if ((await getSyncRun(deps, ctx, runId)).corpId !== corp.id) throw errors.notFound("pushRun", runId);
  try {
    const { run, done } = await applyStoredWriteback(deps, ctx, runId);
    done.catch(() => undefined);
    return c.redirect(`${planHref(corp.id, run.id)}?done=started`, 303);
  } catch (e) {
    if (!shown(e)) throw e;
    return planPage(c, deps, ctx, e);
  }
}

export function writebackPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.post("/directory/:corpId/settings/direction", withTenant((c, ctx) => switchDirection(c, deps, ctx)));
  r.post("/directory/:corpId/writeback", withTenant((c, ctx) => runNow(c, deps, ctx)));
  r.post("/directory/:corpId/runs/:runId/writeback-apply", withTenant((c, ctx) => apply(c, deps, ctx)));
  return r;
}
