import type { Deps } from "../../deps.ts";
import type { FetchProgress } from "./fetch.ts";
import * as store from "../store.ts";

export type Progress = {
  phase: "departments" | "people" | "applying" | "pulling" | "refreshing" | "planning";
  done: number;
  total: number | null;
  etaMs: number | null;
  /** Reading people: departments whose members are read, of all departments. */
  deptsDone?: number;
  depts?: number;
};

/** Progress is written at most this often: a row update per page would slow a 10,000-page pull. */
const EVERY_MS = 1000;

/** The estimate left for a phase, from how fast its first part went (wall time, not deps.clock). */
export function eta(elapsedMs: number, doneShare: number): number | null {
  if (doneShare <= 0 || doneShare > 1) return null;
  return Math.round((elapsedMs * (1 - doneShare)) / doneShare);
}

/**
 * Writes a run's {phase, done, total, etaMs}: departments (total unknown), people (total
 * estimated from the last good run; the estimate follows the departments read), applying.
 */
export function progressReporter(deps: Deps, runId: string, lastUsers: number | null) {
  let last = 0;
  let phaseStart = performance.now();
  let current: Progress["phase"] = "departments";
  let pending: Promise<unknown> = Promise.resolve();
  const write = (p: Progress, force = false) => {
    const now = performance.now();
    if (!force && now - last < EVERY_MS) return;
    last = now;
    pending = pending.then(() => store.updateRun(deps.db, runId, { progress: JSON.stringify(p) })).catch(() => undefined);
  };
  const enter = (phase: Progress["phase"]) => {
    if (phase === current) return;
    current = phase;
    phaseStart = performance.now();
  };
  const fetch: FetchProgress = (phase, o) => {
    enter(phase);
    if (phase === "departments") return write({ phase, done: o.depts, total: null, etaMs: null });
    const total = lastUsers === null ? null : Math.max(lastUsers, o.people);
    write({ phase, done: o.people, total, etaMs: eta(performance.now() - phaseStart, o.deptsDone / Math.max(1, o.depts)), deptsDone: o.deptsDone, depts: o.depts });
  };
  return {
    fetch,
    /**
     * Awaited, like `apply`: a progress write racing a write transaction would wait on SQLite's
     * lock, and the embedded driver waits synchronously, stalling the whole pull for seconds.
     */
    phase: async (phase: Progress["phase"]) => {
      enter(phase);
      write({ phase, done: 0, total: null, etaMs: null }, true);
      await pending;
    },
    apply: async (done: number, total: number) => {
      write({ phase: "applying", done, total, etaMs: eta(performance.now() - phaseStart, done / Math.max(1, total)) });
      await pending;
    },
    /** Waits for the last progress write, so it cannot land after the run's final state. */
    stop: () => pending,
  };
}
