import { Hono } from "hono";
import type { AdminEnv } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { deleteCas, renderCasDelete, renderCasEdit, renderCasList, renderCasNew, saveCas } from "../cas/admin-pages.tsx";
import { renderOidcEdit, renderOidcList, renderOidcNew, saveOidc } from "../oidc/admin-pages.tsx";
import { deleteClient, renderDeleteConfirm, renderRotateConfirm, rotateSecret } from "../oidc/admin-secret.tsx";
import { withSsoTenant as tenant } from "./admin-parts.tsx";
import { renderSessions, revokeFromAdmin } from "./sessions-page.tsx";
import { renderSettings, saveSettings } from "./settings-page.tsx";

/**
 * The SSO area of the admin, for the working tenant: the sign-in method (/admin/sso), sessions,
 * CAS services and OIDC clients. Forms carry the admin's CSRF field (checked before these run) and
 * call the same use cases as /api/v1/sso, so both are audited alike.
 */
export function ssoAdminPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/sso", tenant((c, ctx) => renderSettings(c, deps, ctx)));
  r.post("/sso", tenant((c, ctx) => saveSettings(c, deps, ctx)));
  r.get("/sso/sessions", tenant((c, ctx) => renderSessions(c, deps, ctx)));
  r.post("/sso/sessions/:id/revoke", tenant((c, ctx) => revokeFromAdmin(c, deps, ctx)));

  r.get("/sso/cas", tenant((c, ctx) => renderCasList(c, deps, ctx)));
  r.post("/sso/cas", tenant((c, ctx) => saveCas(c, deps, ctx)));
  r.get("/sso/cas/new", tenant((c) => renderCasNew(c)));
  r.get("/sso/cas/:id", tenant((c, ctx) => renderCasEdit(c, deps, ctx)));
  r.post("/sso/cas/:id", tenant((c, ctx) => saveCas(c, deps, ctx, c.req.param("id"))));
  r.get("/sso/cas/:id/delete", tenant((c, ctx) => renderCasDelete(c, deps, ctx)));
  r.post("/sso/cas/:id/delete", tenant((c, ctx) => deleteCas(c, deps, ctx)));

  r.get("/sso/oidc", tenant((c, ctx) => renderOidcList(c, deps, ctx)));
  r.post("/sso/oidc", tenant((c, ctx) => saveOidc(c, deps, ctx)));
  r.get("/sso/oidc/new", tenant((c) => renderOidcNew(c)));
  r.get("/sso/oidc/:id", tenant((c, ctx) => renderOidcEdit(c, deps, ctx)));
  r.post("/sso/oidc/:id", tenant((c, ctx) => saveOidc(c, deps, ctx, c.req.param("id"))));
  r.get("/sso/oidc/:id/secret", tenant((c, ctx) => renderRotateConfirm(c, deps, ctx)));
  r.post("/sso/oidc/:id/secret", tenant((c, ctx) => rotateSecret(c, deps, ctx)));
  r.get("/sso/oidc/:id/delete", tenant((c, ctx) => renderDeleteConfirm(c, deps, ctx)));
  r.post("/sso/oidc/:id/delete", tenant((c, ctx) => deleteClient(c, deps, ctx)));
  return r;
}
