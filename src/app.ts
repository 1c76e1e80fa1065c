import { Hono } from "hono";
import { sql } from "drizzle-orm";
import { auditRoutes } from "./audit/index.ts";
import type { Deps } from "./deps.ts";
import { migrationStatus } from "./kernel/db/migrate.ts";
import { AppError } from "./kernel/errors.ts";
import type { AppEnv } from "./kernel/http/env.ts";
import { errorCatalogRoutes } from "./kernel/http/error-routes.ts";
import { logError, methodNotAllowed, toAppError } from "./kernel/http/errors-handler.ts";
import { accessLog, clientIp, jsonOnly, requestIds } from "./kernel/http/middleware.ts";
import { bodyLimits } from "./kernel/http/body-limits.ts";
import { apiDocsRoutes, createApi } from "./kernel/http/openapi.ts";
import { problemResponse } from "./kernel/http/problem.ts";
import { adminRoutes, renderAdminError } from "./admin/index.ts";
import { authenticate, tenancyRoutes } from "./accounts/index.ts";
import { corpApiRoutes, type CorpFootprint } from "./corps/index.ts";
import { csvRoutes, oaRoutes } from "./oa/index.ts";
import { casRoutes, casServiceRoutes, countCorpLoginLog, entryRoutes, handoffRoutes, jwksRoutes, linkRoutes, loginLogRoutes, oidcClientRoutes, oidcRoutes, scanBrowserRoutes, signInRoutes, ssoRoutes, scanPageRoutes, scanPhoneRoutes, scanSettingsRoutes } from "./login/index.ts";
import { bindingApiRoutes, browseRoutes, corpDirectoryCounts } from "./directory/index.ts";
import { callbackRoutes, dropPullSettings, pullRoutes, pushRoutes } from "./sync/index.ts";
import { deliveryLogRoutes, fullTextRoutes, messagePushRoutes, pushMetrics } from "./messages/index.ts";
import { explainRoutes } from "./explain/index.ts";
import { VERSION } from "./kernel/version.ts";

/** What a corp leaves in the rooms above corps: counted before its removal, dropped on a disconnect. */
const corpFootprint: CorpFootprint = {
  count: async (db, tenantId, corpId) => ({ ...(await corpDirectoryCounts(db, corpId)), loginLogKept: await countCorpLoginLog(db, tenantId, corpId) }),
  disconnect: dropPullSettings,
};

// File uploads (the CSV itself as the body, or an admin form's file): the upload limit, streamed.
const API_UPLOADS = /^\/api\/v1\/(oa\/csv\/|corps\/[^/]+\/bindings\/import$)/;
const ADMIN_UPLOADS = /^\/admin\/(oa\/csv|directory\/[^/]+\/bindings\/import$)/;

/**
 * Every route family's body limit (first match wins): uploads the upload limit, the API and the
 * signed-in admin the API's, WeLink's callbacks (a batch names every changed id) the API's too,
 * OIDC's token endpoint 64 KB (signed client assertions), and every other public route the small one.
 */
const bodyLimitRules = (config: Deps["config"]) => [
  { path: API_UPLOADS, maxBytes: config.maxUploadBytes, stream: true },
  { path: ADMIN_UPLOADS, maxBytes: config.maxUploadBytes, stream: true },
  { path: /^\/admin\/login\/?$/, maxBytes: config.maxPublicBodyBytes },
  { path: /^\/(api\/v1|admin|callbacks)(\/|$)/, maxBytes: config.maxBodyBytes },
  { path: /^\/t\/[^/]+\/oidc\//, maxBytes: Math.max(64 * 1024, config.maxPublicBodyBytes) },
  { path: /^\//, maxBytes: config.maxPublicBodyBytes },
];

/** Builds the whole HTTP app; no I/O, no timers (main.ts serves it, tests call `request`). */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use(requestIds(), clientIp(deps.config.trustProxy), accessLog(deps.log, deps.metrics), bodyLimits(bodyLimitRules(deps.config)));

  app.onError((err, c) => {
    const appError = toAppError(err);
    logError(deps.log, c, err, appError);
    if (c.req.path.startsWith("/admin") && appError.status !== 405) return renderAdminError(c, appError);
    return problemResponse(c, appError);
  });
  app.notFound((c) => {
    const err = methodNotAllowed(app, c.req.method, c.req.path) ?? new AppError("NOT_FOUND", { variant: "path", path: c.req.path });
    if (c.req.path.startsWith("/admin") && err.status === 404) return renderAdminError(c, err);
    return problemResponse(c, err);
  });

  app.get("/healthz", (c) => c.json({ status: "alive", version: VERSION }));
  app.get("/readyz", async (c) => {
    try {
      await deps.db.run(sql`SELECT 1`);
      const status = await migrationStatus(deps.db);
      if (!status.current) {
        throw new AppError("MIGRATIONS_PENDING", { applied: status.applied, shipped: status.shipped });
      }
      return c.json({ status: "ready", migrations: status.applied });
    } catch (e) {
      throw e instanceof AppError ? e : new AppError("DATABASE_UNREACHABLE", {}, { cause: e });
    }
  });
  pushMetrics(deps); // the push counters and queue gauges show on /metrics from the start
  app.get("/metrics", async (c) => c.text(await deps.metrics.registry.metrics(), 200, { "content-type": deps.metrics.registry.contentType }));

  const api = createApi();
  api.openAPIRegistry.registerComponent("securitySchemes", "bearerAuth", { type: "http", scheme: "bearer" });
  app.get("/api/v1/openapi.json", (c) =>
    c.json(
      api.getOpenAPI31Document({
        openapi: "3.1.0",
        info: { title: "welink-bridge API", version: VERSION, description: "Connects an enterprise OA with Huawei WeLink." },
        servers: [{ url: `${deps.config.publicUrl}/api/v1` }],
      }),
    ),
  );
  app.route("/api/docs", apiDocsRoutes(deps.config.publicUrl));

  // Public like openapi.json: routed before the auth below, so it answers without a token.
  api.route("/", errorCatalogRoutes());
  // Uploads take files (their limit is in bodyLimitRules above), not JSON.
  api.use("*", jsonOnly(API_UPLOADS), authenticate(deps));
  api.route("/", tenancyRoutes(deps));
  api.route("/", auditRoutes(deps));
  api.route("/", oaRoutes(deps));
  api.route("/", csvRoutes(deps));
  api.route("/", corpApiRoutes(deps, corpFootprint));
  api.route("/", handoffRoutes(deps));
  api.route("/", loginLogRoutes(deps));
  api.route("/", pullRoutes(deps));
  api.route("/", pushRoutes(deps));
  api.route("/", browseRoutes(deps));
  api.route("/", bindingApiRoutes(deps));
  api.route("/", messagePushRoutes(deps));
  api.route("/", deliveryLogRoutes(deps));
  api.route("/", scanSettingsRoutes(deps));
  api.route("/", ssoRoutes(deps));
  api.route("/", casServiceRoutes(deps));
  api.route("/", oidcClientRoutes(deps));
  api.route("/", explainRoutes(deps));
  app.route("/api/v1", api);
  // WeLink's event callbacks: outside /api/v1, no API token (the GCM tag authenticates).
  app.route("/callbacks", callbackRoutes(deps));

  app.route("/", jwksRoutes(deps));
  // The OpenID Connect provider of each tenant, under /t/{slug}/oidc (the session cookie's path); no API token.
  app.route("/", oidcRoutes(deps));
  app.route("/admin", adminRoutes(deps, corpFootprint));
  // The apps' public homepages (WeLink → OA entry): outside /api/v1, no API token.
  app.route("/h", entryRoutes(deps));
  // The CAS server of each tenant, /t/{slug}/cas/…: public, under the sign-in session cookie's path.
  app.route("/t", casRoutes(deps));
  // The whole text of a pushed message cut to WeLink's limits: no token, the sealed link is the key.
  app.route("/m", fullTextRoutes(deps));
  // Scan-to-login: the OA login page's script and the phone's pages; no API token.
  app.route("/scan/t", scanPhoneRoutes(deps));
  app.route("/scan", scanPageRoutes(deps));
  app.route("/scan", scanBrowserRoutes(deps));
  // Per-tenant public pages (the sign-in page): the sign-in session's cookie lives under /t/{slug}/.
  app.route("/t", signInRoutes(deps));
  // The links of pushed messages, /t/{slug}/go/…: they sign the opener in and land on the OA page.
  app.route("/t", linkRoutes(deps));
  app.get("/", (c) => c.redirect("/admin"));
  return app;
}

export type App = ReturnType<typeof createApp>;
