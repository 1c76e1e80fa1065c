/** @jsxImportSource hono/jsx */
import { type AdminContext, Badge, Checkboxes, Confirm, Field, fieldErrors, type FieldErrors, Flash, FormInvalid, PostForm, readForm, Table, type TenantCtx, Value, type View } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { t } from "../../kernel/i18n.ts";
import { ssoPage } from "../session/admin-parts.tsx";
import { tca } from "./i18n-admin.ts";
import { CAS_ATTRIBUTES, CasServiceInput, type CasService, createCasService, deleteCasService, getCasService, listCasServices, updateCasService } from "./services.ts";

/** /admin/sso/cas…: the tenant's CAS service registry, through the API's use cases and schema. */

type Values = { name: string; urlPrefix: string; attributes: string[]; singleLogout: boolean };
const valuesOf = (s: CasService): Values => ({ name: s.name, urlPrefix: s.urlPrefix, attributes: s.attributes, singleLogout: s.singleLogout });
const BLANK: Values = { name: "", urlPrefix: "", attributes: ["name"], singleLogout: true };

function ServiceTable({ v, items }: { v: View; items: CasService[] }) {
  const head = [tca(v.lang, "cas.name"), tca(v.lang, "cas.prefix"), tca(v.lang, "cas.attributes"), tca(v.lang, "cas.singleLogout"), t(v.lang, "common.actions")];
  const rows = items.map((s) => [
    <Value>{s.name}</Value>,
    <code>{s.urlPrefix}</code>,
    s.attributes.length ? s.attributes.map((a) => tca(v.lang, `cas.attr.${a}`)).join("、") : tca(v.lang, "cas.none"),
    s.singleLogout ? <Badge kind="ok">{t(v.lang, "common.yes")}</Badge> : <Badge>{t(v.lang, "common.no")}</Badge>,
    <>
      <a href={`/admin/sso/cas/${s.id}`}>{t(v.lang, "common.edit")}</a> · <a href={`/admin/sso/cas/${s.id}/delete`} class="danger-text">{t(v.lang, "common.delete")}</a>
    </>,
  ]);
  return <Table head={head} rows={rows} empty={tca(v.lang, "cas.empty")} />;
}

export async function renderCasList(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const items = await listCasServices(deps, ctx.tenant.id);
  const done = tca.maybe(c.get("lang"), `cas.done.${c.req.query("done")}`);
  return ssoPage(c, { title: tca(c.get("lang"), "cas.title"), tab: "cas" }, (v) => (
    <>
      <p class="muted">{tca(v.lang, "cas.intro")}</p>
      {done && <Flash kind="ok">{done}</Flash>}
      <ServiceTable v={v} items={items} />
      <p class="spaced">
        <a class="button" href="/admin/sso/cas/new">{tca(v.lang, "cas.new")}</a>
      </p>
    </>
  ));
}

function ServiceForm({ v, action, values, errors }: { v: View; action: string; values: Values; errors: FieldErrors }) {
  const options = CAS_ATTRIBUTES.map((a) => ({ value: a, label: tca(v.lang, `cas.attr.${a}`) }));
  return (
    <div class="panel">
      <FormInvalid v={v} errors={errors} />
      <PostForm v={v} action={action} class="stack">
        <Field name="name" label={tca(v.lang, "cas.name")} value={values.name} error={errors.name} required maxlength={100} />
        <Field name="urlPrefix" label={tca(v.lang, "cas.prefix")} value={values.urlPrefix} error={errors.urlPrefix} hint={tca(v.lang, "cas.prefixHint")} required maxlength={500} />
        <Checkboxes name="attributes" legend={tca(v.lang, "cas.attributes")} options={options} checked={values.attributes} error={errors.attributes} />
        <p class="hint">{tca(v.lang, "cas.attrHint")}</p>
        <Checkboxes name="singleLogout" legend={tca(v.lang, "cas.singleLogout")} options={[{ value: "on", label: tca(v.lang, "cas.singleLogoutLabel") }]} checked={values.singleLogout ? ["on"] : []} />
        <div class="buttons">
          <button type="submit" class="button">{t(v.lang, "common.save")}</button>
          <a href="/admin/sso/cas" class="button secondary">{t(v.lang, "common.cancel")}</a>
        </div>
      </PostForm>
    </div>
  );
}

type FormState = { id?: string; values: Values; errors?: FieldErrors; status?: number };

function renderForm(c: AdminContext, s: FormState) {
  const lang = c.get("lang");
  const title = s.id ? tca(lang, "cas.edit", { name: s.values.name }) : tca(lang, "cas.new");
  const action = s.id ? `/admin/sso/cas/${s.id}` : "/admin/sso/cas";
  return ssoPage(c, { title, tab: "cas", status: s.status }, (v) => <ServiceForm v={v} action={action} values={s.values} errors={s.errors ?? {}} />);
}

export const renderCasNew = (c: AdminContext) => renderForm(c, { values: BLANK });
export const renderCasEdit = async (c: AdminContext, deps: Deps, ctx: TenantCtx) => {
  const s = await getCasService(deps, ctx.tenant.id, c.req.param("id") ?? "");
  return renderForm(c, { id: s.id, values: valuesOf(s) });
};

/** Create (no id) or save (id): the API's schema and use cases; what was typed comes back on an error. */
export async function saveCas(c: AdminContext, deps: Deps, ctx: TenantCtx, id?: string) {
  if (id) await getCasService(deps, ctx.tenant.id, id);
  const form = await readForm(c);
  const values: Values = { name: form.text("name"), urlPrefix: form.text("urlPrefix"), attributes: form.list("attributes"), singleLogout: form.text("singleLogout") === "on" };
  const parsed = CasServiceInput.safeParse(values);
  if (!parsed.success) {
    const lang = c.get("lang");
    const errors = fieldErrors(parsed.error, (f) => tca.maybe(lang, `cas.err.${f}`) ?? t(lang, "common.formInvalid"));
    return renderForm(c, { ...(id && { id }), values, errors, status: 422 });
  }
  if (id) await updateCasService(deps, ctx, id, parsed.data);
  else await createCasService(deps, ctx, parsed.data);
  return c.redirect(`/admin/sso/cas?done=${id ? "saved" : "created"}`, 303);
}

export async function renderCasDelete(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const s = await getCasService(deps, ctx.tenant.id, c.req.param("id") ?? "");
  return ssoPage(c, { title: tca(c.get("lang"), "cas.delete", { name: s.name }), tab: "cas" }, (v) => (
    <Confirm v={v} action={`/admin/sso/cas/${s.id}/delete`} button={t(v.lang, "common.delete")} cancel="/admin/sso/cas">
      <p><code>{s.urlPrefix}</code></p>
      <Flash kind="warn">{tca(v.lang, "cas.deleteBody")}</Flash>
    </Confirm>
  ));
}

export async function deleteCas(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  await deleteCasService(deps, ctx, c.req.param("id") ?? "");
  return c.redirect("/admin/sso/cas?done=deleted", 303);
}
