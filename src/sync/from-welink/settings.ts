import { z } from "@hono/zod-openapi";
import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { inTransaction } from "../../kernel/db/client.ts";
import { errors } from "../../kernel/errors.ts";
import { cronProblem } from "../../kernel/scheduler.ts";
import { corpRowOf } from "../../corps/index.ts";
import { scheduleCorpJob, scheduleOf } from "../corp-schedule.ts";
import { pullCorp } from "./pull.ts";
import * as store from "../store.ts";

export const PullSchedule = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("none") }),
    z.object({ kind: z.literal("period"), firstRunAt: z.iso.datetime({ offset: true }), periodMinutes: z.number().int().min(1).max(525_600) }),
    z.object({ kind: z.literal("cron"), cron: z.string().min(1).max(200) }),
  ])
  .openapi("PullSchedule");
export type PullSchedule = z.infer<typeof PullSchedule>;

export const PullSettings = z
  .object({
    clearMissing: z.boolean().default(false).openapi({ description: "Delete what WeLink no longer has (otherwise it is marked removed)" }),
    autoBind: z.boolean().default(false).openapi({ description: "Bind new people with the corp's binding rule after a good pull" }),
    shrinkThreshold: z.number().int().min(0).max(100).default(10).openapi({ description: "Percent the population may fall since the last good run before removals are held" }),
    schedule: PullSchedule.default({ kind: "none" }),
  })
  .openapi("PullSettings");
export type PullSettings = z.infer<typeof PullSettings>;
export type PullSettingsView = PullSettings & { timezone: string; nextRun: string | null; note: string };

/** Shown with the settings: the sync app's visible range is all a pull can see. */
const VISIBILITY_NOTE = "A full pull sees only what the sync app is visible to: make the sync app visible to everyone in WeLink.";

function toView(deps: Deps, corpId: string, row: store.PullSettingsRow | undefined): PullSettingsView {
  const settings = row ? fromRow(row) : PullSettings.parse({});
  return { ...settings, timezone: deps.config.timezone, nextRun: deps.scheduler.nextRun(`pull:${corpId}`)?.toISOString() ?? null, note: VISIBILITY_NOTE };
}

function fromRow(r: store.PullSettingsRow): PullSettings {
  const schedule = scheduleOf(r);
  return { clearMissing: r.clearMissing, autoBind: r.autoBind, shrinkThreshold: r.shrinkThreshold, schedule };
}

export async function getPullSettings(deps: Deps, ctx: Ctx, corpId: string): Promise<PullSettingsView> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  return toView(deps, corp.id, await store.findPullSettings(deps.db, corp.id));
}

export async function savePullSettings(deps: Deps, ctx: Ctx, corpId: string, raw: z.input<typeof PullSettings>): Promise<PullSettingsView> {
  const input = PullSettings.parse(raw);
  if (input.schedule.kind === "cron") {
    const problem = cronProblem(input.schedule.cron, deps.config.timezone);
    if (problem) throw errors.validation([{ path: "body.schedule.cron", message: `not a usable cron expression: ${problem}` }]);
  }
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (tx) => {
    const corp = await corpRowOf(tx, ctx, corpId);
    const before = await store.findPullSettings(tx, corp.id);
    const s = input.schedule;
    const next: store.PullSettingsRow = {
      corpId: corp.id, tenantId: corp.tenantId, clearMissing: input.clearMissing, autoBind: input.autoBind,
      shrinkThreshold: input.shrinkThreshold, scheduleKind: s.kind,
      firstRunAt: s.kind === "period" ? Date.parse(s.firstRunAt) : null,
      periodMinutes: s.kind === "period" ? s.periodMinutes : null,
      cron: s.kind === "cron" ? s.cron : null,
      updatedAt: now,
    };
    await store.upsertPullSettings(tx, next);
    await recordAudit(tx, now, ctx, { action: "pull.settings.save", target: `corp:${corp.id}`, before: before && fromRow(before), after: input });
    return next;
  });
  // Only after the commit, so a refused save leaves the old schedule running.
  schedulePull(deps, row);
  return toView(deps, corpId, row);
}

/** Registers (or removes) the corp's schedule `pull:<corpId>`. */
export function schedulePull(deps: Deps, row: store.PullSettingsRow): void {
  scheduleCorpJob(deps, `pull:${row.corpId}`, row, () => pullCorp(deps, { tenantId: row.tenantId, corpId: row.corpId, trigger: "schedule" }).catch(() => undefined));
}

/** At start: every corp's scheduled pull. */
export async function registerPullSchedules(deps: Deps): Promise<number> {
  const rows = await store.listScheduledPulls(deps.db);
  for (const r of rows) schedulePull(deps, r);
  return rows.length;
}
