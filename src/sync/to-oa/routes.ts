import { z } from "@hono/zod-openapi";
import type { Deps } from "../../deps.ts";
import { apiRoute, type createApi, jsonBody, jsonContent } from "../../kernel/http/openapi.ts";
import { tenantCtx } from "../../kernel/http/scope.ts";
import { CorpParam } from "../../corps/index.ts";
import { runAnswer, RunView } from "../run-view.ts";
import { DIRECTIONS, getDirection, setDirection } from "./direction.ts";
import { applyStoredWriteback, writebackNow } from "./run.ts";

const tags = ["WeLink → OA write-back"];
const Bool = z.enum(["true", "false"]);
const RunQuery = z.object({ dryRun: Bool.optional().openapi({ description: "true: plan only, store the plan (status planned)" }), wait: Bool.optional() });
const RunParam = z.object({ runId: z.string().min(1).max(64).openapi({ param: { name: "runId", in: "path" } }) });
const Direction = z.object({
  direction: z.enum(DIRECTIONS).openapi({ description: "to-welink: OA → WeLink push (the default); to-oa: WeLink → OA write-back. Never both." }),
}).openapi("SyncDirection");
const runResponses = { 200: jsonContent(RunView, "The finished run (?wait=true)"), 202: jsonContent(RunView, "Started; poll GET /sync-runs/{runId}") };

/** The corp's sync direction, write-back runs and applying a stored write-back plan (its plan reads through GET /sync-runs/{runId}/plan). */
export function writebackRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("read", { method: "get", path: "/corps/{corpId}/sync-direction", tags, summary: "Which way the corp's organisation sync goes", request: { params: CorpParam }, responses: { 200: jsonContent(Direction, "Direction") } }),
    async (c) => c.json(await getDirection(deps, tenantCtx(c), c.req.valid("param").corpId), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "put", path: "/corps/{corpId}/sync-direction", tags, summary: "Switch the direction (refused with 409 SYNC_DIRECTION_BUSY while a push or write-back runs); audited",
      request: { params: CorpParam, body: jsonBody(Direction) }, responses: { 200: jsonContent(Direction, "Saved") },
    }),
    async (c) => c.json(await setDirection(deps, tenantCtx(c), c.req.valid("param").corpId, c.req.valid("json").direction), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post", path: "/corps/{corpId}/writeback", tags, summary: "Write WeLink's organisation back to the OA now (direction to-oa only); ?dryRun=true stores the plan without writing",
      request: { params: CorpParam, query: RunQuery }, responses: runResponses,
    }),
    async (c) => {
      const q = c.req.valid("query");
      const a = await runAnswer(await writebackNow(deps, tenantCtx(c), c.req.valid("param").corpId, { dryRun: q.dryRun === "true" }), q.wait === "true");
      return c.json(a.body, a.status);
    },
  );
  api.openapi(
    apiRoute("admin", {
      method: "post", path: "/sync-runs/{runId}/writeback-apply", tags, summary: "Apply a write-back's stored plan (a dry run) or approve a held one; audited",
      request: { params: RunParam, query: z.object({ wait: Bool.optional() }) }, responses: runResponses,
    }),
    async (c) => {
      const a = await runAnswer(await applyStoredWriteback(deps, tenantCtx(c), c.req.valid("param").runId), c.req.valid("query").wait === "true");
      return c.json(a.body, a.status);
    },
  );
}
