import { and, count, eq, gte, inArray } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import { loginLog } from "../schema.ts";

export type ScanFigures = { ok: number; failed: number };

/** Per corp of the tenant, scan logins since `since`, good and failed: what the overview shows. */
export async function scanLoginsByCorp(deps: Deps, tenantId: string, since: number): Promise<Map<string, ScanFigures>> {
  const rows = await deps.db
    .select({ corpId: loginLog.corpId, result: loginLog.result, n: count() })
    .from(loginLog)
    .where(and(eq(loginLog.tenantId, tenantId), eq(loginLog.channel, "scan"), gte(loginLog.at, since)))
    .groupBy(loginLog.corpId, loginLog.result);
  const byCorp = new Map<string, ScanFigures>();
  for (const r of rows) {
    if (!r.corpId) continue;
    const figures = byCorp.get(r.corpId) ?? { ok: 0, failed: 0 };
    figures[r.result] = r.n;
    byCorp.set(r.corpId, figures);
  }
  return byCorp;
}

/**
 * Whether anyone has come in through an app's homepage (from WeLink or WeLink's OAuth2 page), per
 * app: the proof that its homepage URL was pasted into the WeLink console.
 */
export async function appsOpenedFromWelink(deps: Deps, tenantId: string): Promise<Set<string>> {
  const rows = await deps.db
    .selectDistinct({ appId: loginLog.appId })
    .from(loginLog)
    .where(and(eq(loginLog.tenantId, tenantId), inArray(loginLog.channel, ["welink", "oauth2"])));
  return new Set(rows.flatMap((r) => (r.appId ? [r.appId] : [])));
}
