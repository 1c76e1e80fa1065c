import { z } from "@hono/zod-openapi";
import type { Deps } from "../../deps.ts";
import { apiRoute, createApi, jsonBody, jsonContent } from "../../kernel/http/openapi.ts";
import { tenantCtx } from "../../kernel/http/scope.ts";
import { CAS_ATTRIBUTES, CasServiceInput, CasServicePatch, createCasService, deleteCasService, getCasService, listCasServices, updateCasService } from "./services.ts";

const tags = ["Single sign-on"];
const CasServiceView = z
  .object({
    id: z.string(),
    name: z.string(),
    urlPrefix: z.string().openapi({ description: "Tickets are issued only for service URLs under this prefix" }),
    attributes: z.array(z.enum(CAS_ATTRIBUTES)),
    singleLogout: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("CasService");
const IdParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });

/** The tenant's CAS service registry (JSON API, mounted under /api/v1). */
export function casServiceRoutes(deps: Deps) {
  const api = createApi();
  api.openapi(
    apiRoute("read", { method: "get", path: "/sso/cas/services", tags, summary: "CAS services allowed to sign people in", responses: { 200: jsonContent(z.object({ items: z.array(CasServiceView) }), "Services") } }),
    async (c) => c.json({ items: await listCasServices(deps, tenantCtx(c).tenant.id) }, 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post", path: "/sso/cas/services", tags, summary: "Register a CAS service: name, URL prefix (scheme, host, port, path; no wildcards), released attributes, single logout",
      request: { body: jsonBody(CasServiceInput) }, responses: { 201: jsonContent(CasServiceView, "Registered") },
    }),
    async (c) => c.json(await createCasService(deps, tenantCtx(c), c.req.valid("json")), 201),
  );
  api.openapi(
    apiRoute("read", { method: "get", path: "/sso/cas/services/{id}", tags, summary: "A CAS service", request: { params: IdParam }, responses: { 200: jsonContent(CasServiceView, "The service") } }),
    async (c) => c.json(await getCasService(deps, tenantCtx(c).tenant.id, c.req.valid("param").id), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "patch", path: "/sso/cas/services/{id}", tags, summary: "Change a CAS service (only the fields sent)",
      request: { params: IdParam, body: jsonBody(CasServicePatch) }, responses: { 200: jsonContent(CasServiceView, "Saved") },
    }),
    async (c) => c.json(await updateCasService(deps, tenantCtx(c), c.req.valid("param").id, c.req.valid("json")), 200),
  );
  api.openapi(
    apiRoute("admin", { method: "delete", path: "/sso/cas/services/{id}", tags, summary: "Remove a CAS service: its URLs get no more tickets", request: { params: IdParam }, responses: { 204: { description: "Removed" } } }),
    async (c) => {
      await deleteCasService(deps, tenantCtx(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
  return api;
}
