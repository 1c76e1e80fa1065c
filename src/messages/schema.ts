import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { corpRef, tenantRef } from "../accounts/index.ts";

/*
 * Message push (OA → WeLink messages). The outbox is the `deliveries` table: a message is
 * accepted only when it and all its deliveries are committed together; the dispatcher moves
 * deliveries through named states and records every attempt.
 */

/** Which sources go where, per tenant. Nothing is created automatically. */
export const pushRules = sqliteTable(
  "push_rules",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    name: text("name").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** JSON array of source names; ["*"] = every source. */
    sources: text("sources").notNull(),
    /** JSON array of {corpId, appId, type: "notification" | "todo" | "card"}. */
    targets: text("targets").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("push_rules_tenant").on(t.tenantId)],
);

/** One accepted OA message (one kind of one OA item: create, update, done or delete). */
export const messages = sqliteTable(
  "messages",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    source: text("source").notNull(),
    externalId: text("external_id").notNull(),
    kind: text("kind", { enum: ["create", "update", "done", "delete"] }).notNull(),
    /** sha256 of the canonical content: the same (source, externalId, kind, content) is one message. */
    contentHash: text("content_hash").notNull(),
    title: text("title").notNull(),
    body: text("body"),
    mobileUrl: text("mobile_url"),
    pcUrl: text("pc_url"),
    sender: text("sender"),
    /** JSON array of OA user ids. */
    recipients: text("recipients").notNull(),
    occurredAt: integer("occurred_at"),
    receivedAt: integer("received_at").notNull(),
    /** routed: deliveries were made; no_rule: kept, but no rule matched. */
    status: text("status", { enum: ["routed", "no_rule"] }).notNull(),
    /** JSON array of the matching rule ids. */
    ruleIds: text("rule_ids").notNull().default("[]"),
  },
  (t) => [
    uniqueIndex("messages_identity").on(t.tenantId, t.source, t.externalId, t.kind, t.contentHash),
    index("messages_received").on(t.tenantId, t.receivedAt),
    index("messages_external").on(t.tenantId, t.externalId),
  ],
);

/** Idempotency-Key answers, kept 7 days: a replay gets the original answer. */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    tenantId: tenantRef(),
    key: text("key").notNull(),
    /** sha256 of method, path and body: the same key with another body is refused. */
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    response: text("response").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] }), index("idempotency_keys_created").on(t.createdAt)],
);

/**
 * The outbox: one row per (message, rule target, recipient).
 * pending → sending (claimed) → sent | failed (permanent, WeLink's code) | dead (transient for 24 h)
 * skipped (not bound, outside the visible range…) is final at once.
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    messageId: text("message_id")
      .notNull()
      .references(() => messages.id, { onDelete: "cascade" }),
    ruleId: text("rule_id").notNull(),
    corpId: corpRef(),
    appId: text("app_id").notNull(),
    type: text("type", { enum: ["notification", "todo", "card"] }).notNull(),
    oaUserId: text("oa_user_id").notNull(),
    welinkUserId: text("welink_user_id"),
    status: text("status", { enum: ["pending", "sending", "sent", "skipped", "failed", "dead"] }).notNull(),
    /** Why skipped / failed / dead, in words. */
    reason: text("reason"),
    welinkCode: text("welink_code"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at"),
    claimedAt: integer("claimed_at"),
    claimedBy: text("claimed_by"),
    /** Todos: WeLink's taskId (from tenant, source and external id); operations of one todo run in `seq` order. */
    todoKey: text("todo_key"),
    seq: integer("seq").notNull(),
    firstAttemptAt: integer("first_attempt_at"),
    sentAt: integer("sent_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("deliveries_due").on(t.status, t.nextAttemptAt),
    index("deliveries_message").on(t.messageId),
    index("deliveries_todo").on(t.todoKey, t.seq),
    // The claim's "earlier operation of the same todo still open" check: without all three equalities
    // SQLite walks deliveries_tenant_seq, every earlier delivery of the tenant per todo claimed.
    index("deliveries_todo_claim").on(t.todoKey, t.tenantId, t.appId, t.seq),
    index("deliveries_tenant_status").on(t.tenantId, t.status, t.createdAt),
    // Intake takes max(seq) of the tenant for every message: an index keeps it O(log n).
    index("deliveries_tenant_seq").on(t.tenantId, t.seq),
  ],
);

/** Every attempt of a delivery: when, WeLink's answer, how long it took, when the next one is due. */
export const deliveryAttempts = sqliteTable(
  "delivery_attempts",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    deliveryId: text("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    at: integer("at").notNull(),
    ok: integer("ok", { mode: "boolean" }).notNull(),
    welinkCode: text("welink_code"),
    error: text("error"),
    latencyMs: integer("latency_ms").notNull(),
    nextAttemptAt: integer("next_attempt_at"),
  },
  (t) => [index("delivery_attempts_delivery").on(t.deliveryId, t.at)],
);
