/** @jsxImportSource hono/jsx */
import { type AdminContext, CopyField, Field, Flash, FormInvalid, PostForm, readForm, type TenantCtx, type View } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { t } from "../../kernel/i18n.ts";
import { listCasServices } from "../cas/services.ts";
import { listOidcClients } from "../oidc/clients.ts";
import { saveSsoSettings, SsoSettingsInput } from "./admin.ts";
import { ssoPage } from "./admin-parts.tsx";
import { tsa } from "./i18n-admin.ts";
import { type SsoMethod, ssoSettingsFor, tenantPath } from "./session.ts";

/** /admin/sso: the sign-in method and session lifetime, and what the OA's CAS / OIDC client needs. */

type Values = { method: string; sessionMinutes: string };
type Errors = Partial<Record<keyof Values, string>>;
const METHODS: SsoMethod[] = ["handoff", "cas", "oidc"];

function SettingsForm({ v, values, errors }: { v: View; values: Values; errors: Errors }) {
  return (
    <PostForm v={v} action="/admin/sso" class="stack" label={tsa(v.lang, "sso.tab.settings")}>
      <FormInvalid v={v} errors={errors} />
      <div class={errors.method ? "field invalid" : "field"}>
        <fieldset>
          <legend>{tsa(v.lang, "sso.method")}</legend>
          {METHODS.map((m) => (
            <p>
              <label>
                <input type="radio" name="method" value={m} checked={values.method === m} /> <strong>{tsa(v.lang, `sso.method.${m}`)}</strong>
              </label>
              <br />
              <span class="muted">{tsa(v.lang, `sso.method.${m}Hint`)}</span>
            </p>
          ))}
        </fieldset>
        {errors.method && <div class="error">{errors.method}</div>}
      </div>
      <Field name="sessionMinutes" label={tsa(v.lang, "sso.minutes")} value={values.sessionMinutes} error={errors.sessionMinutes} hint={tsa(v.lang, "sso.minutesHint")} required maxlength={6} />
      <div class="buttons">
        <button type="submit" class="button">{t(v.lang, "common.save")}</button>
      </div>
    </PostForm>
  );
}

/** What an admin types into a generic CAS or OIDC client, each with a copy button. */
function ForOa({ v, base }: { v: View; base: string }) {
  const cas = `${base}cas`;
  const issuer = `${base}oidc`;
  return (
    <section class="spaced">
      <h2>{tsa(v.lang, "sso.forOa")}</h2>
      <p class="muted">{tsa(v.lang, "sso.forOaHint")}</p>
      <div class="panel stack">
        <h3>{tsa(v.lang, "sso.cas")}</h3>
        <CopyField v={v} id="cas-base" label={tsa(v.lang, "sso.casBase")} value={cas} />
        <CopyField v={v} id="cas-login" label={tsa(v.lang, "sso.casLogin")} value={`${cas}/login`} />
        <CopyField v={v} id="cas-validate" label={tsa(v.lang, "sso.casValidate")} value={`${cas}/serviceValidate`} />
        <CopyField v={v} id="cas-p3" label={tsa(v.lang, "sso.casP3")} value={`${cas}/p3/serviceValidate`} />
        <CopyField v={v} id="cas-logout" label={tsa(v.lang, "sso.casLogout")} value={`${cas}/logout`} />
        <p class="muted">{tsa(v.lang, "sso.casNext")} <a href="/admin/sso/cas">{tsa(v.lang, "sso.tab.cas")}</a></p>
      </div>
      <div class="panel stack spaced">
        <h3>{tsa(v.lang, "sso.oidc")}</h3>
        <CopyField v={v} id="oidc-issuer" label={tsa(v.lang, "sso.issuer")} value={issuer} />
        <CopyField v={v} id="oidc-discovery" label={tsa(v.lang, "sso.discovery")} value={`${issuer}/.well-known/openid-configuration`} />
        <p class="muted">{tsa(v.lang, "sso.oidcNext")} <a href="/admin/sso/oidc">{tsa(v.lang, "sso.tab.oidc")}</a></p>
      </div>
    </section>
  );
}

/** CAS or OIDC chosen with nothing registered for it: people would reach the OA and not get in. */
async function nothingRegistered(deps: Deps, ctx: TenantCtx, method: SsoMethod): Promise<"cas" | "oidc" | undefined> {
  if (method === "cas") return (await listCasServices(deps, ctx.tenant.id)).length === 0 ? "cas" : undefined;
  if (method === "oidc") return (await listOidcClients(deps, ctx)).length === 0 ? "oidc" : undefined;
  return undefined;
}

export async function renderSettings(c: AdminContext, deps: Deps, ctx: TenantCtx, s: { values?: Values; errors?: Errors; status?: number } = {}) {
  const saved = await ssoSettingsFor(deps, ctx.tenant.id);
  const values = s.values ?? { method: saved.method, sessionMinutes: String(saved.sessionMinutes) };
  const done = tsa.maybe(c.get("lang"), `sso.done.${c.req.query("done")}`);
  const unregistered = await nothingRegistered(deps, ctx, saved.method);
  return ssoPage(c, { title: tsa(c.get("lang"), "sso.title"), tab: "settings", status: s.status }, (v) => (
    <>
      <p class="muted">{tsa(v.lang, "sso.intro")}</p>
      {done && <Flash kind="ok">{done}</Flash>}
      {unregistered && (
        <Flash kind="warn">
          <span data-warn={unregistered}>{tsa(v.lang, `sso.warn.${unregistered}`)}</span> <a href={`/admin/sso/${unregistered}`}>{tsa(v.lang, `sso.tab.${unregistered}`)}</a>
        </Flash>
      )}
      <div class="panel">
        <SettingsForm v={v} values={values} errors={s.errors ?? {}} />
      </div>
      <ForOa v={v} base={`${deps.config.publicUrl}${tenantPath(ctx.tenant.slug)}`} />
    </>
  ));
}

/** Validated as the API validates (the same schema), saved by the same use case (audited). */
export async function saveSettings(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const form = await readForm(c);
  const values: Values = { method: form.text("method"), sessionMinutes: form.text("sessionMinutes").trim() };
  const minutes = /^\d{1,6}$/.test(values.sessionMinutes) ? Number(values.sessionMinutes) : Number.NaN;
  const parsed = SsoSettingsInput.safeParse({ method: values.method || undefined, sessionMinutes: minutes });
  if (!parsed.success || !values.method) {
    const lang = c.get("lang");
    const bad = new Set(parsed.success ? [] : parsed.error.issues.map((i) => String(i.path[0])));
    const errors: Errors = {
      ...((bad.has("method") || !values.method) && { method: tsa(lang, "sso.err.method") }),
      ...(bad.has("sessionMinutes") && { sessionMinutes: tsa(lang, "sso.err.minutes") }),
    };
    return renderSettings(c, deps, ctx, { values, errors, status: 422 });
  }
  await saveSsoSettings(deps, ctx, parsed.data);
  return c.redirect("/admin/sso?done=saved", 303);
}
