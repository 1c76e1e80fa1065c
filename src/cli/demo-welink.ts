import type { Deps } from "../deps.ts";
import { systemCtx } from "../kernel/actor.ts";
import { AppError } from "../kernel/errors.ts";
import { DEFAULT_SETTINGS } from "../sandbox/index.ts";
import { createApp, createCorp, homepageUrl, listApps, listCorps, updateCorp } from "../corps/index.ts";
import { getTenant } from "../accounts/index.ts";
import type { DemoSandbox } from "./demo-parts.ts";

export type DemoWelink = { lines: string[]; homepage?: string; corpId?: string };

/**
 * Integrates the sandbox's enterprise and app into tenant `default`, with the binding rule on
 * (mobile, then e-mail) so most demo people enter without binding by hand, and the app chosen as the
 * corp's sync app so the first pull works at once. An earlier run's corp (same WeLink tenant id, kept
 * in --data) is reused, given a sync app if it has none. Returns banner lines; failures are reported.
 */
export async function connectDemoWelink(deps: Deps, sandbox: DemoSandbox): Promise<DemoWelink> {
  try {
    const tenant = await getTenant(deps, systemCtx(), "default");
    const ctx = systemCtx({ id: tenant.id, slug: tenant.slug });
    const welinkTenantId = DEFAULT_SETTINGS.tenantId;
    const existing = (await listCorps(deps, ctx)).find((c) => c.welinkTenantId === welinkTenantId);
    if (existing) {
      const first = (await listApps(deps, ctx, existing.id))[0];
      if (!existing.syncAppId && first) await updateCorp(deps, ctx, existing.id, { syncAppId: first.id });
      const homepage = first ? homepageUrl(deps, first.appKey) : undefined;
      return { lines: [`WeLink enterprise '${existing.name}' was integrated on an earlier run (kept)${homepage ? `; homepage ${homepage}` : ""}`], homepage, corpId: existing.id };
    }
    const corp = await createCorp(deps, ctx, {
      name: "演示企业（Demo-Corp）",
      welinkTenantId,
      apiBaseUrl: sandbox.url,
      bindingRule: { enabled: true, terms: [{ oa: "mobile", welink: "mobile" }, { oa: "email", welink: "email" }], combine: "or" },
    });
    const app = await createApp(deps, ctx, corp.id, { name: "OA 门户", clientId: sandbox.app.clientId, clientSecret: sandbox.app.clientSecret });
    await updateCorp(deps, ctx, corp.id, { syncAppId: app.id });
    const homepage = homepageUrl(deps, app.appKey);
    return { lines: [`WeLink enterprise '${corp.name}' and app '${app.name}' integrated (its sync app); homepage ${homepage}`], homepage, corpId: corp.id };
  } catch (e) {
    const why = e instanceof AppError ? `${e.code}: ${e.message}` : String(e);
    return { lines: [`could not integrate the sandbox's enterprise (${why})`] };
  }
}
