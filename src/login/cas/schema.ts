import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { tenantRef } from "../../accounts/index.ts";

/** A CAS service a tenant lets sign in: tickets are issued only for URLs under its prefix. */
export const casServices = sqliteTable(
  "cas_services",
  {
    id: text("id").primaryKey(),
    tenantId: tenantRef(),
    name: text("name").notNull(),
    /** scheme + host (+ port) + path prefix; no wildcards. */
    urlPrefix: text("url_prefix").notNull(),
    /** JSON array of the attribute names released to the service. */
    attributes: text("attributes").notNull(),
    /** Whether the service gets the back-channel logout request when the session ends. */
    singleLogout: integer("single_logout", { mode: "boolean" }).notNull().default(true),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("cas_services_tenant").on(t.tenantId)],
);

/**
 * A service ticket `ST-…` (stored hashed): single use, valid 10 s, for the exact service URL it
 * was issued for. Kept after use until its session ends, so that single logout knows the services.
 */
export const casTickets = sqliteTable(
  "cas_tickets",
  {
    ticketHash: text("ticket_hash").primaryKey(),
    /** The ticket itself, sealed with the master key: single logout must name it to the service (SAML SessionIndex). */
    ticketSealed: text("ticket_sealed"),
    tenantId: tenantRef(),
    serviceId: text("service_id").notNull(),
    service: text("service").notNull(),
    sessionId: text("session_id").notNull(),
    /** Issued from a fresh WeLink proof (renew=true, or the login that started the session). */
    fromNewLogin: integer("from_new_login", { mode: "boolean" }).notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("cas_tickets_session").on(t.sessionId), index("cas_tickets_expiry").on(t.expiresAt)],
);
