/** @jsxImportSource hono/jsx */
import { type AdminContext, Confirm, CopyField, Facts, Flash, type TenantCtx, Value } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { t } from "../../kernel/i18n.ts";
import { ssoPage } from "../session/admin-parts.tsx";
import type { OidcClientWithSecret } from "./client-input.ts";
import { deleteOidcClient, getOidcClient, rotateOidcClientSecret } from "./clients.ts";
import { tsa } from "../session/i18n-admin.ts";
import { toa } from "./i18n-admin.ts";

/**
 * A new client's or a rotated secret, shown on the POST's own answer (never in a URL, never on a
 * later page): the bridge keeps only its hash. Deleting and rotating each ask to confirm first.
 */
export function renderSecret(c: AdminContext, cl: OidcClientWithSecret, how: "created" | "rotated") {
  const lang = c.get("lang");
  return ssoPage(c, { title: toa(lang, how === "created" ? "oidc.created" : "oidc.rotated", { name: cl.name }), tab: "oidc" }, (v) => (
    <section class="panel stack">
      <Facts rows={[[toa(v.lang, "oidc.name"), <Value>{cl.name}</Value>], [tsa(v.lang, "sso.issuer"), <code>{cl.issuer}</code>]]} />
      <CopyField v={v} id="oidc-client-id" label={toa(v.lang, "oidc.clientId")} value={cl.clientId} />
      {cl.clientSecret && (
        <>
          <Flash kind="warn">{toa(v.lang, "oidc.secretOnce")}</Flash>
          <CopyField v={v} id="oidc-client-secret" label={toa(v.lang, "oidc.secret")} value={cl.clientSecret} autofocus />
        </>
      )}
      {how === "rotated" && <p class="muted">{toa(v.lang, "oidc.rotatedOld")}</p>}
      <p><a href="/admin/sso/oidc" class="button secondary">{toa(v.lang, "oidc.toList")}</a></p>
    </section>
  ));
}

export async function renderRotateConfirm(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const cl = await getOidcClient(deps, ctx, c.req.param("id") ?? "");
  return ssoPage(c, { title: toa(c.get("lang"), "oidc.rotateTitle", { name: cl.name }), tab: "oidc" }, (v) => (
    <Confirm v={v} action={`/admin/sso/oidc/${cl.id}/secret`} button={toa(v.lang, "oidc.rotate")} cancel="/admin/sso/oidc">
      <p><code>{cl.clientId}</code></p>
      <Flash kind="warn">{toa(v.lang, "oidc.rotateBody")}</Flash>
    </Confirm>
  ));
}

export async function rotateSecret(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  return renderSecret(c, await rotateOidcClientSecret(deps, ctx, c.req.param("id") ?? ""), "rotated");
}

export async function renderDeleteConfirm(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const cl = await getOidcClient(deps, ctx, c.req.param("id") ?? "");
  return ssoPage(c, { title: toa(c.get("lang"), "oidc.delete", { name: cl.name }), tab: "oidc" }, (v) => (
    <Confirm v={v} action={`/admin/sso/oidc/${cl.id}/delete`} button={t(v.lang, "common.delete")} cancel="/admin/sso/oidc">
      <p><code>{cl.clientId}</code></p>
      <Flash kind="warn">{toa(v.lang, "oidc.deleteBody")}</Flash>
    </Confirm>
  ));
}

export async function deleteClient(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  await deleteOidcClient(deps, ctx, c.req.param("id") ?? "");
  return c.redirect("/admin/sso/oidc?done=deleted", 303);
}
