import { and, asc, eq } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import { apps, corps, tenants } from "../accounts/index.ts";

export type CorpRow = typeof corps.$inferSelect;
export type AppRow = typeof apps.$inferSelect;

// Corps: every query names the tenant, so another tenant's id finds nothing.
export const listCorpRows = (db: Conn, tenantId: string) =>
  db.select().from(corps).where(eq(corps.tenantId, tenantId)).orderBy(asc(corps.name), asc(corps.id));
export const findCorp = async (db: Conn, tenantId: string, id: string) =>
  (await db.select().from(corps).where(and(eq(corps.id, id), eq(corps.tenantId, tenantId))))[0];
export const findCorpByWelinkTenant = async (db: Conn, tenantId: string, welinkTenantId: string) =>
  (await db.select().from(corps).where(and(eq(corps.tenantId, tenantId), eq(corps.welinkTenantId, welinkTenantId))))[0];
export const insertCorp = (db: Conn, row: CorpRow) => db.insert(corps).values(row);
export const updateCorpRow = (db: Conn, id: string, set: Partial<Omit<CorpRow, "id" | "tenantId" | "createdAt">>) =>
  db.update(corps).set(set).where(eq(corps.id, id));
/** Apps and bindings go with the corp (ON DELETE CASCADE); the login log keeps its rows. */
export const deleteCorpRow = (db: Conn, id: string) => db.delete(corps).where(eq(corps.id, id));

// Apps
export const listAppRows = (db: Conn, tenantId: string, corpId: string) =>
  db.select().from(apps).where(and(eq(apps.tenantId, tenantId), eq(apps.corpId, corpId))).orderBy(asc(apps.name), asc(apps.id));
export const listTenantAppRows = (db: Conn, tenantId: string) => db.select().from(apps).where(eq(apps.tenantId, tenantId)).orderBy(asc(apps.name), asc(apps.id));
export const findApp = async (db: Conn, tenantId: string, id: string) =>
  (await db.select().from(apps).where(and(eq(apps.id, id), eq(apps.tenantId, tenantId))))[0];
export const findAppByClientId = async (db: Conn, corpId: string, clientId: string) =>
  (await db.select().from(apps).where(and(eq(apps.corpId, corpId), eq(apps.clientId, clientId))))[0];
export const insertApp = (db: Conn, row: AppRow) => db.insert(apps).values(row);
export const updateAppRow = (db: Conn, id: string, set: Partial<Omit<AppRow, "id" | "tenantId" | "corpId" | "appKey" | "createdAt">>) =>
  db.update(apps).set(set).where(eq(apps.id, id));
export const deleteAppRow = (db: Conn, id: string) => db.delete(apps).where(eq(apps.id, id));

/** The public homepage key is unique across tenants: it is all a WeLink client sends. */
export async function findAppByKey(db: Conn, appKey: string) {
  const rows = await db
    .select({ app: apps, corp: corps, tenant: { id: tenants.id, slug: tenants.slug } })
    .from(apps)
    .innerJoin(corps, eq(corps.id, apps.corpId))
    .innerJoin(tenants, eq(tenants.id, apps.tenantId))
    .where(eq(apps.appKey, appKey));
  return rows[0];
}

// What a corp's removal takes with it (and what it leaves).
export const countCorpApps = async (db: Conn, corpId: string) => (await db.$count(apps, eq(apps.corpId, corpId))) as number;

/** Removes the integration but keeps the directory: apps (with their secrets) go (the pull settings: CorpFootprint). */
export async function disconnectCorpRow(db: Conn, id: string, now: number): Promise<void> {
  await db.update(corps).set({ enabled: false, syncAppId: null, disconnectedAt: now, updatedAt: now }).where(eq(corps.id, id));
  await db.delete(apps).where(eq(apps.corpId, id));
}
