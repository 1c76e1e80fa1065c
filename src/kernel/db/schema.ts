import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Facts about the installation itself (not tenant data): e.g. the master-key check value. */
export const bridgeMeta = sqliteTable("bridge_meta", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
