import { and, asc, eq, isNull } from "drizzle-orm";
import type { Conn } from "../../kernel/db/client.ts";
import { casServices, casTickets } from "./schema.ts";

// Every query names the tenant, so another tenant's id or ticket finds nothing.

export type CasServiceRow = typeof casServices.$inferSelect;
export type CasTicketRow = typeof casTickets.$inferSelect;

export const listServiceRows = (db: Conn, tenantId: string) =>
  db.select().from(casServices).where(eq(casServices.tenantId, tenantId)).orderBy(asc(casServices.name), asc(casServices.id));
export const findServiceRow = async (db: Conn, tenantId: string, id: string) =>
  (await db.select().from(casServices).where(and(eq(casServices.tenantId, tenantId), eq(casServices.id, id))))[0];
export const insertServiceRow = (db: Conn, row: CasServiceRow) => db.insert(casServices).values(row);
export const updateServiceRow = (db: Conn, tenantId: string, id: string, set: Partial<Omit<CasServiceRow, "id" | "tenantId" | "createdAt">>) =>
  db.update(casServices).set(set).where(and(eq(casServices.tenantId, tenantId), eq(casServices.id, id)));
export const deleteServiceRow = (db: Conn, tenantId: string, id: string) =>
  db.delete(casServices).where(and(eq(casServices.tenantId, tenantId), eq(casServices.id, id)));

/** Inserts a ticket; false when a ticket with this hash exists (the caller picks another issue time). */
export async function insertTicketRow(db: Conn, row: CasTicketRow): Promise<boolean> {
  const done = await db.insert(casTickets).values(row).onConflictDoNothing().returning({ h: casTickets.ticketHash });
  return done.length > 0;
}

/** Marks a ticket used and returns it, in one statement: of two validations racing, one wins. */
export async function consumeTicketRow(db: Conn, tenantId: string, ticketHash: string, now: number): Promise<CasTicketRow | undefined> {
  const [row] = await db
    .update(casTickets)
    .set({ usedAt: now })
    .where(and(eq(casTickets.tenantId, tenantId), eq(casTickets.ticketHash, ticketHash), isNull(casTickets.usedAt)))
    .returning();
  return row;
}

export const ticketsOfSession = (db: Conn, tenantId: string, sessionId: string) =>
  db.select().from(casTickets).where(and(eq(casTickets.tenantId, tenantId), eq(casTickets.sessionId, sessionId)));
export const deleteTicketsOfSession = (db: Conn, tenantId: string, sessionId: string) =>
  db.delete(casTickets).where(and(eq(casTickets.tenantId, tenantId), eq(casTickets.sessionId, sessionId)));
