import { and, eq, inArray, lt, sql } from "drizzle-orm";
import type { Conn } from "../../kernel/db/client.ts";
import { loginTickets } from "../schema.ts";

export type TicketRow = typeof loginTickets.$inferSelect;
export type TicketState = TicketRow["state"];

/** States a ticket can still move out of; the others are final. */
export const LIVE_STATES = ["pending", "scanned", "confirmed"] as const satisfies readonly TicketState[];
export const isLive = (s: TicketState) => (LIVE_STATES as readonly string[]).includes(s);

export const insertTicket = (db: Conn, row: TicketRow) => db.insert(loginTickets).values(row);

export const findTicket = async (db: Conn, id: string) => (await db.select().from(loginTickets).where(eq(loginTickets.id, id)))[0];

export const findTicketByToken = async (db: Conn, tokenHash: string) => (await db.select().from(loginTickets).where(eq(loginTickets.tokenHash, tokenHash)))[0];

/**
 * Moves a ticket from one of `from` to its next state in one statement, only while it has not run
 * out: the database decides, so two racing moves (two phones, two hand-offs) cannot both win.
 * Returns the row after the move, or undefined when it was not in `from` (or had run out).
 */
export async function moveTicket(db: Conn, o: { id: string; from: readonly TicketState[]; now: number; set: Partial<TicketRow>; ignoreExpiry?: boolean }): Promise<TicketRow | undefined> {
  const live = o.ignoreExpiry ? undefined : sql`${loginTickets.expiresAt} > ${o.now}`;
  const [row] = await db
    .update(loginTickets)
    .set(o.set)
    .where(and(eq(loginTickets.id, o.id), inArray(loginTickets.state, [...o.from]), live))
    .returning();
  return row;
}

/** Live tickets whose time ran out (for the sweeper). */
export const overdueTickets = (db: Conn, now: number, limit: number) =>
  db.select().from(loginTickets).where(and(inArray(loginTickets.state, [...LIVE_STATES]), lt(loginTickets.expiresAt, now + 1))).limit(limit);

/** Removes tickets that ended before `before` (the login log keeps their story). */
export const pruneTickets = (db: Conn, before: number) => db.delete(loginTickets).where(lt(loginTickets.createdAt, before));
