import type { Deps } from "../deps.ts";
import { findConnection } from "../oa/index.ts";
import { hasEnabledPushRule } from "../messages/index.ts";
import { appsOpenedFromWelink, scanSettingsFor } from "../login/index.ts";
import type { CorpFigures } from "./figures.ts";

export const STEPS = ["oa", "corpApp", "homepage", "syncApp", "firstPull", "bindingRule", "pushRule", "scan"] as const;
export type Step = (typeof STEPS)[number];
export type ChecklistItem = { step: Step; done: boolean; href: string };

/** A pull that got through (its removals may wait for approval): the directory is there. */
const PULLED = new Set(["ok", "held", "approved", "dismissed"]);

/**
 * The getting-started steps of a tenant, each ticked from what is really there (a connection, an
 * app, a visit through the homepage, a pull…), and linked to the form that does it: to the corp
 * or app concerned once there is one.
 */
export async function gettingStarted(deps: Deps, tenant: { id: string; slug: string }, figures: CorpFigures[]): Promise<ChecklistItem[]> {
  const [connection, opened, pushRule, scan] = await Promise.all([
    findConnection(deps.db, tenant.id),
    appsOpenedFromWelink(deps, tenant.id),
    hasEnabledPushRule(deps, tenant.id),
    scanSettingsFor(deps, tenant),
  ]);
  const live = figures.filter((f) => !f.corp.disconnectedAt);
  const corp = live.find((f) => f.apps.length > 0)?.corp ?? live[0]?.corp;
  const app = live.flatMap((f) => f.apps)[0];
  const corpPage = corp ? `/admin/corps/${corp.id}` : "/admin/corps/new";
  const done: Record<Step, boolean> = {
    oa: connection !== undefined,
    corpApp: app !== undefined,
    homepage: opened.size > 0,
    syncApp: live.some((f) => f.corp.syncAppId !== null),
    firstPull: live.some((f) => f.directory.lastPull !== null && PULLED.has(f.directory.lastPull.status)),
    bindingRule: live.some((f) => f.corp.bindingRule.enabled),
    pushRule,
    scan: scan.enabled,
  };
  const href: Record<Step, string> = {
    oa: "/admin/oa/connection",
    corpApp: corp ? `/admin/corps/${corp.id}/apps/new` : "/admin/corps/new",
    homepage: app ? `/admin/apps/${app.id}` : corpPage,
    syncApp: corp ? `/admin/corps/${corp.id}/edit` : corpPage,
    firstPull: corp ? `/admin/directory/${corp.id}/runs` : corpPage,
    bindingRule: corp ? `/admin/corps/${corp.id}/edit` : corpPage,
    pushRule: "/admin/push/rules/new",
    scan: "/admin/scan-login",
  };
  return STEPS.map((step) => ({ step, done: done[step], href: href[step] }));
}
