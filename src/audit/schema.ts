import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Every admin write: who, where, what, before → after (secrets masked). tenant_id NULL = global.
 * No foreign key on purpose: the trail of a tenant outlives the tenant.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id"),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    target: text("target").notNull(),
    before: text("before"),
    after: text("after"),
    at: integer("at").notNull(),
    requestId: text("request_id"),
    ip: text("ip"),
  },
  (t) => [index("audit_log_tenant_at").on(t.tenantId, t.at), index("audit_log_action").on(t.action)],
);
