import { z } from "@hono/zod-openapi";
import type { Deps } from "../deps.ts";
import { apiRoute, createApi, jsonContent } from "../kernel/http/openapi.ts";
import { tenantCtx } from "../kernel/http/scope.ts";
import { getMessageLog, listMessages } from "./delivery-log.ts";
import { replayDeadInRange, replayDelivery, replayMessageDead } from "./delivery-replay.ts";
import { MessageKind } from "./message-input.ts";

const tags = ["Delivery log"];
const ms = (description: string) => z.number().int().openapi({ description: `${description} (UTC epoch milliseconds)` });
const DeliveryStatus = z.enum(["pending", "sending", "sent", "skipped", "failed", "dead"]);
const time = z.iso.datetime({ offset: true }).transform((v) => Date.parse(v));

const MessageFields = {
  id: z.string(),
  source: z.string(),
  externalId: z.string(),
  kind: MessageKind,
  title: z.string(),
  body: z.string().nullable(),
  mobileUrl: z.string().nullable(),
  pcUrl: z.string().nullable(),
  sender: z.string().nullable(),
  recipients: z.array(z.string()).openapi({ description: "OA user ids as sent" }),
  occurredAt: ms("When it happened in the OA").nullable(),
  receivedAt: ms("When the bridge accepted it"),
  status: z.enum(["routed", "no_rule"]).openapi({ description: "no_rule: kept, but no enabled rule matched its source" }),
  ruleIds: z.array(z.string()).openapi({ description: "The rules that matched" }),
};
const MessageSummary = z
  .object({ ...MessageFields, counts: z.record(z.string(), z.number().int()).openapi({ description: "Deliveries by status" }) })
  .openapi("MessageSummary");
const Attempt = z.object({
  at: ms("When"),
  ok: z.boolean(),
  welinkCode: z.string().nullable(),
  error: z.string().nullable(),
  latencyMs: z.number().int(),
  nextAttemptAt: ms("When the next attempt is due").nullable(),
});
const Delivery = z
  .object({
    id: z.string(),
    ruleId: z.string(),
    corpId: z.string(),
    appId: z.string(),
    type: z.enum(["notification", "todo", "card"]),
    oaUserId: z.string(),
    welinkUserId: z.string().nullable(),
    status: DeliveryStatus,
    reason: z.string().nullable().openapi({ description: "Why skipped, failed or dead, e.g. 'not bound', 'outside the visible range'" }),
    welinkCode: z.string().nullable(),
    attempts: z.number().int(),
    nextAttemptAt: ms("When the next attempt is due").nullable(),
    todoKey: z.string().nullable(),
    seq: z.number().int(),
    sentAt: ms("When WeLink accepted it").nullable(),
    createdAt: ms("When it was queued"),
    attemptLog: z.array(Attempt),
  })
  .openapi("Delivery");
const MessageLog = z.object({ ...MessageFields, deliveries: z.array(Delivery) }).openapi("MessageLog");

const LogQuery = z.object({
  externalId: z.string().max(200).optional().openapi({ description: "The OA's id of the item" }),
  source: z.string().max(64).optional(),
  status: DeliveryStatus.optional().openapi({ description: "Messages with at least one delivery in this status" }),
  person: z.string().max(200).optional().openapi({ description: "An OA or a WeLink user id among the recipients" }),
  from: time.optional().openapi({ description: "Received at or after (ISO 8601 date-time)" }),
  to: time.optional().openapi({ description: "Received at or before (ISO 8601 date-time)" }),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
const RangeQuery = z.object({
  from: time.optional().openapi({ description: "Queued at or after (ISO 8601 date-time)" }),
  to: time.optional().openapi({ description: "Queued at or before (ISO 8601 date-time)" }),
});
const MessageParam = z.object({ messageId: z.string().min(1).max(64).openapi({ param: { name: "messageId", in: "path" } }) });
const DeliveryParam = z.object({ deliveryId: z.string().min(1).max(64).openapi({ param: { name: "deliveryId", in: "path" } }) });
const Replayed = jsonContent(z.object({ replayed: z.number().int().openapi({ description: "Deliveries put back to pending, due now" }) }), "Replayed");

/** The delivery log and replays (JSON API, mounted under /api/v1). */
export function deliveryLogRoutes(deps: Deps) {
  const api = createApi();
  api.openapi(
    apiRoute("read", {
      method: "get", path: "/messages", tags, summary: "Accepted messages, newest first, each with its deliveries counted by status",
      request: { query: LogQuery }, responses: { 200: jsonContent(z.object({ items: z.array(MessageSummary), total: z.number().int() }), "Messages") },
    }),
    async (c) => c.json(await listMessages(deps, tenantCtx(c), c.req.valid("query")), 200),
  );
  api.openapi(
    apiRoute("read", {
      method: "get", path: "/messages/{messageId}", tags, summary: "One message: every delivery (recipient × target) with its status and every attempt",
      request: { params: MessageParam }, responses: { 200: jsonContent(MessageLog, "The message and its deliveries") },
    }),
    async (c) => c.json(await getMessageLog(deps, tenantCtx(c), c.req.valid("param").messageId), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post", path: "/deliveries/{deliveryId}/replay", tags, summary: "Send a dead or failed delivery again (pending now; 409 DELIVERY_NOT_REPLAYABLE otherwise)",
      request: { params: DeliveryParam }, responses: { 200: Replayed },
    }),
    async (c) => c.json(await replayDelivery(deps, tenantCtx(c), c.req.valid("param").deliveryId), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post", path: "/messages/{messageId}/replay-dead", tags, summary: "Send every dead delivery of a message again",
      request: { params: MessageParam }, responses: { 200: Replayed },
    }),
    async (c) => c.json(await replayMessageDead(deps, tenantCtx(c), c.req.valid("param").messageId), 200),
  );
  api.openapi(
    apiRoute("admin", {
      method: "post", path: "/deliveries/replay-dead", tags, summary: "Send every dead delivery queued in a time range again (the whole tenant without a range)",
      request: { query: RangeQuery }, responses: { 200: Replayed },
    }),
    async (c) => c.json(await replayDeadInRange(deps, tenantCtx(c), c.req.valid("query")), 200),
  );
  return api;
}
