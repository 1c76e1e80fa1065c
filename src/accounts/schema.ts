import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** The owning tenant of a row: every tenant's data goes with the tenant. */
export const tenantRef = () =>
  text("tenant_id")
    .notNull()
    .references(() => tenants.id, { onDelete: "cascade" });

/** The WeLink enterprise a row belongs to: removing a corp removes its rows. */
export const corpRef = () =>
  text("corp_id")
    .notNull()
    .references(() => corps.id, { onDelete: "cascade" });

/** People who sign in to the HTML admin. tenant_id NULL marks a global admin. */
export const adminUsers = sqliteTable(
  "admin_users",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    username: text("username").notNull(),
    passwordHash: text("password_hash").notNull(),
    failedLogins: integer("failed_logins").notNull().default(0),
    lockedUntil: integer("locked_until"),
    lastLoginAt: integer("last_login_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("admin_users_username").on(t.username)],
);

/** Admin sessions; the cookie holds a random value, only its hash is stored. */
export const adminSessions = sqliteTable(
  "admin_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => adminUsers.id, { onDelete: "cascade" }),
    /** The tenant the admin is working in (NULL = global view, for global admins only). */
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("admin_sessions_user").on(t.userId)],
);

/** API tokens; only a SHA-256 hash of the token is stored. tenant_id NULL marks a global token. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    scopes: text("scopes").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** The first characters of the token, so a person can tell tokens apart. */
    hint: text("hint").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at"),
    revokedAt: integer("revoked_at"),
    lastUsedAt: integer("last_used_at"),
  },
  (t) => [index("api_tokens_tenant").on(t.tenantId)],
);

/** A WeLink enterprise integrated by a tenant. */
export const corps = sqliteTable(
  "corps",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    name: text("name").notNull(),
    /** WeLink's tenantId of the enterprise. */
    welinkTenantId: text("welink_tenant_id").notNull(),
    apiBaseUrl: text("api_base_url").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    contactPermission: text("contact_permission", { enum: ["read-only", "read-write"] }).notNull().default("read-only"),
    /** The app whose token and visible range the contact sync uses. */
    syncAppId: text("sync_app_id"),
    /** JSON: {enabled, fields: ("mobile"|"email"|"account"|"employeeNo")[], combine: "and"|"or"}. */
    bindingRule: text("binding_rule").notNull().default('{"enabled":false,"fields":["mobile"],"combine":"or"}'),
    /** Set when the integration was removed but its directory and bindings were kept. */
    disconnectedAt: integer("disconnected_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("corps_tenant_welink").on(t.tenantId, t.welinkTenantId)],
);

/** A WeLink app (light app / We码) of a corp. `client_secret` is sealed. */
export const apps = sqliteTable(
  "apps",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    corpId: corpRef(),
    name: text("name").notNull(),
    clientId: text("client_id").notNull(),
    clientSecret: text("client_secret").notNull(),
    /** The public key of the homepage URL `/h/{appKey}` (random, not the client id). */
    appKey: text("app_key").notNull().unique(),
    enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
    /** Homepage target: an OA module by name, or a link (OA path or absolute https URL). */
    targetKind: text("target_kind", { enum: ["module", "link"] }).notNull().default("module"),
    targetValue: text("target_value").notNull().default(""),
    /** The last test connection: when, whether it passed, the catalog code of its failure. */
    lastTestAt: integer("last_test_at"),
    lastTestOk: integer("last_test_ok", { mode: "boolean" }),
    lastTestCode: text("last_test_code"),
    /** JSON {feature: "granted" | "missing" | "unknown"} of the last test's permission probes. */
    lastTestPermissions: text("last_test_permissions"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("apps_corp_client").on(t.corpId, t.clientId), index("apps_tenant").on(t.tenantId)],
);
