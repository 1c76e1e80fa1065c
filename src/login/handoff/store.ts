import { and, desc, eq, gt, isNull, lt, ne, or } from "drizzle-orm";
import type { Conn } from "../../kernel/db/client.ts";
import { oaUsers } from "../../oa/index.ts";
import { handoffs, signingKeys } from "../schema.ts";

/** Queries of the handoff: the signing keys and the issued tokens. */

export type SigningKeyRow = typeof signingKeys.$inferSelect;
export type HandoffRow = typeof handoffs.$inferSelect;
export type KeyAlg = SigningKeyRow["alg"];

// Signing keys
export const insertSigningKey = (db: Conn, row: SigningKeyRow) => db.insert(signingKeys).values(row);
export const listSigningKeyRows = (db: Conn) => db.select().from(signingKeys).orderBy(desc(signingKeys.createdAt));
export const findSigningKey = async (db: Conn, kid: string) => (await db.select().from(signingKeys).where(eq(signingKeys.kid, kid)))[0];

/** Keys of `alg` that still sign (not retired), newest first. */
export const activeKeyRows = (db: Conn, alg: KeyAlg) =>
  db.select().from(signingKeys).where(and(eq(signingKeys.alg, alg), isNull(signingKeys.verifyUntil))).orderBy(desc(signingKeys.createdAt));

/** Keys that still verify at `now`: the signing ones and the retired ones inside their overlap. */
export const verifyingKeyRows = (db: Conn, now: number) =>
  db
    .select()
    .from(signingKeys)
    .where(or(isNull(signingKeys.verifyUntil), gt(signingKeys.verifyUntil, now)))
    .orderBy(desc(signingKeys.createdAt));

/** Retires every signing key of `alg` except `keep`: they verify until `until`, then drop out. */
export const retireKeys = (db: Conn, alg: KeyAlg, keep: string, until: number) =>
  db
    .update(signingKeys)
    .set({ verifyUntil: until })
    .where(and(eq(signingKeys.alg, alg), isNull(signingKeys.verifyUntil), ne(signingKeys.kid, keep)));

// Handoffs
export const insertHandoff = (db: Conn, row: HandoffRow) => db.insert(handoffs).values(row);
export const findHandoff = async (db: Conn, jti: string) => (await db.select().from(handoffs).where(eq(handoffs.jti, jti)))[0];

/**
 * Marks a handoff redeemed only if nobody did before and it has not expired, in one statement:
 * two redeems racing each other cannot both see "not redeemed" (true: this call won).
 */
export async function markRedeemed(db: Conn, tenantId: string, jti: string, now: number): Promise<boolean> {
  const result = await db
    .update(handoffs)
    .set({ redeemedAt: now })
    .where(and(eq(handoffs.jti, jti), eq(handoffs.tenantId, tenantId), isNull(handoffs.redeemedAt), gt(handoffs.expiresAt, now)));
  return result.rowsAffected === 1;
}

/** Rows past their expiry can go: a token that old is refused on its `exp` before its row matters. */
export const pruneHandoffs = (db: Conn, before: number) => db.delete(handoffs).where(lt(handoffs.expiresAt, before));

// The OA directory, read for the person a handoff names.
export const findOaUser = async (db: Conn, tenantId: string, id: string) =>
  (await db.select({ account: oaUsers.account, name: oaUsers.name }).from(oaUsers).where(and(eq(oaUsers.tenantId, tenantId), eq(oaUsers.id, id))))[0];
