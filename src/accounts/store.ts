import { and, asc, desc, eq, isNull, type SQL } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import { adminSessions, adminUsers, apiTokens, corps, tenants } from "./schema.ts";

export type TenantRow = typeof tenants.$inferSelect;
export type TokenRow = typeof apiTokens.$inferSelect;
export type AdminUserRow = typeof adminUsers.$inferSelect;
export type SessionRow = typeof adminSessions.$inferSelect;

/** `tenantId` null means the global level: global tokens and global admins. */
const tenantIs = (column: typeof apiTokens.tenantId | typeof adminUsers.tenantId, tenantId: string | null): SQL =>
  tenantId === null ? isNull(column) : eq(column, tenantId);

// Tenants
export const listTenants = (db: Conn) => db.select().from(tenants).orderBy(asc(tenants.slug));
export const countTenants = async (db: Conn) => (await db.$count(tenants)) as number;
export const findTenantBySlug = async (db: Conn, slug: string) =>
  (await db.select().from(tenants).where(eq(tenants.slug, slug)))[0];
export const findTenantById = async (db: Conn, id: string) =>
  (await db.select().from(tenants).where(eq(tenants.id, id)))[0];
export const insertTenant = (db: Conn, row: TenantRow) => db.insert(tenants).values(row);
export const updateTenantRow = (db: Conn, id: string, set: Partial<Pick<TenantRow, "name" | "slug" | "updatedAt">>) =>
  db.update(tenants).set(set).where(eq(tenants.id, id));
export const countCorpsOf = async (db: Conn, tenantId: string) => (await db.$count(corps, eq(corps.tenantId, tenantId))) as number;
export const deleteTenantRow = (db: Conn, id: string) => db.delete(tenants).where(eq(tenants.id, id));

// API tokens
export const insertToken = (db: Conn, row: TokenRow) => db.insert(apiTokens).values(row);
export const findTokenByHash = async (db: Conn, tokenHash: string) =>
  (await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, tokenHash)))[0];
export const listTokenRows = (db: Conn, tenantId: string | null) =>
  db.select().from(apiTokens).where(tenantIs(apiTokens.tenantId, tenantId)).orderBy(desc(apiTokens.createdAt));
export const findToken = async (db: Conn, tenantId: string | null, id: string) =>
  (await db.select().from(apiTokens).where(and(eq(apiTokens.id, id), tenantIs(apiTokens.tenantId, tenantId))))[0];
export const setTokenRevoked = (db: Conn, id: string, at: number) =>
  db.update(apiTokens).set({ revokedAt: at }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)));
export const touchToken = (db: Conn, id: string, at: number) =>
  db.update(apiTokens).set({ lastUsedAt: at }).where(eq(apiTokens.id, id));

// Admin users
export const insertAdminUser = (db: Conn, row: AdminUserRow) => db.insert(adminUsers).values(row);
export const findAdminUserByName = async (db: Conn, username: string) =>
  (await db.select().from(adminUsers).where(eq(adminUsers.username, username)))[0];
export const findAdminUser = async (db: Conn, tenantId: string | null, id: string) =>
  (await db.select().from(adminUsers).where(and(eq(adminUsers.id, id), tenantIs(adminUsers.tenantId, tenantId))))[0];
export const findAdminUserById = async (db: Conn, id: string) =>
  (await db.select().from(adminUsers).where(eq(adminUsers.id, id)))[0];
export const listAdminUserRows = (db: Conn, tenantId: string | null) =>
  db.select().from(adminUsers).where(tenantIs(adminUsers.tenantId, tenantId)).orderBy(asc(adminUsers.username));
export const updateAdminUser = (
  db: Conn,
  id: string,
  set: Partial<Pick<AdminUserRow, "failedLogins" | "lockedUntil" | "lastLoginAt" | "passwordHash">>,
) => db.update(adminUsers).set(set).where(eq(adminUsers.id, id));
export const deleteAdminUserRow = (db: Conn, id: string) => db.delete(adminUsers).where(eq(adminUsers.id, id));

// Admin sessions
export const insertSession = (db: Conn, row: SessionRow) => db.insert(adminSessions).values(row);
export const findSession = async (db: Conn, idHash: string) =>
  (await db.select().from(adminSessions).where(eq(adminSessions.idHash, idHash)))[0];
export const deleteSession = (db: Conn, idHash: string) => db.delete(adminSessions).where(eq(adminSessions.idHash, idHash));
export const deleteUserSessions = (db: Conn, userId: string) =>
  db.delete(adminSessions).where(eq(adminSessions.userId, userId));
export const setSessionTenant = (db: Conn, idHash: string, tenantId: string | null) =>
  db.update(adminSessions).set({ tenantId }).where(eq(adminSessions.idHash, idHash));
