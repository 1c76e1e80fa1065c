import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { tenantRef } from "../../accounts/index.ts";

/** An OpenID Connect client (relying party) of a tenant; a confidential one's secret is stored hashed. */
export const oidcClients = sqliteTable(
  "oidc_clients",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    /** The public client_id. */
    clientId: text("client_id").notNull(),
    name: text("name").notNull(),
    type: text("type", { enum: ["public", "confidential"] }).notNull(),
    secretHash: text("secret_hash"),
    /** JSON arrays of exact URIs. */
    redirectUris: text("redirect_uris").notNull(),
    postLogoutUris: text("post_logout_uris").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [uniqueIndex("oidc_clients_client_id").on(t.clientId), index("oidc_clients_tenant").on(t.tenantId)],
);

/** An authorization code (stored hashed): single use, ≤ 60 s; a second use revokes what the first issued. */
export const oidcCodes = sqliteTable(
  "oidc_codes",
  {
    codeHash: text("code_hash").primaryKey(),
    tenantId: tenantRef(),
    clientId: text("client_id").notNull(),
    sessionId: text("session_id").notNull(),
    redirectUri: text("redirect_uri").notNull(),
    scope: text("scope").notNull(),
    nonce: text("nonce"),
    codeChallenge: text("code_challenge"),
    /** When the person last proved who they are (the id_token's auth_time). */
    authTime: integer("auth_time").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("oidc_codes_expiry").on(t.expiresAt)],
);

/** An access token (stored hashed) for /userinfo, tied to the code that issued it. */
export const oidcTokens = sqliteTable(
  "oidc_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    tenantId: tenantRef(),
    clientId: text("client_id").notNull(),
    sessionId: text("session_id").notNull(),
    codeHash: text("code_hash").notNull(),
    scope: text("scope").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("oidc_tokens_code").on(t.codeHash), index("oidc_tokens_session").on(t.sessionId), index("oidc_tokens_expiry").on(t.expiresAt)],
);
