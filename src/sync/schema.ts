import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { corps, tenantRef } from "../accounts/index.ts";
import { syncRuns } from "../directory/index.ts";

/** When a corp job runs: none, a first run time plus a period in minutes, or a cron expression. */
const scheduleColumns = () => ({
  scheduleKind: text("schedule_kind", { enum: ["none", "period", "cron"] }).notNull().default("none"),
  firstRunAt: integer("first_run_at"),
  periodMinutes: integer("period_minutes"),
  cron: text("cron"),
});

/** Per corp: how WeLink → bridge pulls behave and when they run. */
export const pullSettings = sqliteTable("pull_settings", {
  corpId: text("corp_id")
    .primaryKey()
    .references(() => corps.id, { onDelete: "cascade" }),
  tenantId: tenantRef(),
  /** Delete departments WeLink no longer has (otherwise they are marked removed); before the split, it also meant people. */
  clearMissing: integer("clear_missing", { mode: "boolean" }).notNull().default(false),
  /** Delete people WeLink no longer has; null (rows saved before the split) follows clear_missing. */
  clearMissingPeople: integer("clear_missing_people", { mode: "boolean" }),
  /** JSON array of WeLink deptCodes whose subtrees are pulled; null = the whole directory. */
  pullDeptCodes: text("pull_dept_codes"),
  /** Bind new people with the corp's binding rule after each pull. */
  autoBind: integer("auto_bind", { mode: "boolean" }).notNull().default(false),
  /** Largest share the population may shrink by since the last good run before removals are held. */
  shrinkThreshold: integer("shrink_threshold_pct").notNull().default(10),
  ...scheduleColumns(),
  updatedAt: integer("updated_at").notNull(),
});

/** Per corp: how OA → WeLink push runs behave (read-write corps only) and when they run. */
export const pushSettings = sqliteTable("push_settings", {
  corpId: text("corp_id")
    .primaryKey()
    .references(() => corps.id, { onDelete: "cascade" }),
  tenantId: tenantRef(),
  /** WeLink deptCode the OA's organisation is mounted under; null = the OA's top level is WeLink's top level. */
  topDeptCode: text("top_dept_code"),
  /** Create OA people that match nobody in WeLink. */
  addNewPeople: integer("add_new_people", { mode: "boolean" }).notNull().default(false),
  /** JSON {welinkField: oaField} used when creating (and updating) people. */
  fieldMapping: text("field_mapping").notNull(),
  includePartTime: integer("include_part_time", { mode: "boolean" }).notNull().default(false),
  /** JSON arrays of OA ids: department subtrees (none = everything), people to include, people to exclude. */
  scopeDepts: text("scope_depts").notNull().default("[]"),
  scopeInclude: text("scope_include").notNull().default("[]"),
  scopeExclude: text("scope_exclude").notNull().default("[]"),
  /** close = WeLink account closed (isDeleteUser 0); delete = account deleted (isDeleteUser 1). */
  removalMode: text("removal_mode", { enum: ["close", "delete"] }).notNull().default("close"),
  /** Stop when the OA has more than this many fewer people than at the last good run; null = off. */
  decreaseThreshold: integer("decrease_threshold"),
  breakerUsersMax: integer("breaker_users_max").notNull().default(500),
  breakerUsersPct: integer("breaker_users_pct").notNull().default(5),
  breakerDeptsMax: integer("breaker_depts_max").notNull().default(20),
  breakerDeptsPct: integer("breaker_depts_pct").notNull().default(5),
  /** Which way the organisation flows for this corp: OA → WeLink (push) or WeLink → OA (write-back), never both. */
  direction: text("direction", { enum: ["to-welink", "to-oa"] }).notNull().default("to-welink"),
  ...scheduleColumns(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * A push run's plan and journal: one row per object. The plan is stored before any write; each
 * write marks its row `started` (committed) before the call and `done` / `failed` after it, so a
 * run interrupted by a crash resumes from its rows (creates are idempotent by corp code).
 */
export const pushItems = sqliteTable(
  "push_items",
  {
    runId: text("run_id")
      .notNull()
      .references(() => syncRuns.id, { onDelete: "cascade" }),
    /** Order of application: parents before children, removals last (people before departments). */
    seq: integer("seq").notNull(),
    tenantId: tenantRef(),
    object: text("object", { enum: ["dept", "user"] }).notNull(),
    action: text("action", { enum: ["match", "create", "update", "move", "remove", "skip"] }).notNull(),
    /** The OA id (corpDeptCode / corpUserId in WeLink); null for a bound WeLink object whose OA side is gone. */
    oaId: text("oa_id"),
    /** WeLink deptCode / userId when known (matched or bound; set on create when done). */
    welinkId: text("welink_id"),
    name: text("name").notNull(),
    /** Department tree in the plan view: the OA parent id (dept) or main department id (user). */
    parentOaId: text("parent_oa_id"),
    depth: integer("depth").notNull().default(0),
    /** JSON: the WeLink fields to write (create / update / move). */
    desired: text("desired"),
    /** JSON {field: [before, after]} for updates and moves. */
    changes: text("changes"),
    /** Why, in English (the API's `reason`). */
    reason: text("reason").notNull(),
    /** JSON {code, params, problems}: the same reason as a code the admin renders in its language; null on older rows. */
    why: text("why"),
    /** `invalid`: a value WeLink would refuse (the plan says which); never sent. */
    state: text("state", { enum: ["planned", "held", "started", "done", "failed", "set_aside", "skipped", "invalid"] }).notNull().default("planned"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    /** WeLink's error code of the last failure (e.g. 47004), or the bridge's catalog code. */
    errorCode: text("error_code"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.seq] }), index("push_items_state").on(t.runId, t.state)],
);

/**
 * WeLink callbacks seen while their timestamp is still fresh (±30 min): the same sealed body
 * posted again is a replay and is answered without being applied. Kept in the database, not in
 * memory, so a restart or a second process sharing the database does not forget; a row is
 * useless once its timestamp is stale, and is removed then.
 */
export const callbackReplay = sqliteTable(
  "callback_replay",
  {
    tenantId: tenantRef(),
    /** sha256 of the decoded IV ‖ ciphertext ‖ tag (not the base64 text, which has several spellings). */
    digest: text("digest").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.digest] }), index("callback_replay_expires").on(t.expiresAt)],
);
