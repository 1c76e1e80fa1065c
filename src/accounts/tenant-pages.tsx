/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, Badge, Confirm, ctxOf, Field, fieldErrors, type FieldErrors, Flash, FormInvalid, PostForm, readForm, renderPage, Table, Time, type View } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { AppError, errors } from "../kernel/errors.ts";
import { type Lang, t } from "../kernel/i18n.ts";
import { tt } from "./i18n.ts";
import { createTenant, deleteTenant, getTenant, listTenants, NewTenant, TenantPatch, type TenantView, updateTenant } from "./tenants.ts";

const fieldMessage = (lang: Lang) => (field: string) => tt(lang, field === "slug" ? "tenants.err.slug" : "tenants.err.name");

function TenantRows({ v, tenants, global }: { v: View; tenants: TenantView[]; global: boolean }) {
  const current = v.session?.tenant?.slug;
  const rows = tenants.map((tn) => [
    <code>{tn.slug}</code>,
    <>
      {tn.name} {tn.slug === current && <Badge kind="ok">{tt(v.lang, "tenants.current")}</Badge>}
    </>,
    <Time v={v} at={tn.createdAt} />,
    <div class="buttons">
      <a href={`/admin/tenants/${tn.slug}`}>{tt(v.lang, "tenants.rename")}</a>
      {global && tn.slug !== current && (
        <PostForm v={v} action="/admin/tenant">
          <input type="hidden" name="tenant" value={tn.slug} />
          <input type="hidden" name="back" value="/admin/tenants" />
          <button type="submit" class="linkbutton">{tt(v.lang, "tenants.workHere")}</button>
        </PostForm>
      )}
      {global && <a href={`/admin/tenants/${tn.slug}/delete`} class="danger-text">{t(v.lang, "common.delete")}</a>}
    </div>,
  ]);
  const head = [tt(v.lang, "tenants.slug"), tt(v.lang, "tenants.name"), t(v.lang, "common.createdAt"), t(v.lang, "common.actions")];
  return <Table head={head} rows={rows} empty={t(v.lang, "common.empty")} />;
}

type ListState = { input?: { slug: string; name: string }; errors?: FieldErrors; status?: number };

async function renderList(c: AdminContext, deps: Deps, s: ListState = {}) {
  const ctx = ctxOf(c);
  const tenants = await listTenants(deps, ctx);
  const done = tt.maybe(c.get("lang"), `tenants.done.${c.req.query("done")}`);
  const errs = s.errors ?? {};
  return renderPage(c, { title: tt(c.get("lang"), "tenants.title"), active: "tenants", status: s.status }, (v) => (
    <>
      <h1>{tt(v.lang, "tenants.title")}</h1>
      <p class="muted">{tt(v.lang, "tenants.intro")}</p>
      {done && <Flash kind="ok">{done}</Flash>}
      <TenantRows v={v} tenants={tenants} global={ctx.actor.global} />
      {ctx.actor.global && (
        <section class="panel spaced">
          <h2>{tt(v.lang, "tenants.new")}</h2>
          <FormInvalid v={v} errors={errs} />
          <PostForm v={v} action="/admin/tenants" class="stack" label={tt(v.lang, "tenants.new")}>
            <Field name="slug" label={tt(v.lang, "tenants.slug")} value={s.input?.slug} error={errs.slug} hint={tt(v.lang, "tenants.slugHint")} required maxlength={40} />
            <Field name="name" label={tt(v.lang, "tenants.name")} value={s.input?.name} error={errs.name} required maxlength={128} />
            <div class="buttons">
              <button type="submit" class="button">{t(v.lang, "common.create")}</button>
            </div>
          </PostForm>
        </section>
      )}
    </>
  ));
}

function renderEdit(c: AdminContext, tenant: TenantView, s: { name?: string; errors?: FieldErrors; status?: number } = {}) {
  const global = ctxOf(c).actor.global;
  const errs = s.errors ?? {};
  return renderPage(c, { title: tt(c.get("lang"), "tenants.edit", { name: tenant.name }), active: "tenants", status: s.status }, (v) => (
    <>
      <h1>{tt(v.lang, "tenants.edit", { name: tenant.name })}</h1>
      <div class="panel">
        <FormInvalid v={v} errors={errs} />
        <PostForm v={v} action={`/admin/tenants/${tenant.slug}`} class="stack" label={tt(v.lang, "tenants.rename")}>
          <Field name="name" label={tt(v.lang, "tenants.name")} value={s.name ?? tenant.name} error={errs.name} required maxlength={128} />
          <div class="buttons">
            <button type="submit" class="button">{t(v.lang, "common.save")}</button>
            <a href="/admin/tenants" class="button secondary">{t(v.lang, "common.back")}</a>
          </div>
        </PostForm>
      </div>
      {global && (
        <p>
          <a href={`/admin/tenants/${tenant.slug}/delete`} class="danger-text">{tt(v.lang, "tenants.delete")}</a>
        </p>
      )}
    </>
  ));
}

function renderDelete(c: AdminContext, tenant: TenantView, error?: string) {
  return renderPage(c, { title: tt(c.get("lang"), "tenants.delete"), active: "tenants", status: error ? 422 : 200 }, (v) => (
    <>
      <h1>{tt(v.lang, "tenants.deleteTitle", { name: tenant.name })}</h1>
      <Confirm
        v={v}
        action={`/admin/tenants/${tenant.slug}/delete`}
        button={tt(v.lang, "tenants.delete")}
        cancel="/admin/tenants"
        fields={<Field name="confirm" label={tt(v.lang, "tenants.deleteType", { slug: tenant.slug })} error={error} required autocomplete="off" />}
      >
        <Flash kind="warn">{tt(v.lang, "tenants.deleteBody")}</Flash>
      </Confirm>
    </>
  ));
}

async function createFromForm(c: AdminContext, deps: Deps) {
  const form = await readForm(c);
  const input = { slug: form.text("slug").trim(), name: form.text("name") };
  const parsed = NewTenant.safeParse(input);
  if (!parsed.success) return renderList(c, deps, { input, errors: fieldErrors(parsed.error, fieldMessage(c.get("lang"))), status: 422 });
  try {
    await createTenant(deps, ctxOf(c), parsed.data);
  } catch (e) {
    if (!(e instanceof AppError && e.code === "TENANT_EXISTS")) throw e;
    return renderList(c, deps, { input, errors: { slug: tt(c.get("lang"), "tenants.err.exists") }, status: 409 });
  }
  return c.redirect("/admin/tenants?done=created", 303);
}

export function tenantPages(deps: Deps) {
  const r = new Hono<AdminEnv>();

  r.get("/tenants", (c) => renderList(c, deps));
  r.post("/tenants", (c) => createFromForm(c, deps));

  r.get("/tenants/:slug", async (c) => renderEdit(c, await getTenant(deps, ctxOf(c), c.req.param("slug"))));
  r.post("/tenants/:slug", async (c) => {
    const ctx = ctxOf(c);
    const tenant = await getTenant(deps, ctx, c.req.param("slug"));
    const name = (await readForm(c)).text("name");
    const parsed = TenantPatch.safeParse({ name });
    if (!parsed.success) return renderEdit(c, tenant, { name, errors: fieldErrors(parsed.error, fieldMessage(c.get("lang"))), status: 422 });
    await updateTenant(deps, ctx, tenant.slug, parsed.data);
    return c.redirect("/admin/tenants?done=renamed", 303);
  });

  r.get("/tenants/:slug/delete", async (c) => {
    const ctx = ctxOf(c);
    const tenant = await getTenant(deps, ctx, c.req.param("slug"));
    if (!ctx.actor.global) throw new AppError("FORBIDDEN", { variant: "globalOnly", action: "deleteTenants" });
    return renderDelete(c, tenant);
  });
  r.post("/tenants/:slug/delete", async (c) => {
    const ctx = ctxOf(c);
    const tenant = await getTenant(deps, ctx, c.req.param("slug"));
    // Typing the slug guards against deleting the wrong tenant from a stale tab.
    if ((await readForm(c)).text("confirm").trim() !== tenant.slug) return renderDelete(c, tenant, tt(c.get("lang"), "tenants.err.confirm"));
    await deleteTenant(deps, ctx, tenant.slug, { confirm: true });
    return c.redirect("/admin/tenants?done=deleted", 303);
  });

  return r;
}
