import { and, asc, eq } from "drizzle-orm";
import type { Conn } from "../../kernel/db/client.ts";
import { apps, corps } from "../../accounts/index.ts";
import { scanApps } from "../schema.ts";

/** Scan login's app in one integrated enterprise. */
export type ScanApp = { corpId: string; appId: string };
/** An app of the tenant, with what decides whether scan login may use it. */
export type TenantApp = { id: string; corpId: string; enabled: boolean; corpEnabled: boolean };

/** The tenant's apps (any state): what the per-enterprise choices are checked against. */
export const tenantApps = (db: Conn, tenantId: string): Promise<TenantApp[]> =>
  db
    .select({ id: apps.id, corpId: apps.corpId, enabled: apps.enabled, corpEnabled: corps.enabled })
    .from(apps)
    .innerJoin(corps, eq(corps.id, apps.corpId))
    .where(eq(apps.tenantId, tenantId));

export const scanAppRows = (db: Conn, tenantId: string): Promise<ScanApp[]> =>
  db.select({ corpId: scanApps.corpId, appId: scanApps.appId }).from(scanApps).where(eq(scanApps.tenantId, tenantId)).orderBy(asc(scanApps.position));

/** Replaces the tenant's per-enterprise apps (in the caller's transaction). */
export async function replaceScanApps(db: Conn, tenantId: string, list: readonly ScanApp[]): Promise<void> {
  await db.delete(scanApps).where(eq(scanApps.tenantId, tenantId));
  if (list.length) await db.insert(scanApps).values(list.map((a, position) => ({ tenantId, ...a, position })));
}

/**
 * One app per enterprise, the default first. The single app_id of scan_settings (the setting
 * before enterprises could each have one) is still honoured: it is the default and speaks for its
 * corp; the rows speak for the other corps. Apps that are gone are dropped.
 */
export function effectiveScanApps(defaultAppId: string | null, rows: readonly ScanApp[], all: readonly TenantApp[]): ScanApp[] {
  const known = (a: ScanApp) => all.some((x) => x.id === a.appId && x.corpId === a.corpId);
  const first = all.find((x) => x.id === defaultAppId);
  const head = first ? [{ corpId: first.corpId, appId: first.id }] : [];
  return [...head, ...rows.filter((r) => known(r) && r.corpId !== first?.corpId)];
}

/** The tenant's scan app for one corp (when it has one), for a use case that was handed the corp. */
export async function scanAppFor(db: Conn, tenantId: string, corpId: string, defaultAppId: string | null): Promise<ScanApp | undefined> {
  const all = (await tenantApps(db, tenantId)).filter((a) => a.corpId === corpId);
  const rows = await db.select({ corpId: scanApps.corpId, appId: scanApps.appId }).from(scanApps).where(and(eq(scanApps.tenantId, tenantId), eq(scanApps.corpId, corpId)));
  return effectiveScanApps(defaultAppId, rows, all).find((a) => a.corpId === corpId);
}
