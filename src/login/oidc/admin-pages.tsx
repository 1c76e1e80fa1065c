/** @jsxImportSource hono/jsx */
import { type AdminContext, Badge, Field, fieldErrors, type FieldErrors, Flash, FormInvalid, PostForm, readForm, Table, type TenantCtx, TextAreaField, Value, type View } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { t } from "../../kernel/i18n.ts";
import { ssoPage } from "../session/admin-parts.tsx";
import { NewOidcClient, OidcClientPatch, type OidcClientView } from "./client-input.ts";
import { createOidcClient, getOidcClient, listOidcClients, updateOidcClient } from "./clients.ts";
import { renderSecret } from "./admin-secret.tsx";
import { toa } from "./i18n-admin.ts";

/** /admin/sso/oidc…: the tenant's OIDC clients, through the API's use cases and schemas. */

type ClientType = OidcClientView["type"];
type Values = { name: string; type: string; redirectUris: string; postLogoutUris: string };
const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const valuesOf = (cl: OidcClientView): Values => ({ name: cl.name, type: cl.type, redirectUris: cl.redirectUris.join("\n"), postLogoutUris: cl.postLogoutUris.join("\n") });
const BLANK: Values = { name: "", type: "confidential", redirectUris: "", postLogoutUris: "" };

function ClientTable({ v, items }: { v: View; items: OidcClientView[] }) {
  const head = [toa(v.lang, "oidc.name"), toa(v.lang, "oidc.clientId"), toa(v.lang, "oidc.type"), toa(v.lang, "oidc.redirectUris"), t(v.lang, "common.actions")];
  const rows = items.map((cl) => [
    <Value>{cl.name}</Value>,
    <code>{cl.clientId}</code>,
    <Badge kind={cl.type === "confidential" ? "ok" : undefined}>{toa(v.lang, `oidc.typeShort.${cl.type}`)}</Badge>,
    <>{cl.redirectUris.map((u) => <div><code>{u}</code></div>)}</>,
    <>
      <a href={`/admin/sso/oidc/${cl.id}`}>{t(v.lang, "common.edit")}</a>
      {cl.type === "confidential" && <> · <a href={`/admin/sso/oidc/${cl.id}/secret`}>{toa(v.lang, "oidc.rotate")}</a></>} ·{" "}
      <a href={`/admin/sso/oidc/${cl.id}/delete`} class="danger-text">{t(v.lang, "common.delete")}</a>
    </>,
  ]);
  return <Table head={head} rows={rows} empty={toa(v.lang, "oidc.empty")} />;
}

export async function renderOidcList(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const items = await listOidcClients(deps, ctx);
  const done = toa.maybe(c.get("lang"), `oidc.done.${c.req.query("done")}`);
  return ssoPage(c, { title: toa(c.get("lang"), "oidc.title"), tab: "oidc" }, (v) => (
    <>
      <p class="muted">{toa(v.lang, "oidc.intro")}</p>
      {done && <Flash kind="ok">{done}</Flash>}
      <ClientTable v={v} items={items} />
      <p class="spaced">
        <a class="button" href="/admin/sso/oidc/new">{toa(v.lang, "oidc.new")}</a>
      </p>
    </>
  ));
}

function TypeChoice({ v, value, error, fixed }: { v: View; value: string; error?: string | undefined; fixed: boolean }) {
  if (fixed) return <p><strong>{toa(v.lang, "oidc.type")}</strong>：{toa(v.lang, `oidc.typeShort.${value as ClientType}`)} <span class="muted">{toa(v.lang, "oidc.typeFixed")}</span></p>;
  return (
    <div class={error ? "field invalid" : "field"}>
      <fieldset>
        <legend>{toa(v.lang, "oidc.type")}</legend>
        {(["confidential", "public"] as const).map((ty) => (
          <p><label><input type="radio" name="type" value={ty} checked={value === ty} /> {toa(v.lang, `oidc.type.${ty}`)}</label></p>
        ))}
      </fieldset>
      {error && <div class="error">{error}</div>}
    </div>
  );
}

type FormState = { id?: string; values: Values; errors?: FieldErrors; status?: number };

function renderForm(c: AdminContext, s: FormState) {
  const lang = c.get("lang");
  const title = s.id ? toa(lang, "oidc.edit", { name: s.values.name }) : toa(lang, "oidc.new");
  const errors = s.errors ?? {};
  return ssoPage(c, { title, tab: "oidc", status: s.status }, (v) => (
    <div class="panel">
      <FormInvalid v={v} errors={errors} />
      <PostForm v={v} action={s.id ? `/admin/sso/oidc/${s.id}` : "/admin/sso/oidc"} class="stack">
        <Field name="name" label={toa(v.lang, "oidc.name")} value={s.values.name} error={errors.name} required maxlength={100} />
        <TypeChoice v={v} value={s.values.type} error={errors.type} fixed={s.id !== undefined} />
        <TextAreaField name="redirectUris" label={toa(v.lang, "oidc.redirectUris")} value={s.values.redirectUris} rows={4} hint={toa(v.lang, "oidc.redirectHint")} error={errors.redirectUris} />
        <TextAreaField name="postLogoutUris" label={toa(v.lang, "oidc.postLogoutUris")} value={s.values.postLogoutUris} rows={3} hint={toa(v.lang, "oidc.postLogoutHint")} error={errors.postLogoutUris} />
        <div class="buttons">
          <button type="submit" class="button">{t(v.lang, "common.save")}</button>
          <a href="/admin/sso/oidc" class="button secondary">{t(v.lang, "common.cancel")}</a>
        </div>
      </PostForm>
    </div>
  ));
}

export const renderOidcNew = (c: AdminContext) => renderForm(c, { values: BLANK });
export async function renderOidcEdit(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const cl = await getOidcClient(deps, ctx, c.req.param("id") ?? "");
  return renderForm(c, { id: cl.id, values: valuesOf(cl) });
}

/** Create (no id: the secret is shown on this answer, once) or save (id); what was typed comes back on an error. */
export async function saveOidc(c: AdminContext, deps: Deps, ctx: TenantCtx, id?: string) {
  const before = id ? await getOidcClient(deps, ctx, id) : undefined;
  const form = await readForm(c);
  const values: Values = { name: form.text("name"), type: before?.type ?? form.text("type"), redirectUris: form.text("redirectUris"), postLogoutUris: form.text("postLogoutUris") };
  const input = { name: values.name, redirectUris: lines(values.redirectUris), postLogoutUris: lines(values.postLogoutUris) };
  const parsed = before ? OidcClientPatch.safeParse(input) : NewOidcClient.safeParse({ ...input, type: values.type });
  if (!parsed.success) {
    const lang = c.get("lang");
    const errors = fieldErrors(parsed.error, (f) => toa.maybe(lang, `oidc.err.${f}`) ?? t(lang, "common.formInvalid"));
    return renderForm(c, { ...(id && { id }), values, errors, status: 422 });
  }
  if (before) {
    await updateOidcClient(deps, ctx, before.id, input);
    return c.redirect("/admin/sso/oidc?done=saved", 303);
  }
  const created = await createOidcClient(deps, ctx, { ...input, type: values.type as ClientType });
  return renderSecret(c, created, "created");
}
