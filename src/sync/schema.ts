import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { corpRef, corps, tenantRef } from "../tenancy/schema.ts";

/** Per corp: how WeLink → bridge pulls behave and when they run. */
export const pullSettings = sqliteTable("pull_settings", {
  corpId: text("corp_id")
    .primaryKey()
    .references(() => corps.id, { onDelete: "cascade" }),
  tenantId: tenantRef(),
  /** Delete what WeLink no longer has (otherwise it is marked removed). */
  clearMissing: integer("clear_missing", { mode: "boolean" }).notNull().default(false),
  /** Bind new people with the corp's binding rule after each pull. */
  autoBind: integer("auto_bind", { mode: "boolean" }).notNull().default(false),
  /** Largest share the population may shrink by since the last good run before removals are held. */
  shrinkThreshold: integer("shrink_threshold_pct").notNull().default(10),
  scheduleKind: text("schedule_kind", { enum: ["none", "period", "cron"] }).notNull().default("none"),
  firstRunAt: integer("first_run_at"),
  periodMinutes: integer("period_minutes"),
  cron: text("cron"),
  updatedAt: integer("updated_at").notNull(),
});

/** Every sync run (pull, callback batch, later OA → WeLink), with counts equal to its change log. */
export const syncRuns = sqliteTable(
  "sync_runs",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    corpId: corpRef(),
    kind: text("kind", { enum: ["pull", "callback", "push"] }).notNull(),
    trigger: text("trigger", { enum: ["manual", "schedule", "callback"] }).notNull(),
    /** held: additions and updates applied, removals waiting for an admin (approve / dismiss). */
    status: text("status", { enum: ["running", "ok", "held", "failed", "approved", "dismissed"] }).notNull(),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
    /** JSON {phase, done, total, etaMs} while running. */
    progress: text("progress"),
    added: integer("added").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    moved: integer("moved").notNull().default(0),
    removed: integer("removed").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    heldReason: text("held_reason"),
    error: text("error"),
    deptCount: integer("dept_count"),
    userCount: integer("user_count"),
  },
  (t) => [index("sync_runs_corp").on(t.corpId, t.startedAt)],
);

/** One change to one object in a run: before → after for each changed field. */
export const syncChanges = sqliteTable(
  "sync_changes",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    runId: text("run_id")
      .notNull()
      .references(() => syncRuns.id, { onDelete: "cascade" }),
    object: text("object", { enum: ["dept", "user"] }).notNull(),
    objectId: text("object_id").notNull(),
    action: text("action", { enum: ["add", "update", "move", "remove", "fail"] }).notNull(),
    /** JSON of the changed fields before / after. */
    before: text("before"),
    after: text("after"),
    /** False for removals a held run has not applied (yet). */
    applied: integer("applied", { mode: "boolean" }).notNull().default(true),
    reason: text("reason"),
  },
  (t) => [index("sync_changes_run").on(t.runId), index("sync_changes_object").on(t.tenantId, t.objectId)],
);
