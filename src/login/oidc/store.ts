import { and, asc, eq, isNull, lt, or } from "drizzle-orm";
import type { Conn } from "../../kernel/db/client.ts";
import { signInSessions } from "../session/schema.ts";
import { oidcClients, oidcCodes, oidcTokens } from "./schema.ts";

export type ClientRow = typeof oidcClients.$inferSelect;
export type CodeRow = typeof oidcCodes.$inferSelect;
export type TokenRow = typeof oidcTokens.$inferSelect;

export const listClientRows = (db: Conn, tenantId: string) =>
  db.select().from(oidcClients).where(eq(oidcClients.tenantId, tenantId)).orderBy(asc(oidcClients.name), asc(oidcClients.id));
export const findClientRow = async (db: Conn, tenantId: string, id: string) =>
  (await db.select().from(oidcClients).where(and(eq(oidcClients.tenantId, tenantId), eq(oidcClients.id, id))))[0];
/** By the public client_id, within the tenant whose issuer was called. */
export const findClientByClientId = async (db: Conn, tenantId: string, clientId: string) =>
  (await db.select().from(oidcClients).where(and(eq(oidcClients.tenantId, tenantId), eq(oidcClients.clientId, clientId))))[0];
export const insertClientRow = (db: Conn, row: ClientRow) => db.insert(oidcClients).values(row);
export const updateClientRow = (db: Conn, tenantId: string, id: string, set: Partial<Omit<ClientRow, "id" | "tenantId" | "clientId" | "createdAt">>) =>
  db.update(oidcClients).set(set).where(and(eq(oidcClients.tenantId, tenantId), eq(oidcClients.id, id)));
export const deleteClientRow = (db: Conn, tenantId: string, id: string) =>
  db.delete(oidcClients).where(and(eq(oidcClients.tenantId, tenantId), eq(oidcClients.id, id)));

export const insertCode = (db: Conn, row: CodeRow) => db.insert(oidcCodes).values(row);
export const findCode = async (db: Conn, tenantId: string, codeHash: string) =>
  (await db.select().from(oidcCodes).where(and(eq(oidcCodes.tenantId, tenantId), eq(oidcCodes.codeHash, codeHash))))[0];
/** Marks the code used in one conditional UPDATE: true for the one caller that got it first. */
export async function claimCode(db: Conn, tenantId: string, codeHash: string, now: number): Promise<boolean> {
  const r = await db
    .update(oidcCodes)
    .set({ usedAt: now })
    .where(and(eq(oidcCodes.tenantId, tenantId), eq(oidcCodes.codeHash, codeHash), isNull(oidcCodes.usedAt)))
    .returning({ h: oidcCodes.codeHash });
  return r.length === 1;
}

export const insertToken = (db: Conn, row: TokenRow) => db.insert(oidcTokens).values(row);
export const findToken = async (db: Conn, tokenHash: string) => (await db.select().from(oidcTokens).where(eq(oidcTokens.tokenHash, tokenHash)))[0];
export const revokeTokensOfCode = (db: Conn, tenantId: string, codeHash: string, now: number) =>
  db.update(oidcTokens).set({ revokedAt: now }).where(and(eq(oidcTokens.tenantId, tenantId), eq(oidcTokens.codeHash, codeHash), isNull(oidcTokens.revokedAt)));
export const revokeTokensOfSession = (db: Conn, tenantId: string, sessionId: string, now: number) =>
  db.update(oidcTokens).set({ revokedAt: now }).where(and(eq(oidcTokens.tenantId, tenantId), eq(oidcTokens.sessionId, sessionId), isNull(oidcTokens.revokedAt)));
export const revokeTokensOfClient = (db: Conn, tenantId: string, clientId: string, now: number) =>
  db.update(oidcTokens).set({ revokedAt: now }).where(and(eq(oidcTokens.tenantId, tenantId), eq(oidcTokens.clientId, clientId), isNull(oidcTokens.revokedAt)));

/** Codes and tokens past their life, gone (expired ones are refused on their own anyway). */
export async function pruneExpired(db: Conn, before: number): Promise<void> {
  await db.delete(oidcCodes).where(lt(oidcCodes.expiresAt, before));
  await db.delete(oidcTokens).where(or(lt(oidcTokens.expiresAt, before), lt(oidcTokens.revokedAt, before)));
}

export const findSessionRow = async (db: Conn, tenantId: string, id: string) =>
  (await db.select().from(signInSessions).where(and(eq(signInSessions.tenantId, tenantId), eq(signInSessions.id, id))))[0];

