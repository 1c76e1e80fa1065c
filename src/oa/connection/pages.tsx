/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { type AdminContext, type AdminEnv, Confirm, Flash, readForm, type View } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../kernel/errors.ts";
import { cronProblem } from "../../kernel/scheduler.ts";
import { deleteOaConnection, getOaConnection, type OaConnectionView, saveOaConnection, testOaConnection } from "./connection.ts";
import { type OaType, oaTypeOf, parseConnectionForm, valuesFor } from "./input.ts";
import { ConnectionForm, ConnectionSummary, type FormState } from "./form.tsx";
import type { ConnectionReport } from "../contract.ts";
import { to } from "../i18n.ts";
import { marked, type Marks } from "../marked.tsx";
import { composeReport } from "./report.ts";
import { sqlPresetOf } from "../sql/presets.ts";
import { duration, ErrorFlash, inTenant, renderOaPage, type TenantCtx } from "../page-parts.tsx";

/** The names read are data; the password check's path is an identifier. */
const REPORT_MARKS: Marks = { example: "value", name: "code", path: "code" };

/** What a test of the connection answered: the OA's report, or why it failed. */
type Tested = { report: ConnectionReport } | { error: AppError };
type PageState = { form?: FormState; tested?: Tested; status?: number };

/** The saved connection, or null while the tenant has none. */
async function savedConnection(deps: Deps, ctx: TenantCtx): Promise<OaConnectionView | null> {
  try {
    return await getOaConnection(deps, ctx);
  } catch (e) {
    if (e instanceof AppError && e.code === "OA_NOT_CONFIGURED") return null;
    throw e;
  }
}

function TestResult({ v, tested }: { v: View; tested: Tested }) {
  if ("error" in tested) return <ErrorFlash v={v} err={tested.error} />;
  const { code, params, ms } = tested.report;
  const detail = composeReport<Child>(code, params, (key, p) => marked((slots) => to(v.lang, key, slots), p, REPORT_MARKS));
  return <Flash kind="ok">{marked((slots) => to(v.lang, "conn.testOk", slots), { detail, ms: duration(ms) })}</Flash>;
}

async function renderConnection(c: AdminContext, deps: Deps, ctx: TenantCtx, s: PageState = {}) {
  const saved = await savedConnection(deps, ctx);
  const type: OaType = oaTypeOf(c.req.query("type")) ?? saved?.type ?? "demo";
  const preset = type === "sql" ? sqlPresetOf(c.req.query("preset")) : undefined;
  const form = s.form ?? { type, values: valuesFor(type, saved, preset), errors: {}, preset };
  const done = to.maybe(c.get("lang"), `conn.done.${c.req.query("done")}`);
  return renderOaPage(
    c,
    "connection",
    (v) => (
      <>
        <p class="muted">{to(v.lang, "conn.intro")}</p>
        {done && <Flash kind="ok">{done}</Flash>}
        {s.tested && <TestResult v={v} tested={s.tested} />}
        {saved ? <ConnectionSummary v={v} saved={saved} /> : <Flash kind="info">{to(v.lang, "conn.none")}</Flash>}
        <ConnectionForm v={v} s={form} saved={saved} tz={deps.config.timezone} />
      </>
    ),
    s.status,
  );
}

async function save(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const form = await readForm(c);
  const type = oaTypeOf(form.text("type")) ?? "demo";
  const parsed = parseConnectionForm(type, form, c.get("lang"));
  const retry = (errors: FormState["errors"]) => renderConnection(c, deps, ctx, { form: { type, values: parsed.values, errors }, status: 422 });
  if (!parsed.input) return retry(parsed.errors);
  try {
    await saveOaConnection(deps, ctx, parsed.input);
  } catch (e) {
    // The cron expression is checked by the use case (it knows the bridge's time zone).
    const cron = e instanceof AppError && e.code === "VALIDATION_FAILED" ? e.errors?.find((x) => x.path.endsWith("refreshCron")) : undefined;
    if (!cron) throw e;
    const problem = cronProblem(parsed.input.refreshCron ?? "", deps.config.timezone);
    const lang = c.get("lang");
    return retry({ refreshCron: problem === "it never fires" ? to(lang, "err.cronNever") : to(lang, "err.cron", { detail: problem ?? cron.message }) });
  }
  return c.redirect("/admin/oa/connection?done=saved", 303);
}

async function test(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  try {
    return renderConnection(c, deps, ctx, { tested: { report: await testOaConnection(deps, ctx) } });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return renderConnection(c, deps, ctx, { tested: { error: e }, status: e.status });
  }
}

function confirmDelete(c: AdminContext) {
  return renderOaPage(c, "connection", (v) => (
    <Confirm v={v} action="/admin/oa/connection/delete" button={to(v.lang, "conn.remove")} cancel="/admin/oa/connection">
      <h2>{to(v.lang, "conn.removeTitle")}</h2>
      <Flash kind="warn">{to(v.lang, "conn.removeBody")}</Flash>
    </Confirm>
  ));
}

/** The tenant's OA connection: show, save, test, remove. */
export function connectionPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  const withTenant = inTenant("connection");
  r.get("/oa/connection", withTenant((c, ctx) => renderConnection(c, deps, ctx)));
  r.post("/oa/connection", withTenant((c, ctx) => save(c, deps, ctx)));
  r.post("/oa/connection/test", withTenant((c, ctx) => test(c, deps, ctx)));
  r.get("/oa/connection/delete", withTenant((c) => confirmDelete(c)));
  r.post(
    "/oa/connection/delete",
    withTenant(async (c, ctx) => {
      await deleteOaConnection(deps, ctx);
      return c.redirect("/admin/oa/connection?done=removed", 303);
    }),
  );
  return r;
}
