import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { corps, tenants } from "../tenancy/schema.ts";

/** WeLink person ⇄ OA person, per corp, keyed on immutable ids on both sides. */
export const bindings = sqliteTable(
  "bindings",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    corpId: text("corp_id")
      .notNull()
      .references(() => corps.id, { onDelete: "cascade" }),
    welinkUserId: text("welink_user_id").notNull(),
    oaUserId: text("oa_user_id").notNull(),
    /** How it was made: by the person with their OA password, by the binding rule, or by an admin. */
    method: text("method", { enum: ["password", "rule", "admin"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.corpId, t.welinkUserId] }),
    uniqueIndex("bindings_corp_oa").on(t.corpId, t.oaUserId),
    index("bindings_tenant").on(t.tenantId),
  ],
);

/** Failed password bindings per WeLink person, for the lock-out (5 failures → 15 minutes). */
export const bindingLockouts = sqliteTable(
  "binding_lockouts",
  {
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id, { onDelete: "cascade" }),
    corpId: text("corp_id")
      .notNull()
      .references(() => corps.id, { onDelete: "cascade" }),
    welinkUserId: text("welink_user_id").notNull(),
    failures: integer("failures").notNull().default(0),
    lockedUntil: integer("locked_until"),
  },
  (t) => [primaryKey({ columns: [t.corpId, t.welinkUserId] })],
);
