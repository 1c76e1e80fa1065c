import { Cron } from "croner";
import type { Logger } from "./log.ts";

type Job = { cron: string; run: () => Promise<unknown>; owners: string[]; timer?: Cron };

/**
 * Jobs are functions, schedules are data: croner only triggers them (never overlapping a run
 * still going, never letting an error escape). Definitions can be set before `start()`; main.ts
 * starts the scheduler when serving, so one-off commands and tests never fire jobs.
 */
export type Scheduler = {
  /**
   * Sets, replaces or (with null) removes the schedule named `name` (`<job>:<owner id>`);
   * `owners` names further ids whose removal takes the job with it (a corp job's tenant).
   */
  set(name: string, cron: string | null, run: () => Promise<unknown>, owners?: string[]): void;
  start(): void;
  stop(): void;
  /** When the job named `name` runs next, if scheduled and started. */
  nextRun(name: string): Date | null;
  names(): string[];
  /** The jobs of an owner: named `<job>:<id>`, or set with `id` among their owners. */
  namesOwnedBy(id: string): string[];
};

/** A message saying what is wrong with a cron expression, or undefined when it is fine. */
export function cronProblem(expr: string, timezone: string): string | undefined {
  try {
    const probe = new Cron(expr, { paused: true, timezone });
    const next = probe.nextRun();
    probe.stop();
    return next ? undefined : "it never fires";
  } catch (e) {
    return (e as Error).message;
  }
}

export function createScheduler(log: Logger, timezone: string): Scheduler {
  const jobs = new Map<string, Job>();
  let started = false;
  const arm = (name: string, job: Job) => {
    job.timer = new Cron(job.cron, {
      name,
      timezone,
      protect: () => log.warn("job skipped: the previous run is still going", { job: name }),
      catch: (e) => log.error("job failed", { job: name, error: e instanceof Error ? e : String(e) }),
    }, async () => {
      log.info("job started", { job: name });
      await job.run();
    });
  };
  return {
    set(name, cron, run, owners = []) {
      jobs.get(name)?.timer?.stop();
      jobs.delete(name);
      if (cron === null) return;
      const job: Job = { cron, run, owners };
      jobs.set(name, job);
      if (started) arm(name, job);
    },
    start() {
      if (started) return;
      started = true;
      for (const [name, job] of jobs) arm(name, job);
    },
    stop() {
      started = false;
      for (const job of jobs.values()) {
        job.timer?.stop();
        job.timer = undefined;
      }
    },
    nextRun: (name) => jobs.get(name)?.timer?.nextRun() ?? null,
    names: () => [...jobs.keys()],
    namesOwnedBy: (id) => [...jobs].filter(([name, job]) => name.endsWith(`:${id}`) || job.owners.includes(id)).map(([name]) => name),
  };
}
