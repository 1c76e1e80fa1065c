/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { ZodError } from "zod";
import { type AdminContext, type AdminEnv, Confirm, fieldErrors, type FieldErrors, readForm } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../kernel/errors.ts";
import type { Lang } from "../kernel/i18n.ts";
import { appHealthByCorp, failingApps } from "./app-health.ts";
import { appPages } from "./app-pages.tsx";
import { listApps } from "./apps.ts";
import { NAME_CHARS_MESSAGE, REFUSED_NAME_CHARS } from "./corp-input.ts";
import { blankCorp, type CorpFormValues, corpPatchInput, corpValues, newCorpInput, readCorpForm } from "./corp-form.ts";
import { doneFlash, ImpactList, renderCorpsPage, type TenantCtx, Toggle, withTenant } from "./corp-parts.tsx";
import { AppTable, CorpFacts, CorpForm, CorpTable } from "./corp-views.tsx";
import { corpDeletionImpact, CorpPatch, createCorp, deleteCorp, getCorp, listCorps, NewCorp, updateCorp } from "./corps.ts";
import { type CorpsKey, tc } from "./i18n.ts";
import type { CorpFootprint } from "./footprint.ts";

const FIELD_KEYS: Record<string, CorpsKey> = {
  name: "corps.err.name",
  welinkTenantId: "corps.err.welinkTenantId",
  apiBaseUrl: "corps.err.apiBaseUrl",
  syncAppId: "corps.err.syncAppId",
  bindingRule: "corps.err.bindingRule",
};
/** A name WeLink would refuse gets its own words (which characters), not the empty/length ones. */
const refusedChars = (e: ZodError | AppError) =>
  "issues" in e && e.issues.some((i) => i.path[0] === "name" && i.message === NAME_CHARS_MESSAGE);
const errorsOf = (lang: Lang, e: ZodError | AppError): FieldErrors =>
  fieldErrors(e, (f) =>
    f === "name" && refusedChars(e) ? tc(lang, "corps.err.nameChars", { chars: REFUSED_NAME_CHARS.join(" ") }) : tc(lang, FIELD_KEYS[f] ?? "corps.err.name"),
  );

async function list(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const [corps, health] = await Promise.all([listCorps(deps, ctx), appHealthByCorp(deps, ctx)]);
  const failing = new Map(corps.map((corp) => [corp.id, failingApps(health.get(corp.id))]));
  return renderCorpsPage(c, tc(c.get("lang"), "corps.title"), (v) => (
    <>
      <p class="muted">{tc(v.lang, "corps.intro")}</p>
      {doneFlash(c, "corps")}
      <CorpTable v={v} corps={corps} failing={failing} />
      <p class="spaced">
        <a href="/admin/corps/new" class="button">{tc(v.lang, "corps.add")}</a>
      </p>
    </>
  ));
}

type FormState = { values: CorpFormValues; errors: FieldErrors; status?: number };

function newForm(c: AdminContext, deps: Deps, s: FormState = { values: blankCorp(deps.config.welinkBaseUrl), errors: {} }) {
  return renderCorpsPage(c, tc(c.get("lang"), "corps.new"), (v) => <CorpForm v={v} action="/admin/corps" values={s.values} errors={s.errors} defaultUrl={deps.config.welinkBaseUrl} />, s.status);
}

async function create(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const values = readCorpForm(await readForm(c));
  const parsed = NewCorp.safeParse(newCorpInput(values));
  if (!parsed.success) return newForm(c, deps, { values, errors: errorsOf(c.get("lang"), parsed.error), status: 422 });
  try {
    const corp = await createCorp(deps, ctx, parsed.data);
    return c.redirect(`/admin/corps/${corp.id}?done=created`, 303);
  } catch (e) {
    if (!(e instanceof AppError && e.code === "CORP_EXISTS")) throw e;
    return newForm(c, deps, { values, errors: { welinkTenantId: tc(c.get("lang"), "corps.err.exists") }, status: 409 });
  }
}

async function show(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const corp = await getCorp(deps, ctx, c.req.param("id") ?? "");
  const apps = await listApps(deps, ctx, corp.id);
  return renderCorpsPage(c, corp.name, (v) => (
    <>
      {doneFlash(c, "corps")}
      <CorpFacts v={v} corp={corp} apps={apps} />
      <p class="buttons spaced">
        <a href={`/admin/corps/${corp.id}/edit`} class="button secondary">{tc(v.lang, "corps.edit")}</a>
        <a href={`/admin/corps/${corp.id}/delete`} class="button secondary danger-text">{tc(v.lang, "corps.remove")}</a>
      </p>
      <h2>{tc(v.lang, "corps.apps")}</h2>
      <AppTable v={v} apps={apps} />
      <p class="spaced">
        <a href={`/admin/corps/${corp.id}/apps/new`} class="button">{tc(v.lang, "apps.add")}</a>
      </p>
    </>
  ));
}

async function editForm(c: AdminContext, deps: Deps, ctx: TenantCtx, s?: FormState) {
  const corp = await getCorp(deps, ctx, c.req.param("id") ?? "");
  const apps = await listApps(deps, ctx, corp.id);
  const state = s ?? { values: corpValues(corp), errors: {} };
  return renderCorpsPage(
    c,
    `${tc(c.get("lang"), "corps.edit")} · ${corp.name}`,
    (v) => <CorpForm v={v} action={`/admin/corps/${corp.id}/edit`} values={state.values} errors={state.errors} apps={apps} defaultUrl={deps.config.welinkBaseUrl} />,
    state.status,
  );
}

async function update(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const id = c.req.param("id") ?? "";
  const values = readCorpForm(await readForm(c));
  const current = await getCorp(deps, ctx, id);
  const { name, ...rest } = corpPatchInput(values);
  // A name saved before WeLink's character rule was checked stays saveable until someone changes it.
  const parsed = CorpPatch.safeParse(name.trim() === current.name ? rest : { name, ...rest });
  if (!parsed.success) return editForm(c, deps, ctx, { values, errors: errorsOf(c.get("lang"), parsed.error), status: 422 });
  try {
    await updateCorp(deps, ctx, id, parsed.data);
  } catch (e) {
    if (!(e instanceof AppError && e.code === "VALIDATION_FAILED")) throw e;
    return editForm(c, deps, ctx, { values, errors: errorsOf(c.get("lang"), e), status: 422 });
  }
  return c.redirect(`/admin/corps/${id}?done=saved`, 303);
}

async function confirmDelete(c: AdminContext, deps: Deps, footprint: CorpFootprint, ctx: TenantCtx) {
  const corp = await getCorp(deps, ctx, c.req.param("id") ?? "");
  const impact = await corpDeletionImpact(deps, footprint, ctx, corp.id);
  return renderCorpsPage(c, tc(c.get("lang"), "corps.removeTitle", { name: corp.name }), (v) => (
    <Confirm
      v={v}
      action={`/admin/corps/${corp.id}/delete`}
      button={tc(v.lang, "corps.remove")}
      cancel={`/admin/corps/${corp.id}`}
      fields={<Toggle name="deleteDirectory" label={tc(v.lang, "corps.deleteDirectory")} checked={true} />}
    >
      <ImpactList v={v} impact={impact} />
    </Confirm>
  ));
}

/** The WeLink enterprises area (mounted under /admin): corps here, their apps in app-pages.tsx. */
export function corpPages(deps: Deps, footprint: CorpFootprint) {
  const r = new Hono<AdminEnv>();
  r.get("/corps", withTenant((c, ctx) => list(c, deps, ctx)));
  r.get("/corps/new", withTenant((c) => newForm(c, deps)));
  r.post("/corps", withTenant((c, ctx) => create(c, deps, ctx)));
  r.get("/corps/:id", withTenant((c, ctx) => show(c, deps, ctx)));
  r.get("/corps/:id/edit", withTenant((c, ctx) => editForm(c, deps, ctx)));
  r.post("/corps/:id/edit", withTenant((c, ctx) => update(c, deps, ctx)));
  r.get("/corps/:id/delete", withTenant((c, ctx) => confirmDelete(c, deps, footprint, ctx)));
  r.post(
    "/corps/:id/delete",
    withTenant(async (c, ctx) => {
      // The confirmation page listed the impact; posting its form is the confirmation.
      const id = c.req.param("id") ?? "";
      const keepDirectory = (await c.req.parseBody()).deleteDirectory !== "on";
      await deleteCorp(deps, footprint, ctx, id, { confirm: true, keepDirectory });
      return c.redirect(keepDirectory ? `/admin/corps/${id}?done=disconnected` : "/admin/corps?done=removed", 303);
    }),
  );
  r.route("/", appPages(deps));
  return r;
}
