import { z } from "@hono/zod-openapi";
import type { Deps } from "../../deps.ts";
import { apiRoute, createApi, jsonBody, jsonContent } from "../../kernel/http/openapi.ts";
import { tenantCtx } from "../../kernel/http/scope.ts";
import { getScanSettings, saveScanSettings, ScanSettingsInput } from "./settings.ts";

const tags = ["Scan login"];
const ScanSettingsView = z
  .object({
    enabled: z.boolean(),
    appId: z.string().nullable(),
    corpId: z.string().nullable(),
    apps: z.array(z.object({ corpId: z.string(), appId: z.string() })).openapi({ description: "One app per integrated enterprise, the default (appId) first; with several, the phone asks which enterprise" }),
    trustedNetworks: z.array(z.string()),
    allowedOrigins: z.array(z.string()),
    updatedAt: z.string().nullable().openapi({ description: "null while the defaults apply" }),
    scriptUrl: z.string().openapi({ description: "The <script> the OA login page embeds" }),
    hostedPageUrl: z.string().openapi({ description: "A page on the bridge showing the QR, for OAs that cannot embed a script" }),
  })
  .openapi("ScanSettings");

/** Scan-to-login settings of the acting tenant (JSON API, mounted under /api/v1). */
export function scanSettingsRoutes(deps: Deps) {
  const api = createApi();
  api.openapi(
    apiRoute("read", {
      method: "get", path: "/scan-login/settings", tags, summary: "Scan-to-login settings (409 WELINK_NOT_CONFIGURED without an integrated enterprise and app)",
      responses: { 200: jsonContent(ScanSettingsView, "Settings") },
    }),
    async (c) => c.json(await getScanSettings(deps, tenantCtx(c)), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "put", path: "/scan-login/settings", tags, summary: "Change scan-to-login settings (only the fields sent): on/off, the app (one per enterprise), trusted networks, allowed origins",
      request: { body: jsonBody(ScanSettingsInput) }, responses: { 200: jsonContent(ScanSettingsView, "Saved") },
    }),
    async (c) => c.json(await saveScanSettings(deps, tenantCtx(c), c.req.valid("json")), 200),
  );
  return api;
}
