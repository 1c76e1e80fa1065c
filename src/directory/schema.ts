import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { corpRef, tenantRef } from "../accounts/index.ts";

/** WeLink person ⇄ OA person, per corp, keyed on immutable ids on both sides. */
export const bindings = sqliteTable(
  "bindings",
  {
    tenantId: tenantRef(),
    corpId: corpRef(),
    welinkUserId: text("welink_user_id").notNull(),
    oaUserId: text("oa_user_id").notNull(),
    /** How it was made: by the person with their OA password (entry page), by the binding rule, by an admin, or by a CSV import. */
    method: text("method", { enum: ["password", "rule", "admin", "import"] }).notNull(),
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
    tenantId: tenantRef(),
    corpId: corpRef(),
    welinkUserId: text("welink_user_id").notNull(),
    failures: integer("failures").notNull().default(0),
    lockedUntil: integer("locked_until"),
  },
  (t) => [primaryKey({ columns: [t.corpId, t.welinkUserId] })],
);

/** The WeLink directory: the bridge's mirror of a corp's WeLink departments… */
export const welinkDepts = sqliteTable(
  "welink_depts",
  {
    tenantId: tenantRef(),
    corpId: corpRef(),
    deptCode: text("dept_code").notNull(),
    corpDeptCode: text("corp_dept_code"),
    parentCode: text("parent_code").notNull(),
    nameCn: text("name_cn").notNull(),
    nameEn: text("name_en"),
    orderNo: integer("order_no").notNull().default(0),
    /** Set when WeLink no longer has it and the corp keeps removed objects (not "clear what WeLink no longer has"). */
    removedAt: integer("removed_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.corpId, t.deptCode] }), index("welink_depts_parent").on(t.corpId, t.parentCode)],
);

/** …and people (the fields the bridge uses: identity, contact, departments). */
export const welinkUsers = sqliteTable(
  "welink_users",
  {
    tenantId: tenantRef(),
    corpId: corpRef(),
    userId: text("user_id").notNull(),
    corpUserId: text("corp_user_id"),
    nameCn: text("name_cn").notNull(),
    nameEn: text("name_en"),
    mobile: text("mobile"),
    email: text("email"),
    employeeId: text("employee_id"),
    position: text("position"),
    mainDeptCode: text("main_dept_code"),
    /** JSON array of deptCodes. */
    deptCodes: text("dept_codes").notNull().default("[]"),
    /** WeLink's userStatus: 1 not opened, 2 opening, 3 active, 4 closed. */
    status: integer("status").notNull().default(3),
    removedAt: integer("removed_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.corpId, t.userId] }),
    index("welink_users_mobile").on(t.corpId, t.mobile),
    index("welink_users_email").on(t.corpId, t.email),
    index("welink_users_dept").on(t.corpId, t.mainDeptCode),
  ],
);

/** WeLink department ⇄ OA department, per corp (used by OA → WeLink sync). */
export const deptBindings = sqliteTable(
  "dept_bindings",
  {
    tenantId: tenantRef(),
    corpId: corpRef(),
    deptCode: text("dept_code").notNull(),
    oaDeptId: text("oa_dept_id").notNull(),
    method: text("method", { enum: ["match", "admin", "created"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.corpId, t.deptCode] }), uniqueIndex("dept_bindings_corp_oa").on(t.corpId, t.oaDeptId)],
);

/** People the binding rule found several OA candidates for: an admin picks one or dismisses. */
export const bindingReviews = sqliteTable(
  "binding_reviews",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    corpId: corpRef(),
    welinkUserId: text("welink_user_id").notNull(),
    /** The field that matched several people, and their OA ids (JSON array). */
    field: text("field").notNull(),
    candidates: text("candidates").notNull(),
    createdAt: integer("created_at").notNull(),
    resolvedAt: integer("resolved_at"),
    resolution: text("resolution", { enum: ["bound", "dismissed"] }),
    resolvedBy: text("resolved_by"),
  },
  (t) => [index("binding_reviews_open").on(t.corpId, t.resolvedAt), index("binding_reviews_user").on(t.corpId, t.welinkUserId)],
);

/** Every sync run (pull, callback batch, later OA → WeLink), with counts equal to its change log. */
export const syncRuns = sqliteTable(
  "sync_runs",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    corpId: corpRef(),
    /** writeback: WeLink → OA (the plan in push_items, written to the OA). */
    kind: text("kind", { enum: ["pull", "callback", "push", "writeback", "edit"] }).notNull(),
    trigger: text("trigger", { enum: ["manual", "schedule", "callback"] }).notNull(),
    /** held: additions and updates applied, removals waiting for an admin (approve / dismiss). */
    /** planned: a dry run's stored plan, waiting to be applied (or superseded). */
    status: text("status", { enum: ["running", "planned", "ok", "partial", "held", "failed", "approved", "dismissed", "stale"] }).notNull(),
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
    /** Push runs: a dry run stops after planning; the digest of both sides the plan was made from. */
    dryRun: integer("dry_run", { mode: "boolean" }).notNull().default(false),
    planDigest: text("plan_digest"),
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
