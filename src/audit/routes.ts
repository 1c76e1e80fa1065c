import { z } from "@hono/zod-openapi";
import type { Deps } from "../deps.ts";
import { apiRoute, createApi, jsonContent } from "../kernel/http/openapi.ts";
import { apiCtx } from "../kernel/http/scope.ts";
import { listAudit } from "./list-audit.ts";

const AuditEntry = z
  .object({
    id: z.string(),
    tenantId: z.string().nullable(),
    actor: z.string(),
    action: z.string(),
    target: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    at: z.iso.datetime().openapi({ description: "When, ISO 8601 UTC", example: "2026-12-05T05:04:05.000Z" }),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .openapi("AuditEntry");

const time = z.iso.datetime({ offset: true }).transform((v) => Date.parse(v));

export const AuditQuery = z.object({
  action: z.string().max(100).optional().openapi({ description: "Action or its prefix, e.g. `token.`" }),
  actor: z.string().max(200).optional(),
  target: z.string().max(200).optional(),
  from: time.optional().openapi({ description: "ISO 8601 date-time" }),
  to: time.optional().openapi({ description: "ISO 8601 date-time" }),
  before: z.string().max(64).optional().openapi({ description: "Cursor: the `next` of the previous page" }),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export function auditRoutes(deps: Deps) {
  const api = createApi();
  api.openapi(
    apiRoute("read", {
      method: "get",
      path: "/audit",
      tags: ["Audit"],
      summary: "List the audit log, newest first",
      request: { query: AuditQuery },
      responses: {
        200: jsonContent(z.object({ items: z.array(AuditEntry), next: z.string().nullable() }), "Audit entries"),
      },
    }),
    async (c) => {
      const { items, next } = await listAudit(deps, apiCtx(c), c.req.valid("query"));
      // Stored as epoch ms; the API speaks ISO 8601 UTC like every other time it returns.
      return c.json({ items: items.map((e) => ({ ...e, at: new Date(e.at).toISOString() })), next }, 200);
    },
  );
  return api;
}
