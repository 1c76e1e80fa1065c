import { z } from "@hono/zod-openapi";
import type { Deps } from "../../deps.ts";
import { apiRoute, createApi, jsonBody, jsonContent } from "../../kernel/http/openapi.ts";
import { tenantCtx } from "../../kernel/http/scope.ts";
import { NewOidcClient, OidcClientPatch, OidcClientView, OidcClientWithSecret } from "./client-input.ts";
import { createOidcClient, deleteOidcClient, getOidcClient, listOidcClients, rotateOidcClientSecret, updateOidcClient } from "./clients.ts";

const tags = ["SSO: OpenID Connect"];
const IdParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });
const base = "/sso/oidc/clients";

/** The tenant's OIDC clients (JSON API, mounted under /api/v1). */
export function oidcClientRoutes(deps: Deps) {
  const api = createApi();
  api.openapi(
    apiRoute("read", { method: "get", path: base, tags, summary: "The tenant's OpenID Connect clients", responses: { 200: jsonContent(z.object({ items: z.array(OidcClientView) }), "Clients") } }),
    async (c) => c.json({ items: await listOidcClients(deps, tenantCtx(c)) }, 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post", path: base, tags, summary: "Register a client: public (PKCE S256) or confidential (its secret is in this answer only)",
      request: { body: jsonBody(NewOidcClient) }, responses: { 201: jsonContent(OidcClientWithSecret, "Created") },
    }),
    async (c) => c.json(await createOidcClient(deps, tenantCtx(c), c.req.valid("json")), 201),
  );
  api.openapi(
    apiRoute("read", { method: "get", path: `${base}/{id}`, tags, summary: "A client (never its secret)", request: { params: IdParam }, responses: { 200: jsonContent(OidcClientView, "The client") } }),
    async (c) => c.json(await getOidcClient(deps, tenantCtx(c), c.req.valid("param").id), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "patch", path: `${base}/{id}`, tags, summary: "Change a client's name, redirect URIs or post-logout URIs (only the fields sent)",
      request: { params: IdParam, body: jsonBody(OidcClientPatch) }, responses: { 200: jsonContent(OidcClientView, "Saved") },
    }),
    async (c) => c.json(await updateOidcClient(deps, tenantCtx(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post", path: `${base}/{id}/secret`, tags, summary: "A new secret for a confidential client (shown once; the old one stops working at once)",
      request: { params: IdParam }, responses: { 200: jsonContent(OidcClientWithSecret, "Rotated") },
    }),
    async (c) => c.json(await rotateOidcClientSecret(deps, tenantCtx(c), c.req.valid("param").id), 200),
  );
  api.openapi(
    apiRoute("admin", { method: "delete", path: `${base}/{id}`, tags, summary: "Delete a client and revoke its access tokens", request: { params: IdParam }, responses: { 204: { description: "Deleted" } } }),
    async (c) => {
      await deleteOidcClient(deps, tenantCtx(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
  return api;
}
