import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tenantRef, tenants } from "../tenancy/schema.ts";

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

/**
 * The bridge's handoff signing keys (installation-wide: the audience names the tenant). The
 * private key is sealed; a retired key keeps verifying until `verify_until`.
 */
export const signingKeys = sqliteTable("signing_keys", {
  kid: text("kid").primaryKey(),
  alg: text("alg", { enum: ["ES256", "RS256"] }).notNull(),
  publicJwk: text("public_jwk").notNull(),
  privateJwk: text("private_jwk").notNull(),
  createdAt: integer("created_at").notNull(),
  /** Set when a newer key took over: the key stops signing, and stops verifying after this time. */
  verifyUntil: integer("verify_until"),
});

/** Each handoff token issued, so that it is redeemed at most once. */
export const handoffs = sqliteTable(
  "handoffs",
  {
    jti: text("jti").primaryKey(),
    tenantId: tenantRef(),
    oaUserId: text("oa_user_id").notNull(),
    expiresAt: integer("expires_at").notNull(),
    redeemedAt: integer("redeemed_at"),
  },
  (t) => [index("handoffs_expiry").on(t.expiresAt)],
);

/** Every entry attempt (homepage, OAuth2, later scan login), good or not, with its reason. */
export const loginLog = sqliteTable(
  "login_log",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    at: integer("at").notNull(),
    channel: text("channel", { enum: ["welink", "oauth2", "scan"] }).notNull(),
    corpId: text("corp_id"),
    appId: text("app_id"),
    welinkUserId: text("welink_user_id"),
    oaUserId: text("oa_user_id"),
    /** Copied at the time, for searching: name, OA account, mobile. */
    userName: text("user_name"),
    oaAccount: text("oa_account"),
    mobile: text("mobile"),
    result: text("result", { enum: ["ok", "failed"] }).notNull(),
    /** A stable code: OK, CODE_EXPIRED, UNKNOWN_APP, APP_DISABLED, OA_UNREACHABLE, NOT_VISIBLE, NOT_BOUND, BOUND_BY_RULE… */
    reason: text("reason").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("login_log_tenant_at").on(t.tenantId, t.at)],
);
