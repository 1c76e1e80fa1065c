import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Deps } from "../deps.ts";
import type { AppEnv } from "../kernel/http/env.ts";
import { apiRoute, createApi, jsonBody, jsonContent } from "../kernel/http/openapi.ts";
import { problemResponse } from "../kernel/http/problem.ts";
import { testAppConnection } from "./app-test.ts";
import { AppPatch, createApp, deleteApp, getApp, listApps, NewApp, updateApp } from "./apps.ts";
import { tenantCtx } from "../kernel/http/scope.ts";
import { App, AppParam, ConfirmProblem, ConfirmQuery, ConnectionTest, Corp, CorpImpact, CorpParam } from "./api-schemas.ts";
import { corpDeletionImpact, CorpDeletionUnconfirmed, CorpPatch, createCorp, deleteCorp, getCorp, listCorps, NewCorp, updateCorp } from "./corps.ts";
import type { CorpFootprint } from "./footprint.ts";

const corpTags = ["WeLink enterprises"];
const appTags = ["WeLink apps"];

/** The 409 of an unconfirmed removal carries the impact as a field, next to the problem's usual ones. */
async function unconfirmed(c: Context<AppEnv>, e: CorpDeletionUnconfirmed) {
  const res = problemResponse(c, e);
  const body = { ...((await res.json()) as Record<string, unknown>), impact: e.impact };
  return new Response(JSON.stringify(body), { status: 409, headers: res.headers });
}

function corpRoutes(deps: Deps, footprint: CorpFootprint, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps", tags: corpTags, summary: "List the tenant's WeLink enterprises", responses: { 200: jsonContent(z.object({ items: z.array(Corp) }), "Enterprises") } }),
    async (c) => c.json({ items: await listCorps(deps, tenantCtx(c)) }, 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post",
      path: "/corps",
      tags: corpTags,
      summary: "Add a WeLink enterprise (API base URL defaults to WeLink's, or the sandbox's in sandbox mode)",
      request: { body: jsonBody(NewCorp) },
      responses: { 201: jsonContent(Corp, "The new enterprise") },
    }),
    async (c) => c.json(await createCorp(deps, tenantCtx(c), c.req.valid("json")), 201),
  );
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps/{corpId}", tags: corpTags, summary: "Get a WeLink enterprise", request: { params: CorpParam }, responses: { 200: jsonContent(Corp, "The enterprise") } }),
    async (c) => c.json(await getCorp(deps, tenantCtx(c), c.req.valid("param").corpId), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "patch",
      path: "/corps/{corpId}",
      tags: corpTags,
      summary: "Change an enterprise: name, API base URL, enabled, contact permission, sync app, binding rule",
      request: { params: CorpParam, body: jsonBody(CorpPatch) },
      responses: { 200: jsonContent(Corp, "The enterprise") },
    }),
    async (c) => c.json(await updateCorp(deps, tenantCtx(c), c.req.valid("param").corpId, c.req.valid("json")), 200),
  );
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps/{corpId}/impact", tags: corpTags, summary: "What removing the enterprise would take with it", request: { params: CorpParam }, responses: { 200: jsonContent(CorpImpact, "The impact") } }),
    async (c) => c.json(await corpDeletionImpact(deps, footprint, tenantCtx(c), c.req.valid("param").corpId), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "delete",
      path: "/corps/{corpId}",
      tags: corpTags,
      summary: "Remove an enterprise with its apps, directory, bindings and schedules (needs ?confirm=true; the login log stays; ?keepDirectory=true keeps directory and bindings)",
      request: { params: CorpParam, query: ConfirmQuery },
      responses: {
        200: jsonContent(z.object({ removed: CorpImpact, keptDirectory: z.boolean() }), "Removed; what went with it (with keptDirectory, people, departments and bindings stayed)"),
        409: { description: "Not confirmed: nothing removed; `impact` says what would go", content: { "application/problem+json": { schema: ConfirmProblem } } },
      },
    }),
    async (c) => {
      try {
        const q = c.req.valid("query");
        const keepDirectory = q.keepDirectory === "true";
        const removed = await deleteCorp(deps, footprint, tenantCtx(c), c.req.valid("param").corpId, { confirm: q.confirm === "true", keepDirectory });
        return c.json({ removed, keptDirectory: keepDirectory }, 200);
      } catch (e) {
        if (e instanceof CorpDeletionUnconfirmed) return unconfirmed(c, e) as never;
        throw e;
      }
    },
  );
}

function appRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps/{corpId}/apps", tags: appTags, summary: "List an enterprise's apps", request: { params: CorpParam }, responses: { 200: jsonContent(z.object({ items: z.array(App) }), "Apps") } }),
    async (c) => c.json({ items: await listApps(deps, tenantCtx(c), c.req.valid("param").corpId) }, 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post",
      path: "/corps/{corpId}/apps",
      tags: appTags,
      summary: "Add an app (client_secret is stored encrypted and never read back)",
      request: { params: CorpParam, body: jsonBody(NewApp) },
      responses: { 201: jsonContent(App, "The new app, with its homepage URL") },
    }),
    async (c) => c.json(await createApp(deps, tenantCtx(c), c.req.valid("param").corpId, c.req.valid("json")), 201),
  );
  api.openapi(
    apiRoute("read", { method: "get", path: "/apps/{appId}", tags: appTags, summary: "Get an app (secret masked)", request: { params: AppParam }, responses: { 200: jsonContent(App, "The app") } }),
    async (c) => c.json(await getApp(deps, tenantCtx(c), c.req.valid("param").appId), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "patch",
      path: "/apps/{appId}",
      tags: appTags,
      summary: "Change an app; client_secret is replaced only when sent",
      request: { params: AppParam, body: jsonBody(AppPatch) },
      responses: { 200: jsonContent(App, "The app") },
    }),
    async (c) => c.json(await updateApp(deps, tenantCtx(c), c.req.valid("param").appId, c.req.valid("json")), 200),
  );
  api.openapi(
    apiRoute("admin", { method: "delete", path: "/apps/{appId}", tags: appTags, summary: "Remove an app (its homepage URL stops working)", request: { params: AppParam }, responses: { 204: { description: "Removed" } } }),
    async (c) => {
      await deleteApp(deps, tenantCtx(c), c.req.valid("param").appId);
      return c.body(null, 204);
    },
  );
  api.openapi(
    apiRoute("admin", {
      method: "post",
      path: "/apps/{appId}/test",
      tags: appTags,
      summary: "Test the app's credentials and permissions against WeLink; a failure says what to do",
      request: { params: AppParam },
      responses: { 200: jsonContent(ConnectionTest, "WeLink accepted the app") },
    }),
    async (c) => c.json(await testAppConnection(deps, tenantCtx(c), c.req.valid("param").appId), 200),
  );
}

/** WeLink enterprises and their apps (JSON API, mounted under /api/v1). */
export function corpApiRoutes(deps: Deps, footprint: CorpFootprint) {
  const api = createApi();
  corpRoutes(deps, footprint, api);
  appRoutes(deps, api);
  return api;
}
