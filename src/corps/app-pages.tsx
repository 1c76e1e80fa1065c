/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { ZodError } from "zod";
import { type AdminContext, type AdminEnv, Confirm, fieldErrors, type FieldErrors, Flash, PostForm, readForm, Value, type View } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../kernel/errors.ts";
import type { Lang } from "../kernel/i18n.ts";
import type { AppView } from "./app-input.ts";
import { AppForm, HomepageUrl, PermissionsTable, type Tested, TestResult } from "./app-parts.tsx";
import { moduleChoices } from "./app-target.ts";
import { testAppConnection } from "./app-test.ts";
import { AppPatch, createApp, deleteApp, getApp, NewApp, updateApp } from "./apps.ts";
import { type AppFormValues, appInput, appValues, blankApp, readAppForm } from "./corp-form.ts";
import { doneFlash, EnabledBadge, Facts, renderCorpsPage, type TenantCtx, withTenant } from "./corp-parts.tsx";
import { getCorp } from "./corps.ts";
import { type CorpsKey, tc } from "./i18n.ts";

const FIELD_KEYS: Record<string, CorpsKey> = { name: "apps.err.name", clientId: "apps.err.clientId", clientSecret: "apps.err.clientSecret" };

function errorsOf(lang: Lang, e: ZodError | AppError): FieldErrors {
  // A target refused by the use case says why (the module list, the OA's address) in its message.
  const detail = e instanceof AppError ? (e.errors?.find((x) => x.path.startsWith("body.target"))?.message ?? "") : "";
  return fieldErrors(e, (f) => (f === "target" ? tc(lang, "apps.err.target", { detail }) : tc(lang, FIELD_KEYS[f] ?? "apps.err.name")));
}

type FormState = { values: AppFormValues; errors: FieldErrors; status?: number };

async function newForm(c: AdminContext, deps: Deps, ctx: TenantCtx, s?: FormState) {
  const corp = await getCorp(deps, ctx, c.req.param("id") ?? "");
  const modules = await moduleChoices(deps, ctx);
  const state = s ?? { values: blankApp(modules[0]?.name ?? ""), errors: {} };
  return renderCorpsPage(
    c,
    `${tc(c.get("lang"), "apps.new")} · ${corp.name}`,
    (v) => <AppForm v={v} action={`/admin/corps/${corp.id}/apps`} cancel={`/admin/corps/${corp.id}`} values={state.values} errors={state.errors} modules={modules} />,
    state.status,
  );
}

/** Field errors the use cases raise: a refused target (422), a client_id already used (409). */
function knownFailure(lang: Lang, e: unknown): FieldErrors | undefined {
  if (!(e instanceof AppError)) return undefined;
  if (e.code === "VALIDATION_FAILED") return errorsOf(lang, e);
  if (e.code === "APP_EXISTS") return { clientId: tc(lang, "apps.err.exists") };
  return undefined;
}

async function create(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const values = readAppForm(await readForm(c));
  const parsed = NewApp.safeParse(appInput(values));
  if (!parsed.success) return newForm(c, deps, ctx, { values, errors: errorsOf(c.get("lang"), parsed.error), status: 422 });
  try {
    const app = await createApp(deps, ctx, c.req.param("id") ?? "", parsed.data);
    return c.redirect(`/admin/apps/${app.id}?done=created`, 303);
  } catch (e) {
    const errors = knownFailure(c.get("lang"), e);
    if (!errors) throw e;
    return newForm(c, deps, ctx, { values, errors, status: 422 });
  }
}

function AppDetails({ v, app, corpName }: { v: View; app: AppView; corpName: string }) {
  const target = (
    <>
      {tc(v.lang, `apps.target.${app.target.kind}`)}: <Value>{app.target.value}</Value>
    </>
  );
  return (
    <Facts
      rows={[
        [tc(v.lang, "apps.corp"), <a href={`/admin/corps/${app.corpId}`}>{corpName}</a>],
        [tc(v.lang, "apps.clientId"), <code>{app.clientId}</code>],
        [tc(v.lang, "apps.clientSecret"), <code>{app.clientSecret ?? "—"}</code>],
        [tc(v.lang, "apps.status"), <EnabledBadge v={v} on={app.enabled} />],
        [tc(v.lang, "apps.target"), target],
      ]}
    />
  );
}

async function show(c: AdminContext, deps: Deps, ctx: TenantCtx, tested?: Tested) {
  const app = await getApp(deps, ctx, c.req.param("id") ?? "");
  const corp = await getCorp(deps, ctx, app.corpId);
  const status = tested && "error" in tested ? tested.error.status : undefined;
  return renderCorpsPage(
    c,
    app.name,
    (v) => (
      <>
        {doneFlash(c, "apps")}
        {tested && <TestResult v={v} tested={tested} clientId={app.clientId} />}
        <HomepageUrl v={v} app={app} />
        <AppDetails v={v} app={app} corpName={corp.name} />
        <div class="buttons spaced">
          <PostForm v={v} action={`/admin/apps/${app.id}/test`}>
            <button type="submit" class="button">{tc(v.lang, "apps.test")}</button>
          </PostForm>
          <a href={`/admin/apps/${app.id}/edit`} class="button secondary">{tc(v.lang, "apps.edit")}</a>
          <a href={`/admin/apps/${app.id}/delete`} class="button secondary danger-text">{tc(v.lang, "apps.remove")}</a>
        </div>
        <PermissionsTable v={v} app={app} />
      </>
    ),
    status,
  );
}

async function test(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  try {
    return show(c, deps, ctx, { ok: await testAppConnection(deps, ctx, c.req.param("id") ?? "") });
  } catch (e) {
    if (!(e instanceof AppError) || e.status === 404) throw e;
    return show(c, deps, ctx, { error: e });
  }
}

async function editForm(c: AdminContext, deps: Deps, ctx: TenantCtx, s?: FormState) {
  const app = await getApp(deps, ctx, c.req.param("id") ?? "");
  const modules = await moduleChoices(deps, ctx);
  const state = s ?? { values: appValues(app), errors: {} };
  return renderCorpsPage(
    c,
    `${tc(c.get("lang"), "apps.edit")} · ${app.name}`,
    (v) => <AppForm v={v} action={`/admin/apps/${app.id}/edit`} cancel={`/admin/apps/${app.id}`} values={state.values} errors={state.errors} modules={modules} maskedSecret={app.clientSecret} />,
    state.status,
  );
}

async function update(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const id = c.req.param("id") ?? "";
  const values = readAppForm(await readForm(c));
  const parsed = AppPatch.safeParse(appInput(values));
  if (!parsed.success) return editForm(c, deps, ctx, { values, errors: errorsOf(c.get("lang"), parsed.error), status: 422 });
  try {
    await updateApp(deps, ctx, id, parsed.data);
  } catch (e) {
    const errors = knownFailure(c.get("lang"), e);
    if (!errors) throw e;
    return editForm(c, deps, ctx, { values, errors, status: 422 });
  }
  return c.redirect(`/admin/apps/${id}?done=saved`, 303);
}

async function confirmDelete(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const app = await getApp(deps, ctx, c.req.param("id") ?? "");
  return renderCorpsPage(c, tc(c.get("lang"), "apps.removeTitle", { name: app.name }), (v) => (
    <Confirm v={v} action={`/admin/apps/${app.id}/delete`} button={tc(v.lang, "apps.remove")} cancel={`/admin/apps/${app.id}`}>
      <p>
        <code>{app.clientId}</code> · <code>{app.homepageUrl}</code>
      </p>
      <Flash kind="warn">{tc(v.lang, "apps.removeBody")}</Flash>
    </Confirm>
  ));
}

/** The apps of a corp (mounted with the corp pages under /admin). */
export function appPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/corps/:id/apps/new", withTenant((c, ctx) => newForm(c, deps, ctx)));
  r.post("/corps/:id/apps", withTenant((c, ctx) => create(c, deps, ctx)));
  r.get("/apps/:id", withTenant((c, ctx) => show(c, deps, ctx)));
  r.post("/apps/:id/test", withTenant((c, ctx) => test(c, deps, ctx)));
  r.get("/apps/:id/edit", withTenant((c, ctx) => editForm(c, deps, ctx)));
  r.post("/apps/:id/edit", withTenant((c, ctx) => update(c, deps, ctx)));
  r.get("/apps/:id/delete", withTenant((c, ctx) => confirmDelete(c, deps, ctx)));
  r.post(
    "/apps/:id/delete",
    withTenant(async (c, ctx) => {
      const app = await getApp(deps, ctx, c.req.param("id") ?? "");
      await deleteApp(deps, ctx, app.id);
      return c.redirect(`/admin/corps/${app.corpId}?done=appRemoved`, 303);
    }),
  );
  return r;
}
