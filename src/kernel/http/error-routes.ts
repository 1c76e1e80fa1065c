import { createRoute, z } from "@hono/zod-openapi";
import { catalogListing } from "../error-catalog.ts";
import { createApi, jsonContent } from "./openapi.ts";

const Messages = z.object({ "zh-CN": z.string(), en: z.string() });

const CatalogEntry = z
  .object({
    code: z.string().openapi({ example: "NOT_FOUND" }),
    status: z.number().int().openapi({ example: 404 }),
    retryable: z.boolean(),
    type: z.string().openapi({ example: "https://welink-bridge.dev/problems/not-found", description: "The problem+json `type` of this code" }),
    messages: Messages.openapi({ description: "The usual wording; `{name}` marks a parameter filled in per error" }),
    variants: z.record(z.string(), Messages).optional().openapi({ description: "Other wordings of the same code, for other situations" }),
  })
  .openapi("ErrorCatalogEntry");

/**
 * GET /api/v1/errors: every code the API can answer with. Public, like the OpenAPI document it
 * completes, and the same for every caller (no tenant data); app.ts mounts it before the API's auth.
 */
export function errorCatalogRoutes() {
  const api = createApi();
  const route = createRoute({
    method: "get",
    path: "/errors",
    tags: ["Errors"],
    summary: "List every error code, with its status, problem type and messages (zh-CN and en)",
    responses: { 200: jsonContent(z.object({ items: z.array(CatalogEntry) }), "The error catalog") },
  });
  return api.openapi(route, (c) => c.json({ items: catalogListing() }, 200));
}
