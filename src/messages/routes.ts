import { z } from "@hono/zod-openapi";
import type { Deps } from "../deps.ts";
import { apiRoute, createApi, jsonBody, jsonContent } from "../kernel/http/openapi.ts";
import { tenantCtx } from "../kernel/http/scope.ts";
import { acceptBatch, acceptMessage } from "./intake.ts";
import { BatchItemResult, MessageAccepted, MessageBatch, MessageInput, NewPushRule, PushRulePatch, PushRuleView } from "./message-input.ts";
import { createPushRule, deletePushRule, getPushRule, listPushRules, updatePushRule } from "./rules.ts";

const messageTags = ["Message push"];
const ruleTags = ["Push rules"];
const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: "idempotency-key", in: "header" }, description: "Replays the stored answer for 7 days; another body with the same key → 422 IDEMPOTENCY_KEY_REUSED" }),
});
const RuleParam = z.object({ ruleId: z.string().min(1).max(64).openapi({ param: { name: "ruleId", in: "path" } }) });
const replayedHeader = { "Idempotent-Replayed": { description: "Present (true) when this is the answer of an earlier, identical request", schema: { type: "string" as const } } };

function messageRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("push", {
      method: "post", path: "/messages", tags: messageTags,
      summary: "Accept an OA message: 202 once it and its deliveries are committed; idempotent on (source, externalId, kind, content) and on Idempotency-Key",
      request: { headers: IdempotencyHeaders, body: jsonBody(MessageInput) },
      responses: { 202: { ...jsonContent(MessageAccepted, "Accepted (or replayed: same id)"), headers: replayedHeader } },
    }),
    async (c) => {
      const { answer, replayed } = await acceptMessage(deps, tenantCtx(c), c.req.valid("json"), { idempotencyKey: c.req.valid("header")["idempotency-key"] });
      if (replayed) c.header("Idempotent-Replayed", "true");
      return c.json(answer, 202);
    },
  );
  api.openapi(
    apiRoute("push", {
      method: "post", path: "/messages/batch", tags: messageTags,
      summary: "Accept up to 500 messages, each on its own: valid ones are accepted, invalid ones get a problem of their own",
      request: { body: jsonBody(MessageBatch) },
      responses: { 200: jsonContent(z.object({ results: z.array(BatchItemResult) }), "One result per message, by index") },
    }),
    async (c) => c.json({ results: await acceptBatch(deps, tenantCtx(c), c.req.valid("json").messages) }, 200),
  );
}

function ruleRoutes(deps: Deps, api: ReturnType<typeof createApi>) {
  api.openapi(
    apiRoute("read", { method: "get", path: "/push-rules", tags: ruleTags, summary: "The tenant's push rules", responses: { 200: jsonContent(z.object({ items: z.array(PushRuleView) }), "Rules") } }),
    async (c) => c.json({ items: await listPushRules(deps, tenantCtx(c)) }, 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post", path: "/push-rules", tags: ruleTags, summary: "Create a push rule: which sources go to which enterprise apps, as notification, todo or card",
      request: { body: jsonBody(NewPushRule) }, responses: { 201: jsonContent(PushRuleView, "Created") },
    }),
    async (c) => c.json(await createPushRule(deps, tenantCtx(c), c.req.valid("json")), 201),
  );
  api.openapi(
    apiRoute("read", { method: "get", path: "/push-rules/{ruleId}", tags: ruleTags, summary: "A push rule", request: { params: RuleParam }, responses: { 200: jsonContent(PushRuleView, "The rule") } }),
    async (c) => c.json(await getPushRule(deps, tenantCtx(c), c.req.valid("param").ruleId), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "patch", path: "/push-rules/{ruleId}", tags: ruleTags, summary: "Change a push rule (only the fields sent)",
      request: { params: RuleParam, body: jsonBody(PushRulePatch) }, responses: { 200: jsonContent(PushRuleView, "Saved") },
    }),
    async (c) => c.json(await updatePushRule(deps, tenantCtx(c), c.req.valid("param").ruleId, c.req.valid("json")), 200),
  );
  api.openapi(
    apiRoute("admin", { method: "delete", path: "/push-rules/{ruleId}", tags: ruleTags, summary: "Delete a push rule (queued deliveries stay)", request: { params: RuleParam }, responses: { 204: { description: "Deleted" } } }),
    async (c) => {
      await deletePushRule(deps, tenantCtx(c), c.req.valid("param").ruleId);
      return c.body(null, 204);
    },
  );
}

/** OA → WeLink message push: intake and push rules (JSON API, mounted under /api/v1). */
export function messagePushRoutes(deps: Deps) {
  const api = createApi();
  messageRoutes(deps, api);
  ruleRoutes(deps, api);
  return api;
}
