import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { apps, corpRef, tenantRef, tenants } from "../accounts/index.ts";

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
    channel: text("channel", { enum: ["welink", "oauth2", "scan", "cas", "oidc"] }).notNull(),
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
    /** Scan login: the ticket, and the browser that asked for it (ip / userAgent are the phone's). */
    ticketId: text("ticket_id"),
    browserIp: text("browser_ip"),
    browserUserAgent: text("browser_user_agent"),
  },
  (t) => [index("login_log_tenant_at").on(t.tenantId, t.at), index("login_log_ticket").on(t.ticketId)],
);

/** Scan-to-login, per tenant: on or off, the integrated app it uses, who may ask for a QR code. */
export const scanSettings = sqliteTable("scan_settings", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(false),
  appId: text("app_id"),
  /** JSON array of CIDRs allowed to ask for a QR code. */
  trustedNetworks: text("trusted_networks").notNull(),
  /** JSON array of OA origins allowed to embed the QR (the bridge's own origin always is). */
  allowedOrigins: text("allowed_origins").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Scan login's app per integrated enterprise (one tenant, several WeLink corps): the phone asks
 * which enterprise, then gets the free-login code with that corp's app. scan_settings.app_id
 * stays the first (default) one and is still honoured for its corp when no row names that corp.
 */
export const scanApps = sqliteTable(
  "scan_apps",
  {
    tenantId: tenantRef(),
    corpId: corpRef(),
    appId: text("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    /** The order the phone lists the enterprises in (the admin's order). */
    position: integer("position").notNull(),
  },
  (t) => [uniqueIndex("scan_apps_tenant_corp").on(t.tenantId, t.corpId)],
);

/**
 * A scan-to-login ticket. The QR carries a random token (stored hashed); the browser that asked
 * holds a second secret (stored hashed) without which its state and hand-off are refused.
 * pending → scanned → confirmed → consumed, or expired / denied / cancelled.
 */
export const loginTickets = sqliteTable(
  "login_tickets",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    appId: text("app_id").notNull(),
    corpId: text("corp_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    secretHash: text("secret_hash").notNull(),
    state: text("state", { enum: ["pending", "scanned", "confirmed", "consumed", "expired", "denied", "cancelled"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    /** When the current state runs out: 120 s to be scanned, then 60 s to be confirmed, then 60 s to be used. */
    expiresAt: integer("expires_at").notNull(),
    browserIp: text("browser_ip"),
    browserUserAgent: text("browser_user_agent"),
    origin: text("origin"),
    /** The OA page the browser asked to land on (kept inside the OA by resolveTarget). */
    target: text("target"),
    /** Whether the browser's address was inside the trusted networks when it asked. */
    browserTrusted: integer("browser_trusted", { mode: "boolean" }).notNull().default(false),
    scannedAt: integer("scanned_at"),
    welinkUserId: text("welink_user_id"),
    userName: text("user_name"),
    phoneIp: text("phone_ip"),
    phoneUserAgent: text("phone_user_agent"),
    oaUserId: text("oa_user_id"),
    oaAccount: text("oa_account"),
    confirmedAt: integer("confirmed_at"),
    endedAt: integer("ended_at"),
  },
  (t) => [uniqueIndex("login_tickets_token").on(t.tokenHash), index("login_tickets_expiry").on(t.state, t.expiresAt), index("login_tickets_tenant").on(t.tenantId, t.createdAt)],
);
