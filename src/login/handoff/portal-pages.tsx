/** @jsxImportSource hono/jsx */
import { type AdminContext, type AdminEnv, Facts, Field, Flash, PostForm, readForm, renderPage, SelectField, type TenantCtx, tenantGuard, type View } from "../../ui/index.ts";
import { Hono } from "hono";
import type { Deps } from "../../deps.ts";
import { AppError } from "../../kernel/errors.ts";
import { t } from "../../kernel/i18n.ts";
import { audienceOf } from "./handoff.ts";
import { tp } from "./i18n-portal.ts";
import { hasErrors, inputOf, portalErrors, type PortalErrors, type PortalValues, readPortalForm } from "./portal-form.ts";
import { getOaPortal, HANDOFF_ALGS, type OaPortal } from "../../oa/index.ts";
import { saveOaPortal } from "./portal.ts";


/** The OA web settings page (/admin/oa/portal): where handoffs land, the module list, the signing algorithm. */

export const PORTAL_NAV = "oa-portal";
/** Empty rows under the modules, so an admin can add some without a script. */
const BLANK_ROWS = 3;

type PageState = { values?: PortalValues; errors?: PortalErrors; status?: number };

function ModuleRows({ v, rows, errors }: { v: View; rows: PortalValues["modules"]; errors: PortalErrors }) {
  const all = [...rows, ...Array.from({ length: BLANK_ROWS }, () => ({ name: "", path: "" }))];
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{tp(v.lang, "portal.moduleName")}</th>
            <th scope="col">{tp(v.lang, "portal.modulePath")}</th>
            <th scope="col">{tp(v.lang, "portal.remove")}</th>
          </tr>
        </thead>
        <tbody>
          {all.map((row, i) => {
            const err = errors.rows[i] ?? {};
            const n = i + 1;
            return (
              <tr>
                <td class={err.name ? "field invalid" : "field"}>
                  <input type="text" name="moduleName" value={row.name} maxlength={40} aria-label={tp(v.lang, "portal.rowName", { n })} aria-invalid={err.name ? "true" : undefined} />
                  {err.name && <div class="error">{err.name}</div>}
                </td>
                <td class={err.path ? "field invalid" : "field"}>
                  <input type="text" name="modulePath" value={row.path} class="mono" aria-label={tp(v.lang, "portal.rowPath", { n })} aria-invalid={err.path ? "true" : undefined} />
                  {err.path && <div class="error">{err.path}</div>}
                </td>
                <td>{i < rows.length && <input type="checkbox" name="moduleRemove" value={String(i)} aria-label={tp(v.lang, "portal.rowRemove", { n })} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function PortalForm({ v, values, errors }: { v: View; values: PortalValues; errors: PortalErrors }) {
  return (
    <PostForm v={v} action="/admin/oa/portal" class="stack" label={tp(v.lang, "portal.title")}>
      {hasErrors(errors) && <Flash kind="error">{t(v.lang, "common.formInvalid")}</Flash>}
      <Field name="webBaseUrl" label={tp(v.lang, "portal.webBaseUrl")} value={values.webBaseUrl} error={errors.fields.webBaseUrl} hint={tp(v.lang, "portal.webBaseUrlHint")} required />
      <Field name="ssoPath" label={tp(v.lang, "portal.ssoPath")} value={values.ssoPath} error={errors.fields.ssoPath} hint={tp(v.lang, "portal.ssoPathHint")} required />
      <SelectField name="handoffAlg" label={tp(v.lang, "portal.alg")} value={values.handoffAlg} options={HANDOFF_ALGS.map((a) => ({ value: a, label: a }))} error={errors.fields.handoffAlg} hint={tp(v.lang, "portal.algHint")} />
      <h2>{tp(v.lang, "portal.modules")}</h2>
      <p class="muted">{tp(v.lang, "portal.modulesHint")}</p>
      {errors.modules && <Flash kind="error">{errors.modules}</Flash>}
      <ModuleRows v={v} rows={values.modules} errors={errors} />
      <p class="muted">{tp(v.lang, "portal.moreRows")}</p>
      <div class="buttons">
        <button type="submit" class="button">{t(v.lang, "common.save")}</button>
      </div>
    </PostForm>
  );
}

/** What an OA developer needs to accept handoffs: where the keys are, what iss/aud to expect, where to redeem. */
function ForOa({ v, deps, portal, slug }: { v: View; deps: Deps; portal: OaPortal; slug: string }) {
  const bridge = deps.config.publicUrl;
  return (
    <section class="spaced">
      <h2>{tp(v.lang, "portal.forOa")}</h2>
      <Facts
        rows={[
          [tp(v.lang, "portal.ssoUrl"), <code>{`${portal.webBaseUrl}${portal.ssoPath}?token=…`}</code>],
          [tp(v.lang, "portal.jwks"), <code>{`${bridge}/.well-known/jwks.json`}</code>],
          [tp(v.lang, "portal.iss"), <code>{bridge}</code>],
          [tp(v.lang, "portal.aud"), <code>{audienceOf(slug)}</code>],
          [tp(v.lang, "portal.redeem"), <><code>{`POST ${bridge}/api/v1/handoff/redeem`}</code> {tp(v.lang, "portal.redeemHint")}</>],
        ]}
      />
    </section>
  );
}

const valuesOf = (p: OaPortal): PortalValues => ({ webBaseUrl: p.webBaseUrl, ssoPath: p.ssoPath, handoffAlg: p.handoffAlg, modules: p.modules });

async function renderPortal(c: AdminContext, deps: Deps, ctx: TenantCtx, s: PageState = {}) {
  const portal = await getOaPortal(deps, ctx);
  const title = tp(c.get("lang"), "portal.title");
  const done = tp.maybe(c.get("lang"), `portal.done.${c.req.query("done")}`);
  return renderPage(c, { title, active: PORTAL_NAV, status: s.status }, (v) => (
    <>
      <h1>{title}</h1>
      <p class="muted">{tp(v.lang, "portal.intro")}</p>
      {done && <Flash kind="ok">{done}</Flash>}
      {!portal.configured && <Flash kind="info">{tp(v.lang, "portal.defaults")}</Flash>}
      <div class="panel">
        <PortalForm v={v} values={s.values ?? valuesOf(portal)} errors={s.errors ?? { fields: {}, rows: {} }} />
      </div>
      <ForOa v={v} deps={deps} portal={portal} slug={ctx.tenant.slug} />
    </>
  ));
}

async function save(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const values = readPortalForm(await readForm(c));
  try {
    await saveOaPortal(deps, ctx, inputOf(values));
  } catch (e) {
    if (!(e instanceof AppError && e.code === "VALIDATION_FAILED")) throw e;
    return renderPortal(c, deps, ctx, { values, errors: portalErrors(c.get("lang"), e.errors ?? []), status: 422 });
  }
  return c.redirect("/admin/oa/portal?done=saved", 303);
}

/** In the global view there is no tenant: say how to pick one. */
const withTenant = tenantGuard({ active: PORTAL_NAV, title: (l) => tp(l, "portal.title"), chooseTenant: (l) => tp(l, "portal.chooseTenant") });

export function portalPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/oa/portal", withTenant((c, ctx) => renderPortal(c, deps, ctx)));
  r.post("/oa/portal", withTenant((c, ctx) => save(c, deps, ctx)));
  return r;
}
