import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { type LastTest, lastTestOf } from "./app-input.ts";
import { tenantOf } from "./corps.ts";
import { listTenantAppRows } from "./store.ts";

export type AppHealth = { id: string; corpId: string; name: string; enabled: boolean; lastTest: LastTest | null };

/** Every app of the tenant with its last test, by corp: what the corps list and the overview warn about. */
export async function appHealthByCorp(deps: Deps, ctx: Ctx): Promise<Map<string, AppHealth[]>> {
  const rows = await listTenantAppRows(deps.db, tenantOf(ctx).id);
  const byCorp = new Map<string, AppHealth[]>();
  for (const r of rows) {
    const list = byCorp.get(r.corpId) ?? [];
    list.push({ id: r.id, corpId: r.corpId, name: r.name, enabled: r.enabled, lastTest: lastTestOf(r) });
    byCorp.set(r.corpId, list);
  }
  return byCorp;
}

/** Enabled apps whose last test failed: a corp with any is not simply "enabled". */
export const failingApps = (apps: readonly AppHealth[] | undefined) => (apps ?? []).filter((a) => a.enabled && a.lastTest?.ok === false);
