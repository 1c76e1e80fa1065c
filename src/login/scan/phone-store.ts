import { and, eq, exists, isNull, or } from "drizzle-orm";
import type { Conn } from "../../kernel/db/client.ts";
import { bindings, welinkUsers } from "../../directory/index.ts";
import { apps, corps, tenants } from "../../accounts/index.ts";
import { scanApps, scanSettings } from "../schema.ts";
import type { ScanApp } from "./scan-apps.ts";

/** A place a scanning person may sign in to: a tenant, its scan-login enterprise and app. */
export type ScanPlace = { tenantId: string; tenantSlug: string; tenantName: string; corpId: string; corpName: string; appId: string };

/**
 * Tenants whose scan login is on and whose scan app's enterprise is WeLink enterprise
 * `welinkTenantId`, where `welinkUserId` is known (bound, or in the mirrored directory).
 * This reads across tenants on purpose: the person chooses among the teams that know them.
 */
export async function placesKnowing(db: Conn, welinkTenantId: string, welinkUserId: string): Promise<ScanPlace[]> {
  const listedApp = db.select({ x: scanApps.appId }).from(scanApps).where(and(eq(scanApps.tenantId, apps.tenantId), eq(scanApps.appId, apps.id)));
  const bound = db.select({ x: bindings.corpId }).from(bindings).where(and(eq(bindings.corpId, corps.id), eq(bindings.welinkUserId, welinkUserId)));
  const listed = db.select({ x: welinkUsers.corpId }).from(welinkUsers).where(and(eq(welinkUsers.corpId, corps.id), eq(welinkUsers.userId, welinkUserId), isNull(welinkUsers.removedAt)));
  const rows = await db
    .select({ tenantId: tenants.id, tenantSlug: tenants.slug, tenantName: tenants.name, corpId: corps.id, corpName: corps.name, appId: apps.id })
    .from(scanSettings)
    .innerJoin(tenants, eq(tenants.id, scanSettings.tenantId))
    // The tenant's default scan app, or its scan app for another of its enterprises.
    .innerJoin(apps, and(eq(apps.tenantId, scanSettings.tenantId), or(eq(apps.id, scanSettings.appId), exists(listedApp))))
    .innerJoin(corps, eq(corps.id, apps.corpId))
    .where(and(eq(scanSettings.enabled, true), eq(apps.enabled, true), eq(corps.enabled, true), eq(corps.welinkTenantId, welinkTenantId), or(exists(bound), exists(listed))))
    .orderBy(tenants.name);
  // A team is one choice even if two of its scan apps sit in this WeLink enterprise.
  return rows.filter((r, i) => rows.findIndex((x) => x.tenantId === r.tenantId) === i);
}

/** An enterprise the phone may offer for a ticket: the tenant's scan app in it, usable now. */
export type ScanEnterprise = { corpId: string; corpName: string; appId: string; appKey: string; clientId: string };

/** The tenant's scan apps (in its order) whose app and enterprise are enabled, with what the phone page needs. */
export async function enterprisesOf(db: Conn, tenantId: string, list: readonly ScanApp[]): Promise<ScanEnterprise[]> {
  if (list.length === 0) return [];
  const rows = await db
    .select({ corpId: corps.id, corpName: corps.name, appId: apps.id, appKey: apps.appKey, clientId: apps.clientId })
    .from(apps)
    .innerJoin(corps, eq(corps.id, apps.corpId))
    .where(and(eq(apps.tenantId, tenantId), eq(apps.enabled, true), eq(corps.enabled, true)));
  return list.flatMap((a) => rows.filter((r) => r.appId === a.appId && r.corpId === a.corpId));
}

/** The place a ticket names (its tenant, corp and app), with the names the phone shows. */
export async function placeOf(db: Conn, t: { tenantId: string; corpId: string; appId: string }): Promise<(ScanPlace & { welinkTenantId: string; appKey: string }) | undefined> {
  const [row] = await db
    .select({ tenantId: tenants.id, tenantSlug: tenants.slug, tenantName: tenants.name, corpId: corps.id, corpName: corps.name, appId: apps.id, welinkTenantId: corps.welinkTenantId, appKey: apps.appKey })
    .from(apps)
    .innerJoin(corps, eq(corps.id, apps.corpId))
    .innerJoin(tenants, eq(tenants.id, apps.tenantId))
    .where(and(eq(apps.id, t.appId), eq(apps.tenantId, t.tenantId), eq(corps.id, t.corpId)));
  return row;
}
