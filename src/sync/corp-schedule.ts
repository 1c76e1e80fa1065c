import type { Deps } from "../deps.ts";

/** The schedule columns pull and push settings share. */
export type ScheduleRow = { scheduleKind: "none" | "period" | "cron"; firstRunAt: number | null; periodMinutes: number | null; cron: string | null };

export type Schedule = { kind: "none" } | { kind: "period"; firstRunAt: string; periodMinutes: number } | { kind: "cron"; cron: string };

/** The stored columns as the API's schedule. */
export function scheduleOf(r: ScheduleRow): Schedule {
  if (r.scheduleKind === "period" && r.firstRunAt !== null && r.periodMinutes !== null) return { kind: "period", firstRunAt: new Date(r.firstRunAt).toISOString(), periodMinutes: r.periodMinutes };
  if (r.scheduleKind === "cron" && r.cron) return { kind: "cron", cron: r.cron };
  return { kind: "none" };
}

/**
 * Period schedules: croner (through the kernel scheduler) takes cron expressions only, and a
 * period like 90 minutes from 09:17 has none. So the job ticks every minute and runs only on
 * the minutes that fall on firstRunAt + k·period.
 */
export function periodDue(firstRunAt: number, periodMinutes: number, now: number): boolean {
  const minute = 60_000;
  const since = Math.floor(now / minute) - Math.floor(firstRunAt / minute);
  return since >= 0 && since % periodMinutes === 0;
}

/** Registers (or removes) a corp job `<job>:<corpId>` from its schedule columns; the tenant owns it too. */
export function scheduleCorpJob(deps: Deps, name: string, row: ScheduleRow & { tenantId: string }, run: () => Promise<unknown>): void {
  const owners = [row.tenantId];
  if (row.scheduleKind === "cron" && row.cron) return deps.scheduler.set(name, row.cron, run, owners);
  if (row.scheduleKind === "period" && row.firstRunAt !== null && row.periodMinutes) {
    const { firstRunAt, periodMinutes } = row;
    return deps.scheduler.set(name, "* * * * *", async () => (periodDue(firstRunAt, periodMinutes, Date.now()) ? run() : undefined), owners);
  }
  deps.scheduler.set(name, null, async () => undefined);
}
