import { z } from "@hono/zod-openapi";
import { Hono } from "hono";
import type { Deps } from "../../deps.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { apiRoute, createApi, jsonBody, jsonContent } from "../../kernel/http/openapi.ts";
import { tenantCtx } from "../../kernel/http/scope.ts";
import { redeemHandoff } from "./handoff.ts";
import { ensureSigningKey, publicJwks } from "./keys.ts";
import { getOaPortal, OaPortalInput } from "../../oa/index.ts";
import { saveOaPortal } from "./portal.ts";

const Portal = z
  .object({
    webBaseUrl: z.string(),
    ssoPath: z.string(),
    handoffAlg: z.enum(["ES256", "RS256"]),
    modules: z.array(z.object({ name: z.string(), path: z.string() })),
    configured: z.boolean(),
  })
  .openapi("OaPortal");
const Redeemed = z
  .object({
    oaUserId: z.string(),
    account: z.string().optional(),
    name: z.string().optional(),
    target: z.string().openapi({ description: "The absolute OA URL to send the browser on to (always under the OA's base URL)." }),
    tenant: z.string(),
  })
  .openapi("RedeemedHandoff");
const RedeemBody = z.object({ token: z.string().min(1).max(8192) });

const tags = ["Handoff"];

/** The handoff API: redeem (called by the OA) and the OA portal settings. Mounted under /api/v1. */
export function handoffRoutes(deps: Deps) {
  const api = createApi();
  api.openapi(
    apiRoute("oa", {
      method: "post",
      path: "/handoff/redeem",
      tags,
      summary: "Redeem a handoff token once and learn whom it signs in (401 HANDOFF_INVALID / HANDOFF_EXPIRED, 409 HANDOFF_USED, 403 HANDOFF_WRONG_TENANT)",
      request: { body: jsonBody(RedeemBody) },
      responses: { 200: jsonContent(Redeemed, "The OA user to sign in, and where to send them"), 409: { description: "Already redeemed" } },
    }),
    async (c) => c.json(await redeemHandoff(deps, tenantCtx(c), c.req.valid("json").token), 200),
  );
  api.openapi(
    apiRoute("read", { method: "get", path: "/oa/portal", tags, summary: "The OA web settings: base URL, SSO path, signing algorithm, modules (defaults until saved)", responses: { 200: jsonContent(Portal, "The portal") } }),
    async (c) => c.json(await getOaPortal(deps, tenantCtx(c)), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "put",
      path: "/oa/portal",
      tags,
      summary: "Set the OA web settings; every handoff target must lie under the base URL",
      request: { body: jsonBody(OaPortalInput) },
      responses: { 200: jsonContent(Portal, "The saved portal") },
    }),
    async (c) => c.json(await saveOaPortal(deps, tenantCtx(c), c.req.valid("json")), 200),
  );
  return api;
}

/** `GET /.well-known/jwks.json`: public, cached briefly so a rotation reaches the OAs within minutes. */
export function jwksRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.get("/.well-known/jwks.json", async (c) => {
    // The default algorithm's key exists before any OA fetches the set (a set fetched empty would be cached empty).
    await ensureSigningKey(deps, "ES256");
    return c.json(await publicJwks(deps), 200, { "cache-control": "public, max-age=300" });
  });
  return app;
}
