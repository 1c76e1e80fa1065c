import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { tenantRef, tenants } from "../../accounts/index.ts";

/**
 * A person's sign-in session in one browser (issue 16): started by WeLink proof (free-login code
 * inside WeLink, scan login or WeLink OAuth2 on a PC), drawn on by CAS, OIDC, handoffs and message
 * links. The browser holds a random token (HttpOnly cookie); only its hash is stored.
 */
export const signInSessions = sqliteTable(
  "sign_in_sessions",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    tokenHash: text("token_hash").notNull(),
    corpId: text("corp_id").notNull(),
    appId: text("app_id"),
    welinkUserId: text("welink_user_id").notNull(),
    oaUserId: text("oa_user_id").notNull(),
    /** How WeLink proved the person at the start (and at the last renewal). */
    channel: text("channel", { enum: ["welink", "oauth2", "scan"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    /** The last WeLink proof: `renew=true` / `prompt=login` ask for a new one. */
    provedAt: integer("proved_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
    endedAt: integer("ended_at"),
    /** logout, revoked (by an admin), expired. */
    endReason: text("end_reason", { enum: ["logout", "revoked", "expired"] }),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    uniqueIndex("sign_in_sessions_token").on(t.tokenHash),
    index("sign_in_sessions_person").on(t.tenantId, t.oaUserId, t.endedAt),
    index("sign_in_sessions_expiry").on(t.endedAt, t.expiresAt),
  ],
);

/** Per tenant: how the homepage and message links sign people in to the OA, and how long a session lasts. */
export const ssoSettings = sqliteTable("sso_settings", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id, { onDelete: "cascade" }),
  method: text("method", { enum: ["handoff", "cas", "oidc"] }).notNull().default("handoff"),
  sessionMinutes: integer("session_minutes").notNull().default(480),
  updatedAt: integer("updated_at").notNull(),
});
