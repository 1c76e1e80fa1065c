import { z } from "@hono/zod-openapi";
import type { Deps } from "../../deps.ts";
import { apiRoute, createApi, jsonBody, jsonContent } from "../../kernel/http/openapi.ts";
import { tenantCtx } from "../../kernel/http/scope.ts";
import { CorpParam } from "../../corps/index.ts";
import { applyStoredPlan, pushNow } from "./sync.ts";
import { ITEM_STATES, listPlanItems, PLAN_ACTIONS, PlanCountsView, PlanItemView } from "./plan-view.ts";
import { savePushSettings } from "./save-settings.ts";
import { getPushSettings, PushSettings } from "./settings.ts";
import { runAnswer, RunView } from "../run-view.ts";
import { writebackRoutes } from "../to-oa/routes.ts";
import { orgEditRoutes } from "../org-edit/routes.ts";

const tags = ["OA → WeLink push"];
const RunParam = z.object({ runId: z.string().min(1).max(64).openapi({ param: { name: "runId", in: "path" } }) });
const Bool = z.enum(["true", "false"]);
const RunQuery = z.object({ dryRun: Bool.optional().openapi({ description: "true: plan only, store the plan (status planned)" }), wait: Bool.optional() });
const WaitQuery = z.object({ wait: Bool.optional() });
const PlanQuery = z.object({
  action: z.enum(PLAN_ACTIONS).optional(),
  object: z.enum(["dept", "user"]).optional(),
  state: z.enum(ITEM_STATES).optional(),
  parentOaId: z.string().max(128).optional().openapi({ description: "Only items under this OA department (empty: items without one)" }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
const ScopeWarning = z.object({ boundLeaving: z.number().int(), message: z.string() });
const SettingsView = PushSettings.extend({
  timezone: z.string(),
  nextRun: z.string().nullable(),
  note: z.string(),
  readOnly: z.boolean().openapi({ description: "The corp's contact permission is read-only: push runs are refused" }),
  scopeWarning: ScopeWarning.openapi({ description: "Bound people these settings leave out: the next run removes them from WeLink" }),
}).openapi("PushSettingsView");
const PlanPage = z.object({ items: z.array(PlanItemView), total: z.number().int(), counts: PlanCountsView }).openapi("PushPlanPage");
const runResponses = { 200: jsonContent(RunView, "The finished run (?wait=true)"), 202: jsonContent(RunView, "Started; poll GET /sync-runs/{runId}") };

function settingsRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps/{corpId}/push-settings", tags, summary: "How OA → WeLink push runs behave and when they run", request: { params: CorpParam }, responses: { 200: jsonContent(SettingsView, "Settings") } }),
    async (c) => c.json(await getPushSettings(deps, tenantCtx(c), c.req.valid("param").corpId), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "put", path: "/corps/{corpId}/push-settings", tags,
      summary: "Save push settings: top department, new people and field mapping, scope, removal mode, guards, schedule",
      request: { params: CorpParam, body: jsonBody(PushSettings) },
      responses: { 200: jsonContent(SettingsView, "Saved; the schedule push:<corpId> is registered") },
    }),
    async (c) => c.json(await savePushSettings(deps, tenantCtx(c), c.req.valid("param").corpId, c.req.valid("json")), 200),
  );
}

function runRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("admin", {
      method: "post", path: "/corps/{corpId}/push", tags,
      summary: "Push the OA to WeLink now (read-write corps only); ?dryRun=true stores the plan without writing",
      request: { params: CorpParam, query: RunQuery },
      responses: runResponses,
    }),
    async (c) => {
      const q = c.req.valid("query");
      const a = await runAnswer(await pushNow(deps, tenantCtx(c), c.req.valid("param").corpId, { dryRun: q.dryRun === "true" }), q.wait === "true");
      return c.json(a.body, a.status);
    },
  );
  api.openapi(
    apiRoute("read", {
      method: "get", path: "/sync-runs/{runId}/plan", tags, summary: "A push run's plan (and journal), filtered and paged, with the counts of the whole plan",
      request: { params: RunParam, query: PlanQuery },
      responses: { 200: jsonContent(PlanPage, "Plan items in application order") },
    }),
    async (c) => c.json(await listPlanItems(deps, tenantCtx(c), c.req.valid("param").runId, c.req.valid("query")), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post", path: "/sync-runs/{runId}/apply", tags,
      summary: "Apply a dry run's stored plan; refused (409 PLAN_STALE) when either side changed since it was made",
      request: { params: RunParam, query: WaitQuery },
      responses: runResponses,
    }),
    async (c) => {
      const a = await runAnswer(await applyStoredPlan(deps, tenantCtx(c), c.req.valid("param").runId), c.req.valid("query").wait === "true");
      return c.json(a.body, a.status);
    },
  );
}

/** OA → WeLink push: settings, run now / dry run, a run's plan, applying a stored plan (JSON API under /api/v1). */
export function pushRoutes(deps: Deps) {
  const api = createApi();
  settingsRoutes(deps, api);
  runRoutes(deps, api);
  writebackRoutes(deps, api);
  orgEditRoutes(deps, api);
  return api;
}
