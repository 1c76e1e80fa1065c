import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tenantRef, tenants } from "../accounts/index.ts";

/** How the bridge reaches the tenant's OA web pages, and the OA modules a homepage may open. */
export const oaPortals = sqliteTable("oa_portals", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  /** Base URL of the OA's web pages; every handoff target must lie under it. */
  webBaseUrl: text("web_base_url").notNull(),
  /** The OA endpoint that takes the handoff token, e.g. /sso/welink-bridge (the token is sent as `?token=`). */
  ssoPath: text("sso_path").notNull(),
  handoffAlg: text("handoff_alg", { enum: ["ES256", "RS256"] }).notNull().default("ES256"),
  /** JSON: [{name, path}] — the OA modules a homepage target can name. */
  modules: text("modules").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** One OA connection per tenant. Secrets (token, password…) are sealed JSON in `secrets`. */
export const oaConnections = sqliteTable("oa_connections", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  type: text("type", { enum: ["http", "csv", "demo", "ldap", "sql"] }).notNull(),
  /** The adapter's settings as JSON (no secrets). */
  settings: text("settings").notNull(),
  secrets: text("secrets"),
  /** Cron expression for scheduled refreshes (Asia/Shanghai unless the expression says otherwise); NULL = on demand only. */
  refreshCron: text("refresh_cron"),
  /** Where the source can list what changed: a scheduled refresh reads only changes, and in full once this many hours have passed since the last full one (NULL = 24). */
  fullRefreshHours: integer("full_refresh_hours"),
  updatedAt: integer("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

/** The OA directory: the last good snapshot of the OA's departments… */
export const oaDepartments = sqliteTable(
  "oa_departments",
  {
    tenantId: tenantRef(),
    id: text("id").notNull(),
    parentId: text("parent_id"),
    name: text("name").notNull(),
    order: integer("order").notNull().default(0),
    /** "branch" for an OA branch (分部); null for a department. */
    kind: text("kind"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("oa_departments_parent").on(t.tenantId, t.parentId)],
);

/** …and people. */
export const oaUsers = sqliteTable(
  "oa_users",
  {
    tenantId: tenantRef(),
    id: text("id").notNull(),
    account: text("account").notNull(),
    name: text("name").notNull(),
    mobile: text("mobile"),
    email: text("email"),
    employeeNo: text("employee_no"),
    position: text("position"),
    mainDeptId: text("main_dept_id"),
    /** JSON array of department ids. */
    partTimeDeptIds: text("part_time_dept_ids").notNull().default("[]"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("oa_users_account").on(t.tenantId, t.account),
    index("oa_users_mobile").on(t.tenantId, t.mobile),
    index("oa_users_email").on(t.tenantId, t.email),
    index("oa_users_dept").on(t.tenantId, t.mainDeptId),
  ],
);

/** Every refresh of the OA directory, good or failed, with its counts and error. */
export const oaRefreshes = sqliteTable(
  "oa_refreshes",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    trigger: text("trigger", { enum: ["manual", "schedule", "import"] }).notNull(),
    /** full: everything read and swapped in; changes: only what changed since the last mark, merged in. */
    kind: text("kind", { enum: ["full", "changes"] }).notNull().default("full"),
    /** The source's newest last-changed time after this refresh (its own format), where it can list changes; the next changes-only refresh starts there. */
    mark: text("mark"),
    status: text("status", { enum: ["running", "ok", "failed"] }).notNull(),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
    deptCount: integer("dept_count"),
    userCount: integer("user_count"),
    errorCode: text("error_code"),
    error: text("error"),
  },
  (t) => [index("oa_refreshes_tenant").on(t.tenantId, t.startedAt)],
);

/*
 * A refresh being read: each page lands here as it arrives (so a 100k directory never sits in
 * memory), then one transaction swaps (full) or merges (changes) it into the snapshot; a failed
 * or interrupted refresh leaves only staged rows behind, which are dropped.
 */
export const oaDepartmentsStaged = sqliteTable(
  "oa_departments_staged",
  {
    tenantId: tenantRef(),
    refreshId: text("refresh_id").notNull(),
    id: text("id").notNull(),
    parentId: text("parent_id"),
    name: text("name").notNull(),
    order: integer("order").notNull().default(0),
    kind: text("kind"),
  },
  (t) => [primaryKey({ columns: [t.refreshId, t.id] })],
);

export const oaUsersStaged = sqliteTable(
  "oa_users_staged",
  {
    tenantId: tenantRef(),
    refreshId: text("refresh_id").notNull(),
    id: text("id").notNull(),
    account: text("account").notNull(),
    name: text("name").notNull(),
    mobile: text("mobile"),
    email: text("email"),
    employeeNo: text("employee_no"),
    position: text("position"),
    mainDeptId: text("main_dept_id"),
    partTimeDeptIds: text("part_time_dept_ids").notNull().default("[]"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [primaryKey({ columns: [t.refreshId, t.id] })],
);

/** CSV uploads: what came in, what was kept, and the rows that failed with their reasons. */
export const csvImports = sqliteTable(
  "csv_imports",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    kind: text("kind", { enum: ["departments", "users"] }).notNull(),
    fileName: text("file_name").notNull(),
    encoding: text("encoding").notNull(),
    createdAt: integer("created_at").notNull(),
    createdBy: text("created_by").notNull(),
    totalRows: integer("total_rows").notNull(),
    okRows: integer("ok_rows").notNull(),
    failedRows: integer("failed_rows").notNull(),
    createdDepts: integer("created_depts").notNull().default(0),
    /** A CSV of the failed rows as uploaded, with `line` and `reason` columns added. */
    resultCsv: text("result_csv").notNull(),
  },
  (t) => [index("csv_imports_tenant").on(t.tenantId, t.createdAt)],
);
