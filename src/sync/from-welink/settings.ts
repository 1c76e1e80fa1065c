import { z } from "@hono/zod-openapi";
import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { type Conn, inTransaction } from "../../kernel/db/client.ts";
import { loadDeptRecords } from "../../directory/index.ts";
import { errors } from "../../kernel/errors.ts";
import { cronProblem } from "../../kernel/scheduler.ts";
import { corpRowOf } from "../../corps/index.ts";
import { scheduleCorpJob, scheduleOf } from "../corp-schedule.ts";
import { pullCorp } from "./pull.ts";
import { clearRulesOf, normalizeRoots, rootsOf } from "./scope.ts";
import * as store from "../store.ts";

export const PullSchedule = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("none") }),
    z.object({ kind: z.literal("period"), firstRunAt: z.iso.datetime({ offset: true }), periodMinutes: z.number().int().min(1).max(525_600) }),
    z.object({ kind: z.literal("cron"), cron: z.string().min(1).max(200) }),
  ])
  .openapi("PullSchedule");
export type PullSchedule = z.infer<typeof PullSchedule>;

const DeptCodes = z
  .array(z.string().min(1).max(128))
  .min(1)
  .max(1000)
  .nullable()
  .openapi({ description: "WeLink departments (deptCode) whose subtrees are pulled, from the mirror; null = the whole directory" });

export const PullSettings = z
  .object({
    clearMissingDepts: z.boolean().default(false).openapi({ description: "Delete departments WeLink no longer has (otherwise they are marked removed); only inside the pulled scope" }),
    clearMissingPeople: z.boolean().default(false).openapi({ description: "Delete people WeLink no longer has (otherwise they are marked removed); only inside the pulled scope" }),
    deptCodes: DeptCodes.default(null),
    autoBind: z.boolean().default(false).openapi({ description: "Bind new people with the corp's binding rule after a good pull" }),
    shrinkThreshold: z.number().int().min(0).max(100).default(10).openapi({ description: "Percent the population in scope may fall since the last good run before removals are held" }),
    schedule: PullSchedule.default({ kind: "none" }),
  })
  .openapi("PullSettings");
export type PullSettings = z.infer<typeof PullSettings>;

/** What a save accepts: also the single switch of before the split, which sets both. */
export const PullSettingsInput = PullSettings.extend({
  clearMissingDepts: z.boolean().optional().openapi({ description: "Delete departments WeLink no longer has; default: clearMissing, else false" }),
  clearMissingPeople: z.boolean().optional().openapi({ description: "Delete people WeLink no longer has; default: clearMissing, else false" }),
  clearMissing: z.boolean().optional().openapi({ description: "Deprecated: both clear switches at once (a switch given by name wins)" }),
}).openapi("PullSettingsInput");

export type PullSettingsView = PullSettings & { timezone: string; nextRun: string | null; note: string };

/** Shown with the settings: the sync app's visible range is all a pull can see. */
const VISIBILITY_NOTE = "A full pull sees only what the sync app is visible to: make the sync app visible to everyone in WeLink.";

function toView(deps: Deps, corpId: string, row: store.PullSettingsRow | undefined): PullSettingsView {
  const settings = row ? fromRow(row) : PullSettings.parse({});
  return { ...settings, timezone: deps.config.timezone, nextRun: deps.scheduler.nextRun(`pull:${corpId}`)?.toISOString() ?? null, note: VISIBILITY_NOTE };
}

function fromRow(r: store.PullSettingsRow): PullSettings {
  const schedule = scheduleOf(r);
  const clear = clearRulesOf(r);
  return { clearMissingDepts: clear.depts, clearMissingPeople: clear.people, deptCodes: rootsOf(r), autoBind: r.autoBind, shrinkThreshold: r.shrinkThreshold, schedule };
}

function settingsOf(raw: z.input<typeof PullSettingsInput>): PullSettings {
  const { clearMissing, ...rest } = PullSettingsInput.parse(raw);
  return { ...rest, clearMissingDepts: rest.clearMissingDepts ?? clearMissing ?? false, clearMissingPeople: rest.clearMissingPeople ?? clearMissing ?? false };
}

/** The chosen departments must be in the mirror (the picker shows it); nested choices collapse to the outer one. */
async function checkedRoots(tx: Conn, corpId: string, codes: string[] | null): Promise<string[] | null> {
  if (codes === null) return null;
  const tree = await loadDeptRecords(tx, corpId);
  const unknown = codes.filter((c) => !tree.has(c) || tree.get(c)!.removedAt !== null);
  if (unknown.length > 0) throw errors.validation([{ path: "body.deptCodes", message: `not departments of this corp's WeLink directory: ${unknown.slice(0, 10).join(", ")}` }]);
  return normalizeRoots(codes, tree);
}

export async function getPullSettings(deps: Deps, ctx: Ctx, corpId: string): Promise<PullSettingsView> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  return toView(deps, corp.id, await store.findPullSettings(deps.db, corp.id));
}

export async function savePullSettings(deps: Deps, ctx: Ctx, corpId: string, raw: z.input<typeof PullSettingsInput>): Promise<PullSettingsView> {
  const input = settingsOf(raw);
  if (input.schedule.kind === "cron") {
    const problem = cronProblem(input.schedule.cron, deps.config.timezone);
    if (problem) throw errors.validation([{ path: "body.schedule.cron", message: `not a usable cron expression: ${problem}` }]);
  }
  const now = deps.clock.now();
  const row = await inTransaction(deps.db, async (tx) => {
    const corp = await corpRowOf(tx, ctx, corpId);
    const before = await store.findPullSettings(tx, corp.id);
    input.deptCodes = await checkedRoots(tx, corp.id, input.deptCodes);
    const s = input.schedule;
    const next: store.PullSettingsRow = {
      corpId: corp.id, tenantId: corp.tenantId, clearMissing: input.clearMissingDepts, clearMissingPeople: input.clearMissingPeople,
      pullDeptCodes: input.deptCodes && JSON.stringify(input.deptCodes), autoBind: input.autoBind,
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

/** The mirror's live departments for the scope picker, at most `max`, in tree order of their names. */
export async function pullScopeTree(deps: Deps, ctx: Ctx, corpId: string, max: number) {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const rows = [...(await loadDeptRecords(deps.db, corp.id)).values()].filter((d) => d.removedAt === null);
  rows.sort((a, b) => a.orderNo - b.orderNo || a.nameCn.localeCompare(b.nameCn));
  return rows.slice(0, max).map((d) => ({ deptCode: d.deptCode, parentCode: d.parentCode, nameCn: d.nameCn }));
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
