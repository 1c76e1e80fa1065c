/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { ZodError } from "zod";
import { type AdminContext, type AdminEnv, Badge, Confirm, type FieldErrors, Flash, readForm, Table, Value, type View } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../kernel/errors.ts";
import { t } from "../kernel/i18n.ts";
import { tpp } from "./i18n.ts";
import type { PushRuleView } from "./message-input.ts";
import { type Catalog, doneFlash, loadCatalog, PUSH_HOME, renderPushPage, ruleHref, TargetText, type TenantCtx, withTenant } from "./page-views.tsx";
import { blankRule, readRuleForm, ruleErrors, RuleForm, ruleInput, ruleValues, type RuleValues } from "./rule-form.tsx";
import { createPushRule, deletePushRule, getPushRule, listPushRules, updatePushRule } from "./rules.ts";

const isAll = (r: PushRuleView) => r.sources.includes("*");

function RuleTable({ v, rules, cat }: { v: View; rules: PushRuleView[]; cat: Catalog }) {
  const head = [tpp(v.lang, "rules.col.name"), tpp(v.lang, "rules.col.enabled"), tpp(v.lang, "rules.col.sources"), tpp(v.lang, "rules.col.targets"), t(v.lang, "common.actions")];
  const rows = rules.map((r) => [
    <Value>{r.name}</Value>,
    <Badge kind={r.enabled ? "ok" : "warn"}>{tpp(v.lang, r.enabled ? "rules.on" : "rules.off")}</Badge>,
    isAll(r) ? <Badge kind="warn">{tpp(v.lang, "rules.all")}</Badge> : <span class="mono">{r.sources.join(", ")}</span>,
    <ul>
      {r.targets.map((x) => (
        <li>
          <TargetText v={v} cat={cat} t={x} />
        </li>
      ))}
    </ul>,
    <span class="buttons">
      <a href={`${ruleHref(r.id)}/edit`}>{t(v.lang, "common.edit")}</a>
      <a href={`${ruleHref(r.id)}/delete`} class="danger-text">{t(v.lang, "common.delete")}</a>
    </span>,
  ]);
  return <Table head={head} rows={rows} empty={tpp(v.lang, "rules.empty")} />;
}

async function list(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const [rules, cat] = await Promise.all([listPushRules(deps, ctx), loadCatalog(deps, ctx)]);
  return renderPushPage(c, { tab: "rules" }, (v) => (
    <>
      {doneFlash(c)}
      <p class="muted">{tpp(v.lang, "rules.intro")}</p>
      {rules.filter(isAll).map((r) => (
        <Flash kind="warn">{tpp(v.lang, "rules.allOn", { name: r.name })}</Flash>
      ))}
      <RuleTable v={v} rules={rules} cat={cat} />
      <p class="spaced">
        <a href={`${PUSH_HOME}/rules/new`} class="button">{tpp(v.lang, "rules.add")}</a>
      </p>
    </>
  ));
}

type FormState = { values: RuleValues; errors: FieldErrors; status?: number };

async function formPage(c: AdminContext, deps: Deps, ctx: TenantCtx, ruleId: string | null, s: FormState) {
  const cat = await loadCatalog(deps, ctx);
  const title = tpp(c.get("lang"), ruleId ? "rules.edit" : "rules.new");
  const action = ruleId ? `${ruleHref(ruleId)}/edit` : `${PUSH_HOME}/rules`;
  return renderPushPage(c, { tab: "rules", title, status: s.status }, (v) => (
    <RuleForm v={v} label={title} action={action} cancel={PUSH_HOME} values={s.values} errors={s.errors} cat={cat} />
  ));
}

const refused = (e: unknown): e is ZodError | AppError => e instanceof ZodError || (e instanceof AppError && e.code === "VALIDATION_FAILED");

/** Creates or updates through the same use cases as the API; a refusal re-renders what was typed. */
async function save(c: AdminContext, deps: Deps, ctx: TenantCtx, ruleId: string | null) {
  const values = readRuleForm(await readForm(c));
  try {
    if (ruleId) await updatePushRule(deps, ctx, ruleId, ruleInput(values));
    else await createPushRule(deps, ctx, ruleInput(values));
  } catch (e) {
    if (!refused(e)) throw e;
    return formPage(c, deps, ctx, ruleId, { values, errors: ruleErrors(c.get("lang"), e), status: 422 });
  }
  return c.redirect(`${PUSH_HOME}?done=${ruleId ? "saved" : "created"}`, 303);
}

async function editForm(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const rule = await getPushRule(deps, ctx, c.req.param("ruleId") ?? "");
  return formPage(c, deps, ctx, rule.id, { values: ruleValues(rule), errors: {} });
}

async function confirmDelete(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const rule = await getPushRule(deps, ctx, c.req.param("ruleId") ?? "");
  const title = tpp(c.get("lang"), "rules.deleteTitle");
  return renderPushPage(c, { tab: "rules", title }, (v) => (
    <Confirm v={v} action={`${ruleHref(rule.id)}/delete`} button={t(v.lang, "common.delete")} cancel={PUSH_HOME}>
      <p>{tpp(v.lang, "rules.deleteBody", { name: rule.name })}</p>
    </Confirm>
  ));
}

async function remove(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  await deletePushRule(deps, ctx, c.req.param("ruleId") ?? "");
  return c.redirect(`${PUSH_HOME}?done=deleted`, 303);
}

/** Push rules in the admin: list, create, edit, delete (each change is audited by the use case). */
export function rulePages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/push", withTenant((c, ctx) => list(c, deps, ctx)));
  r.get("/push/rules/new", withTenant((c, ctx) => formPage(c, deps, ctx, null, { values: blankRule(), errors: {} })));
  r.post("/push/rules", withTenant((c, ctx) => save(c, deps, ctx, null)));
  r.get("/push/rules/:ruleId/edit", withTenant((c, ctx) => editForm(c, deps, ctx)));
  r.post("/push/rules/:ruleId/edit", withTenant((c, ctx) => save(c, deps, ctx, c.req.param("ruleId") ?? "")));
  r.get("/push/rules/:ruleId/delete", withTenant((c, ctx) => confirmDelete(c, deps, ctx)));
  r.post("/push/rules/:ruleId/delete", withTenant((c, ctx) => remove(c, deps, ctx)));
  return r;
}
