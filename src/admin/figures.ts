import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { type AppHealth, appHealthByCorp, type CorpView, failingApps, listCorps } from "../corps/index.ts";
import { type CorpDirectoryFigures, corpDirectoryFigures } from "../directory/index.ts";
import { type DeliveryProblems, deliveryProblemsByCorp } from "../messages/index.ts";
import { type ScanFigures, scanLoginsByCorp } from "../login/index.ts";

export const DAY_MS = 24 * 60 * 60 * 1000;

export type Problem = "appTest" | "pull" | "review" | "deliveries" | "scan";

export type CorpFigures = {
  corp: CorpView;
  apps: AppHealth[];
  directory: CorpDirectoryFigures;
  deliveries: DeliveryProblems;
  scans: ScanFigures;
  problems: Problem[];
};

const BAD_PULL = new Set(["failed", "held", "stale"]);

/** What needs the admin's attention, in the order the card lists it (pure). */
export function problemsOf(f: Omit<CorpFigures, "problems">): Problem[] {
  const out: Problem[] = [];
  if (failingApps(f.apps).length > 0) out.push("appTest");
  const pull = f.directory.lastPull;
  if (pull && (BAD_PULL.has(pull.status) || pull.failed > 0)) out.push("pull");
  if (f.directory.review > 0) out.push("review");
  if (f.deliveries.failed + f.deliveries.dead > 0) out.push("deliveries");
  if (f.scans.failed > 0) out.push("scan");
  return out;
}

/**
 * Every figure of the overview, per WeLink enterprise of the working tenant, each taken from its
 * room; enterprises with problems first (most problems first), then by name.
 */
export async function overviewFigures(deps: Deps, ctx: Ctx & { tenant: { id: string } }): Promise<CorpFigures[]> {
  const since = deps.clock.now() - DAY_MS;
  const [corps, health, deliveries, scans] = await Promise.all([
    listCorps(deps, ctx),
    appHealthByCorp(deps, ctx),
    deliveryProblemsByCorp(deps, ctx.tenant.id, since),
    scanLoginsByCorp(deps, ctx.tenant.id, since),
  ]);
  const figures = await Promise.all(
    corps.map(async (corp) => {
      const base = {
        corp,
        apps: health.get(corp.id) ?? [],
        directory: await corpDirectoryFigures(deps, ctx, corp.id),
        deliveries: deliveries.get(corp.id) ?? { failed: 0, dead: 0 },
        scans: scans.get(corp.id) ?? { ok: 0, failed: 0 },
      };
      return { ...base, problems: problemsOf(base) };
    }),
  );
  return figures.sort((a, b) => b.problems.length - a.problems.length || a.corp.name.localeCompare(b.corp.name, "zh-CN"));
}
