import { createHash, randomBytes } from "node:crypto";
import type { Deps } from "../../deps.ts";
import { SECRET_COLUMNS, secretContext } from "../../kernel/db/secrets.ts";
import { casPersonOf, type CasPerson, liveSessionById } from "./person.ts";
import { attributesOf, type CasAttribute } from "./services.ts";
import * as store from "./store.ts";

/** How long a service ticket may wait for its validation (the issue asks for 10 s; the spec recommends ≤ 5 min). */
export const TICKET_TTL_MS = 10_000;

export const hashTicket = (ticket: string) => createHash("sha256").update(ticket).digest("hex");

// Re-sealed by a master-key rotation like every other stored secret.
SECRET_COLUMNS.push({ table: "cas_tickets", id: "ticket_hash", column: "ticket_sealed" });
export const ticketSealContext = (ticketHash: string) => secretContext("cas_tickets", "ticket_sealed", ticketHash);

/** `ST-` and 160 random bits in hex (the spec allows only A-Z a-z 0-9 and "-" in a ticket). */
const newTicket = () => `ST-${randomBytes(20).toString("hex")}`;

export type Issue = { tenantId: string; sessionId: string; serviceId: string; service: string; fromNewLogin: boolean };

/**
 * Issues a service ticket for the exact `service` URL: random, looked up by its SHA-256, and kept
 * sealed with the master key only so that single logout can name it to the service.
 */
export async function issueServiceTicket(deps: Deps, i: Issue): Promise<string> {
  const now = deps.clock.now();
  const ticket = newTicket();
  const ticketHash = hashTicket(ticket);
  const ticketSealed = await deps.box.seal(ticket, ticketSealContext(ticketHash));
  const row: store.CasTicketRow = { ticketHash, ticketSealed, ...i, createdAt: now, expiresAt: now + TICKET_TTL_MS, usedAt: null };
  if (!(await store.insertTicketRow(deps.db, row))) throw new Error("a random service ticket collided with a stored one");
  return ticket;
}

export type CasFailureCode = "INVALID_REQUEST" | "INVALID_TICKET" | "INVALID_SERVICE" | "INVALID_PROXY_CALLBACK" | "UNAUTHORIZED_SERVICE_PROXY" | "INTERNAL_ERROR";
export type Validation =
  | { ok: true; person: CasPerson; released: CasAttribute[]; fromNewLogin: boolean; authTime: number }
  | { ok: false; code: CasFailureCode; description: string };

export type ValidateInput = { ticket?: string; service?: string; renew?: string; pgtUrl?: string };

const fail = (code: CasFailureCode, description: string): Validation => ({ ok: false, code, description });
/** Descriptions may echo a ticket only in the shape of one (it is escaped either way). */
const shown = (ticket: string) => (/^[A-Za-z0-9-]{1,64}$/.test(ticket) ? ticket : "(malformed)");

/**
 * One validation attempt of a service ticket (CAS §2.4–2.5, §3.1.1): the ticket is used up
 * whatever the outcome, and only an unexpired ticket for the exact service, from a live session
 * whose OA person still exists, succeeds.
 */
export async function validateServiceTicket(deps: Deps, tenantId: string, q: ValidateInput): Promise<Validation> {
  if (!q.ticket || !q.service) return fail("INVALID_REQUEST", "'ticket' and 'service' parameters are both required");
  if (q.ticket.startsWith("PT-")) return fail("INVALID_TICKET", `Ticket ${shown(q.ticket)} is a proxy ticket: this server issues no proxy tickets and validates service tickets only`);
  if (!q.ticket.startsWith("ST-") || q.ticket.length > 64) return fail("INVALID_TICKET", `Ticket ${shown(q.ticket)} not recognized`);
  const now = deps.clock.now();
  const row = await store.consumeTicketRow(deps.db, tenantId, hashTicket(q.ticket), now);
  if (!row) return fail("INVALID_TICKET", `Ticket ${shown(q.ticket)} not recognized (unknown, or already validated once)`);
  if (row.expiresAt <= now) return fail("INVALID_TICKET", `Ticket ${shown(q.ticket)} has expired (service tickets live ${TICKET_TTL_MS / 1000} seconds)`);
  if (row.service !== q.service) return fail("INVALID_SERVICE", `Ticket ${shown(q.ticket)} was issued for another service; it is now invalid`);
  if (isTrue(q.renew) && !row.fromNewLogin) return fail("INVALID_TICKET", `Ticket ${shown(q.ticket)} did not come from a new login, and renew was set`);
  if (q.pgtUrl) return fail("INVALID_PROXY_CALLBACK", "This server does not grant proxy-granting tickets: validate without pgtUrl");
  const service = await store.findServiceRow(deps.db, tenantId, row.serviceId);
  if (!service) return fail("INVALID_SERVICE", "The service is no longer registered");
  const session = await liveSessionById(deps, tenantId, row.sessionId);
  if (!session) return fail("INVALID_TICKET", `Ticket ${shown(q.ticket)} belongs to a sign-in session that has ended`);
  const person = await casPersonOf(deps, session);
  if (!person) return fail("INVALID_TICKET", "The signed-in person's OA account is no longer in the OA directory, or is disabled");
  return { ok: true, person, released: attributesOf(service), fromNewLogin: row.fromNewLogin, authTime: session.provedAt };
}

/** CAS flags are set by presence in practice (`renew=true`, `renew=1`, bare `renew`); "false" and "0" are not set. */
export const isTrue = (v: string | undefined) => v !== undefined && !/^(false|0)$/i.test(v);
