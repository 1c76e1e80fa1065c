/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { ZodError } from "zod";
import { type AdminContext, type AdminEnv, ErrorFlash, type FieldErrors, PostForm, readForm } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../kernel/errors.ts";
import type { Lang } from "../../kernel/i18n.ts";
import { callbackUrl } from "../from-welink/callback.ts";
import { getPullSettings, pullScopeTree, savePullSettings } from "../from-welink/settings.ts";
import { SCOPE_LIST_MAX } from "./scope-picker.tsx";
import { getCorp, listApps, updateCorp } from "../../corps/index.ts";
import { type SyncPagesKey as DirKey, td } from "./i18n.ts";
import { corpBase, doneFlash, renderCorpPage, type TenantCtx, withTenant } from "../../directory/index.ts";
import { InterfaceForm, PullForm, RuleForm } from "./settings-views.tsx";
import * as f from "./settings-form.ts";
import { listSyncRuns } from "../runs.ts";
import { writebackAbility } from "../to-oa/ability.ts";
import { getDirection } from "../to-oa/direction.ts";
import { tw } from "./i18n-to-oa.ts";
import { DirectionForm, WritebackSection } from "./to-oa-views.tsx";

type Failed<V> = { values: V; errors: FieldErrors };
/** `direction`: a switch that was refused (a run in flight) or not one of the two choices. */
export type State = { iface?: Failed<f.InterfaceValues>; rule?: Failed<f.RuleValues>; pull?: Failed<f.PullValues>; direction?: { error?: AppError; invalid?: boolean } };

export const settingsHref = (corpId: string) => `${corpBase(corpId)}/settings`;
const planHref = (corpId: string, runId: string) => `${corpBase(corpId)}/runs/${encodeURIComponent(runId)}/plan`;
const MESSAGES: Record<string, DirKey> = { contactPermission: "set.err.perm", syncAppId: "set.err.syncApp", bindingRule: "set.err.rule" };

/** Each field a check refused, with the page's own words for it. */
function errorsOf(lang: Lang, e: ZodError | AppError): FieldErrors {
  return Object.fromEntries(f.badFields(e).map((name) => [name, td(lang, MESSAGES[name] ?? "set.pull.err")]));
}

export async function settingsPage(c: AdminContext, deps: Deps, ctx: TenantCtx, s: State = {}) {
  const corp = await getCorp(deps, ctx, c.req.param("corpId") ?? "");
  const [apps, pull, tree, hook, { direction }] = await Promise.all([
    listApps(deps, ctx, corp.id), getPullSettings(deps, ctx, corp.id), pullScopeTree(deps, ctx, corp.id, SCOPE_LIST_MAX), callbackUrl(deps, { tenantId: ctx.tenant.id, syncAppId: corp.syncAppId }), getDirection(deps, ctx, corp.id),
  ]);
  // The write-back section shows only for a WeLink → OA corp: the other way has its own tab.
  const [ability, runs] = direction === "to-oa" ? await Promise.all([writebackAbility(deps, ctx, corp.id), listSyncRuns(deps, ctx, corp.id, { limit: 50, offset: 0 })]) : [null, []];
  const base = settingsHref(corp.id);
  const failed = s.iface ?? s.rule ?? s.pull ?? (s.direction?.invalid ? s.direction : undefined);
  return renderCorpPage(c, corp, { tab: "settings", status: failed ? 422 : s.direction?.error?.status }, (v) => (
    <>
      {doneFlash(c)}
      {s.direction?.error && <ErrorFlash v={v} err={s.direction.error} />}
      <h2>{tw(v.lang, "dir.title")}</h2>
      <DirectionForm v={v} action={`${base}/direction`} direction={direction} error={s.direction?.invalid ? tw(v.lang, "dir.invalid") : undefined} />
      {ability && (
        <WritebackSection v={v} action={`${corpBase(corp.id)}/writeback`} ability={ability} runs={runs.filter((r) => r.kind === "writeback").slice(0, 10)} href={(id) => planHref(corp.id, id)} />
      )}
      <h2>{td(v.lang, "set.interface")}</h2>
      <InterfaceForm v={v} action={`${base}/interface`} apps={apps} values={s.iface?.values ?? f.interfaceValues(corp)} errors={s.iface?.errors ?? {}} />
      <h2>{td(v.lang, "set.pull")}</h2>
      <PullForm v={v} action={`${base}/pull`} values={s.pull?.values ?? f.pullValues(pull)} errors={s.pull?.errors ?? {}} timezone={pull.timezone} nextRun={pull.nextRun} tree={tree} />
      <PostForm v={v} action={`${corpBase(corp.id)}/runs`}>
        <button type="submit" class="button secondary">{td(v.lang, "runs.runNow")}</button>
      </PostForm>
      <h2>{td(v.lang, "set.rule")}</h2>
      <RuleForm v={v} action={`${base}/rule`} values={s.rule?.values ?? f.ruleValues(corp)} errors={s.rule?.errors ?? {}} />
      <h2>{td(v.lang, "set.callback")}</h2>
      <p class="muted">{td(v.lang, "set.callbackHint")}</p>
      {hook ? <p><code>{hook}</code></p> : <p class="muted">{td(v.lang, "set.callbackNoApp")}</p>}
    </>
  ));
}

/** Saves one form through its use case; a refused value re-renders the page with that form's errors. */
function save<V>(deps: Deps, key: keyof State, read: (form: Awaited<ReturnType<typeof readForm>>) => V, run: (ctx: TenantCtx, corpId: string, values: V) => Promise<unknown>) {
  return async (c: AdminContext, ctx: TenantCtx) => {
    const corpId = c.req.param("corpId") ?? "";
    const values = read(await readForm(c));
    try {
      await run(ctx, corpId, values);
    } catch (e) {
      const refused = e instanceof ZodError || (e instanceof AppError && e.code === "VALIDATION_FAILED");
      if (!refused) throw e;
      return settingsPage(c, deps, ctx, { [key]: { values, errors: errorsOf(c.get("lang"), e) } });
    }
    return c.redirect(`${settingsHref(corpId)}?done=saved`, 303);
  };
}

/** A corp's interface settings, pull settings, binding rule and callback URL. */
export function syncSettingsPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/directory/:corpId/settings", withTenant((c, ctx) => settingsPage(c, deps, ctx)));
  r.post("/directory/:corpId/settings/interface", withTenant(save(deps, "iface", f.readInterface, (ctx, id, v) => updateCorp(deps, ctx, id, f.interfaceInput(v)))));
  r.post("/directory/:corpId/settings/rule", withTenant(save(deps, "rule", f.readRule, (ctx, id, v) => updateCorp(deps, ctx, id, f.ruleInput(v)))));
  r.post("/directory/:corpId/settings/pull", withTenant(save(deps, "pull", f.readPull, (ctx, id, v) => savePullSettings(deps, ctx, id, f.pullInput(v, deps.config.timezone)))));
  return r;
}
