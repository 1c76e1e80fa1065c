import { and, desc, eq } from "drizzle-orm";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { corpRowOf } from "../corps/index.ts";
import { listWelinkPeople } from "./browse.ts";
import { syncRuns } from "./schema.ts";

export type PullFigure = {
  runId: string;
  status: (typeof syncRuns.$inferSelect)["status"];
  startedAt: number;
  finishedAt: number | null;
  added: number;
  updated: number;
  removed: number;
  failed: number;
};
export type CorpDirectoryFigures = { bound: number; unbound: number; review: number; lastPull: PullFigure | null };

/**
 * What the overview shows of a corp's directory: the people counts the directory page filters by
 * (the same filters, so a figure and its link agree) and the last WeLink → bridge pull.
 */
export async function corpDirectoryFigures(deps: Deps, ctx: Ctx, corpId: string): Promise<CorpDirectoryFigures> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const count = async (filter: "bound" | "unbound" | "review") => (await listWelinkPeople(deps, ctx, corp.id, { filter, limit: 1, offset: 0 })).total;
  const [bound, unbound, review, runs] = await Promise.all([
    count("bound"),
    count("unbound"),
    count("review"),
    deps.db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.tenantId, corp.tenantId), eq(syncRuns.corpId, corp.id), eq(syncRuns.kind, "pull")))
      .orderBy(desc(syncRuns.startedAt))
      .limit(1),
  ]);
  const run = runs[0];
  const lastPull = run
    ? { runId: run.id, status: run.status, startedAt: run.startedAt, finishedAt: run.finishedAt, added: run.added, updated: run.updated, removed: run.removed, failed: run.failed }
    : null;
  return { bound, unbound, review, lastPull };
}
