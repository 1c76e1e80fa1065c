import { z } from "@hono/zod-openapi";
import type { Deps } from "../../deps.ts";
import { apiRoute, createApi, jsonContent } from "../../kernel/http/openapi.ts";
import { apiCtx } from "../../kernel/http/scope.ts";
import { listLoginLog, LOGIN_CHANNELS, LOGIN_REASONS } from "./login-log.ts";

const LoginLogEntry = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    at: z.number().int().openapi({ description: "UTC epoch milliseconds" }),
    channel: z.enum(LOGIN_CHANNELS).openapi({ description: "welink: homepage inside WeLink; oauth2: browser sign-in; scan: scan-to-login; cas / oidc: an OA asked through CAS /login or OIDC /authorize" }),
    corpId: z.string().nullable(),
    appId: z.string().nullable(),
    welinkUserId: z.string().nullable(),
    oaUserId: z.string().nullable(),
    userName: z.string().nullable(),
    oaAccount: z.string().nullable(),
    mobile: z.string().nullable(),
    result: z.enum(["ok", "failed"]),
    reason: z.string().openapi({ description: `A stable code: ${LOGIN_REASONS.join(", ")}` }),
    ip: z.string().nullable().openapi({ description: "The client's address (scan login: the phone's)" }),
    userAgent: z.string().nullable(),
    ticketId: z.string().nullable().openapi({ description: "Scan login: the ticket" }),
    browserIp: z.string().nullable().openapi({ description: "Scan login: the address of the browser that asked for the QR code" }),
    browserUserAgent: z.string().nullable(),
  })
  .openapi("LoginLogEntry");

const time = z.iso.datetime({ offset: true }).transform((v) => Date.parse(v));

export const LoginLogQuery = z.object({
  q: z.string().max(100).optional().openapi({ description: "Name, OA account, mobile or WeLink user id contains this" }),
  device: z.string().max(200).optional().openapi({ description: "The device (user agent) contains this" }),
  from: time.optional().openapi({ description: "ISO 8601 date-time" }),
  to: time.optional().openapi({ description: "ISO 8601 date-time" }),
  result: z.enum(["ok", "failed"]).optional(),
  reason: z.string().max(40).optional().openapi({ description: "One reason code" }),
  channel: z.enum(LOGIN_CHANNELS).optional().openapi({ description: "welink: homepage inside WeLink; oauth2: browser sign-in; scan: scan-to-login; cas / oidc: an OA asked through CAS /login or OIDC /authorize" }),
  before: z.string().max(64).optional().openapi({ description: "Cursor: the `next` of the previous page" }),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export function loginLogRoutes(deps: Deps) {
  const api = createApi();
  api.openapi(
    apiRoute("read", {
      method: "get",
      path: "/login-log",
      tags: ["Login log"],
      summary: "List entry attempts (homepage, OAuth2, scan), newest first",
      request: { query: LoginLogQuery },
      responses: {
        200: jsonContent(z.object({ items: z.array(LoginLogEntry), next: z.string().nullable() }), "Login log entries"),
      },
    }),
    async (c) => c.json(await listLoginLog(deps, apiCtx(c), c.req.valid("query")), 200),
  );
  return api;
}
