import { z } from "@hono/zod-openapi";
import type { Deps } from "../../deps.ts";
import { apiRoute, createApi, jsonBody, jsonContent } from "../../kernel/http/openapi.ts";
import { tenantCtx } from "../../kernel/http/scope.ts";
import { listSessions, revokeSession, saveSsoSettings, SsoSettingsInput } from "./admin.ts";
import { ssoSettingsFor } from "./session.ts";

const tags = ["Sign-in (SSO)"];
const SsoSettingsView = z.object({ method: z.enum(["handoff", "cas", "oidc"]), sessionMinutes: z.number().int() }).openapi("SsoSettings");
const SessionView = z
  .object({
    id: z.string(), name: z.string().nullable().openapi({ description: "The person's name in the OA directory (null when gone from it)" }), oaAccount: z.string().nullable(), corpId: z.string(), appId: z.string().nullable(), welinkUserId: z.string(), oaUserId: z.string(),
    channel: z.enum(["welink", "oauth2", "scan"]), createdAt: z.number(), provedAt: z.number(), expiresAt: z.number(), lastSeenAt: z.number(),
    endedAt: z.number().nullable(), endReason: z.enum(["logout", "revoked", "expired"]).nullable(), ip: z.string().nullable(), userAgent: z.string().nullable(), live: z.boolean(),
  })
  .openapi("SignInSession");
const SessionQuery = z.object({
  oaUserId: z.string().max(200).optional(),
  welinkUserId: z.string().max(200).optional(),
  person: z.string().max(200).optional().openapi({ description: "Part of the OA name or account, or an exact OA / WeLink user id" }),
  all: z.enum(["true", "false"]).optional().openapi({ description: "true: ended and expired sessions too (default: live only)" }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const SessionParam = z.object({ id: z.string().min(1).max(64) });

/** The tenant's sign-in method and session lifetime, and its people's sign-in sessions (mounted under /api/v1). */
export function ssoRoutes(deps: Deps) {
  const api = createApi();
  api.openapi(
    apiRoute("read", { method: "get", path: "/sso/settings", tags, summary: "The sign-in method (handoff, CAS, OIDC) and the session lifetime", responses: { 200: jsonContent(SsoSettingsView, "Settings") } }),
    async (c) => c.json(await ssoSettingsFor(deps, tenantCtx(c).tenant.id), 200),
  );
  api.openapi(
    apiRoute("admin", { method: "put", path: "/sso/settings", tags, summary: "Change the sign-in method or the session lifetime (5..43200 minutes); audited", request: { body: jsonBody(SsoSettingsInput) }, responses: { 200: jsonContent(SsoSettingsView, "Saved") } }),
    async (c) => c.json(await saveSsoSettings(deps, tenantCtx(c), c.req.valid("json")), 200),
  );
  api.openapi(
    apiRoute("read", { method: "get", path: "/sso/sessions", tags, summary: "Sign-in sessions, newest first: live only unless all=true; filter by OA or WeLink person", request: { query: SessionQuery }, responses: { 200: jsonContent(z.object({ items: z.array(SessionView) }), "Sessions") } }),
    async (c) => {
      const q = c.req.valid("query");
      return c.json({ items: await listSessions(deps, tenantCtx(c), { ...q, all: q.all === "true" }) }, 200);
    },
  );
  api.openapi(
    apiRoute("admin", { method: "delete", path: "/sso/sessions/{id}", tags, summary: "Revoke a live sign-in session; audited", request: { params: SessionParam }, responses: { 200: jsonContent(z.object({ id: z.string(), ended: z.literal(true) }), "Revoked") } }),
    async (c) => c.json(await revokeSession(deps, tenantCtx(c), c.req.valid("param").id), 200),
  );
  return api;
}
