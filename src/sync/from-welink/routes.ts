import { z } from "@hono/zod-openapi";
import type { Deps } from "../../deps.ts";
import { apiRoute, createApi, jsonBody, jsonContent } from "../../kernel/http/openapi.ts";
import { tenantCtx } from "../../kernel/http/scope.ts";
import { CorpParam } from "../../corps/index.ts";
import { pullNow } from "./pull.ts";
import { getPullSettings, PullSettings, PullSettingsInput, savePullSettings } from "./settings.ts";
import { ChangeView, runAnswer, RunView } from "../run-view.ts";
import { approveRun, dismissRun, getSyncRun, listRunChanges, listSyncRuns } from "../runs.ts";

const tags = ["WeLink → bridge pull"];
const RunParam = z.object({ runId: z.string().min(1).max(64).openapi({ param: { name: "runId", in: "path" } }) });
const PageQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), offset: z.coerce.number().int().min(0).default(0) });
const ChangesQuery = PageQuery.extend({
  action: z.enum(["add", "update", "move", "remove", "fail"]).optional().openapi({ description: "Only changes of this action" }),
  q: z.string().max(100).optional().openapi({ description: "Only changes whose object id, values or reason contain this text" }),
});
const WaitQuery = z.object({ wait: z.enum(["true", "false"]).optional() });
const SettingsView = PullSettings.extend({ timezone: z.string(), nextRun: z.string().nullable(), note: z.string() }).openapi("PullSettingsView");

function settingsRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps/{corpId}/pull-settings", tags, summary: "How pulls from WeLink behave and when they run", request: { params: CorpParam }, responses: { 200: jsonContent(SettingsView, "Settings") } }),
    async (c) => c.json(await getPullSettings(deps, tenantCtx(c), c.req.valid("param").corpId), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "put", path: "/corps/{corpId}/pull-settings", tags,
      summary: "Save pull settings: departments to pull, clear missing departments / people, auto-bind, shrink threshold, schedule (none, first run + period, or cron)",
      request: { params: CorpParam, body: jsonBody(PullSettingsInput) },
      responses: { 200: jsonContent(SettingsView, "Saved; the schedule is registered") },
    }),
    async (c) => c.json(await savePullSettings(deps, tenantCtx(c), c.req.valid("param").corpId, c.req.valid("json")), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post", path: "/corps/{corpId}/pull", tags,
      summary: "Pull from WeLink now: 202 with the run (poll GET /sync-runs/{runId}); ?wait=true answers 200 when it ends",
      request: { params: CorpParam, query: WaitQuery },
      responses: { 200: jsonContent(RunView, "The finished run"), 202: jsonContent(RunView, "Started") },
    }),
    async (c) => {
      const a = await runAnswer(await pullNow(deps, tenantCtx(c), c.req.valid("param").corpId), c.req.valid("query").wait === "true");
      return c.json(a.body, a.status);
    },
  );
}

function runRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps/{corpId}/sync-runs", tags, summary: "Run history, newest first", request: { params: CorpParam, query: PageQuery }, responses: { 200: jsonContent(z.object({ items: z.array(RunView) }), "Runs") } }),
    async (c) => c.json({ items: await listSyncRuns(deps, tenantCtx(c), c.req.valid("param").corpId, c.req.valid("query")) }, 200),
  );
  api.openapi(
    apiRoute("read", { method: "get", path: "/sync-runs/{runId}", tags, summary: "A run with its counts and, while it runs, its progress", request: { params: RunParam }, responses: { 200: jsonContent(RunView, "The run") } }),
    async (c) => c.json(await getSyncRun(deps, tenantCtx(c), c.req.valid("param").runId), 200),
  );
  api.openapi(
    apiRoute("read", {
      method: "get", path: "/sync-runs/{runId}/changes", tags, summary: "A run's change log (before → after per object), failures first, paged and filterable",
      request: { params: RunParam, query: ChangesQuery },
      responses: { 200: jsonContent(z.object({ items: z.array(ChangeView), total: z.number() }), "Changes") },
    }),
    async (c) => {
      const { action, q, ...page } = c.req.valid("query");
      return c.json(await listRunChanges(deps, tenantCtx(c), c.req.valid("param").runId, page, { action, text: q || undefined }), 200);
    },
  );
  api.openapi(
    apiRoute("admin", { method: "post", path: "/sync-runs/{runId}/approve", tags, summary: "Apply a held run's removals", request: { params: RunParam }, responses: { 200: jsonContent(RunView, "Approved") } }),
    async (c) => c.json(await approveRun(deps, tenantCtx(c), c.req.valid("param").runId), 200),
  );
  api.openapi(
    apiRoute("admin", { method: "post", path: "/sync-runs/{runId}/dismiss", tags, summary: "Drop a held run's removals", request: { params: RunParam }, responses: { 200: jsonContent(RunView, "Dismissed") } }),
    async (c) => c.json(await dismissRun(deps, tenantCtx(c), c.req.valid("param").runId), 200),
  );
}

/** WeLink → bridge pulls: settings, run now, run history (JSON API, mounted under /api/v1). */
export function pullRoutes(deps: Deps) {
  const api = createApi();
  settingsRoutes(deps, api);
  runRoutes(deps, api);
  return api;
}
