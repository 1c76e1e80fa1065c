import { z } from "@hono/zod-openapi";
import type { Deps } from "../deps.ts";
import { SCOPES } from "../kernel/http/env.ts";
import { apiRoute, createApi, jsonBody, jsonContent } from "../kernel/http/openapi.ts";
import { createAdminUser, deleteAdminUser, listAdminUsers, NewAdminUser } from "./admins.ts";
import { apiCtx } from "../kernel/http/scope.ts";
import { createTenant, deleteTenant, getTenant, listTenants, NewTenant, TenantPatch, updateTenant } from "./tenants.ts";
import { getToken, issueToken, listTokens, NewToken, revokeToken } from "./tokens.ts";

const Tenant = z
  .object({ id: z.string(), slug: z.string(), name: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("Tenant");
const Token = z
  .object({
    id: z.string(),
    name: z.string(),
    scopes: z.array(z.enum(SCOPES)),
    hint: z.string(),
    tenant: z.enum(["global", "tenant"]),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    status: z.enum(["active", "expired", "revoked"]),
  })
  .openapi("Token");
const AdminUser = z
  .object({
    id: z.string(),
    username: z.string(),
    level: z.enum(["global", "tenant"]),
    lockedUntil: z.string().nullable(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("AdminUser");
// Built with the openapi-aware `z` here (a plain zod schema may lack `.openapi` depending on import order).
const ConfirmTenantDelete = z.object({
  confirm: z.enum(["true", "false"]).optional().openapi({ param: { name: "confirm", in: "query" }, description: "Must be true: the tenant's enterprises, directory, bindings, tokens and admins go with it" }),
});
const SlugParam = z.object({ slug: z.string().min(1).max(40).openapi({ param: { name: "slug", in: "path" }, example: "default" }) });
const IdParam = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });

const tenantTag = ["Tenants"];
const tokenTag = ["Tokens"];

export function tenancyRoutes(deps: Deps) {
  const api = createApi();

  api.openapi(
    apiRoute("any", {
      method: "get",
      path: "/whoami",
      tags: ["Tokens"],
      summary: "Who this token is: its level, tenant and scopes",
      responses: {
        200: jsonContent(
          z.object({ token: z.string(), level: z.enum(["global", "tenant"]), tenant: z.string().nullable(), scopes: z.array(z.string()) }),
          "The caller",
        ),
      },
    }),
    (c) => {
      const p = c.get("principal")!;
      return c.json(
        { token: p.label, level: p.tenantId === null ? ("global" as const) : ("tenant" as const), tenant: c.get("tenant")?.slug ?? null, scopes: p.scopes },
        200,
      );
    },
  );

  api.openapi(
    apiRoute("read", {
      method: "get",
      path: "/tenants",
      tags: tenantTag,
      summary: "List the tenants this token can see",
      responses: { 200: jsonContent(z.object({ items: z.array(Tenant) }), "Tenants") },
    }),
    async (c) => c.json({ items: await listTenants(deps, apiCtx(c)) }, 200),
  );

  api.openapi(
    apiRoute("admin", {
      method: "post",
      path: "/tenants",
      tags: tenantTag,
      summary: "Create a tenant (global admins only)",
      request: { body: jsonBody(NewTenant) },
      responses: { 201: jsonContent(Tenant, "The new tenant") },
    }),
    async (c) => c.json(await createTenant(deps, apiCtx(c), c.req.valid("json")), 201),
  );

  api.openapi(
    apiRoute("read", {
      method: "get",
      path: "/tenants/{slug}",
      tags: tenantTag,
      summary: "Get a tenant",
      request: { params: SlugParam },
      responses: { 200: jsonContent(Tenant, "The tenant") },
    }),
    async (c) => c.json(await getTenant(deps, apiCtx(c), c.req.valid("param").slug), 200),
  );

  api.openapi(
    apiRoute("admin", {
      method: "patch",
      path: "/tenants/{slug}",
      tags: tenantTag,
      summary: "Rename a tenant",
      request: { params: SlugParam, body: jsonBody(TenantPatch) },
      responses: { 200: jsonContent(Tenant, "The tenant") },
    }),
    async (c) => c.json(await updateTenant(deps, apiCtx(c), c.req.valid("param").slug, c.req.valid("json")), 200),
  );

  api.openapi(
    apiRoute("admin", {
      method: "delete",
      path: "/tenants/{slug}",
      tags: tenantTag,
      summary: "Delete a tenant and everything it owns (global admins only; needs ?confirm=true)",
      request: { params: SlugParam, query: ConfirmTenantDelete },
      responses: { 204: { description: "Deleted" }, 409: { description: "Not confirmed: nothing deleted (CONFIRMATION_REQUIRED)" } },
    }),
    async (c) => {
      await deleteTenant(deps, apiCtx(c), c.req.valid("param").slug, { confirm: c.req.valid("query").confirm === "true" });
      return c.body(null, 204);
    },
  );

  api.openapi(
    apiRoute("admin", {
      method: "get",
      path: "/tokens",
      tags: tokenTag,
      summary: "List the API tokens of the acting tenant (or the global ones)",
      responses: { 200: jsonContent(z.object({ items: z.array(Token) }), "Tokens (never the secret)") },
    }),
    async (c) => c.json({ items: await listTokens(deps, apiCtx(c)) }, 200),
  );

  api.openapi(
    apiRoute("admin", {
      method: "post",
      path: "/tokens",
      tags: tokenTag,
      summary: "Create an API token; the answer is the only time the token is shown",
      request: { body: jsonBody(NewToken) },
      responses: { 201: jsonContent(Token.extend({ token: z.string() }), "The token, shown once") },
    }),
    async (c) => {
      const { token, view } = await issueToken(deps, apiCtx(c), c.req.valid("json"));
      return c.json({ ...view, token }, 201);
    },
  );

  api.openapi(
    apiRoute("admin", {
      method: "get",
      path: "/tokens/{id}",
      tags: tokenTag,
      summary: "Get a token's details",
      request: { params: IdParam },
      responses: { 200: jsonContent(Token, "The token (never the secret)") },
    }),
    async (c) => c.json(await getToken(deps, apiCtx(c), c.req.valid("param").id), 200),
  );

  api.openapi(
    apiRoute("admin", {
      method: "delete",
      path: "/tokens/{id}",
      tags: tokenTag,
      summary: "Revoke a token (it stays listed as revoked)",
      request: { params: IdParam },
      responses: { 200: jsonContent(Token, "The revoked token") },
    }),
    async (c) => c.json(await revokeToken(deps, apiCtx(c), c.req.valid("param").id), 200),
  );

  api.openapi(
    apiRoute("admin", {
      method: "get",
      path: "/admins",
      tags: ["Admins"],
      summary: "List the admin users of the acting tenant (or the global ones)",
      responses: { 200: jsonContent(z.object({ items: z.array(AdminUser) }), "Admin users") },
    }),
    async (c) => c.json({ items: await listAdminUsers(deps, apiCtx(c)) }, 200),
  );

  api.openapi(
    apiRoute("admin", {
      method: "post",
      path: "/admins",
      tags: ["Admins"],
      summary: "Add an admin user to the acting tenant (or a global one)",
      request: { body: jsonBody(NewAdminUser) },
      responses: { 201: jsonContent(AdminUser, "The new admin user") },
    }),
    async (c) => c.json(await createAdminUser(deps, apiCtx(c), c.req.valid("json")), 201),
  );

  api.openapi(
    apiRoute("admin", {
      method: "delete",
      path: "/admins/{id}",
      tags: ["Admins"],
      summary: "Remove an admin user",
      request: { params: IdParam },
      responses: { 204: { description: "Removed" } },
    }),
    async (c) => {
      await deleteAdminUser(deps, apiCtx(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );

  return api;
}
