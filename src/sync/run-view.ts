import { z } from "@hono/zod-openapi";
import type { Progress } from "./from-welink/progress.ts";
import { storedText } from "../kernel/said.ts";
import type * as store from "./store.ts";

export const RunView = z
  .object({
    id: z.string(),
    corpId: z.string(),
    kind: z.enum(["pull", "callback", "push", "writeback", "edit"]).openapi({ description: "`edit`: one change an admin made to a read-write WeLink organisation from the bridge" }),
    trigger: z.enum(["manual", "schedule", "callback"]),
    status: z.enum(["running", "planned", "ok", "partial", "held", "failed", "approved", "dismissed", "stale"]).openapi({ description: "`partial`: a push run that ended with some items set aside (failed); see the run's plan for which and why" }),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    progress: z.object({ phase: z.enum(["departments", "people", "applying", "pulling", "refreshing", "planning"]), done: z.number(), total: z.number().nullable(), etaMs: z.number().nullable(), deptsDone: z.number().optional(), depts: z.number().optional() }).nullable(),
    counts: z.object({ added: z.number(), updated: z.number(), moved: z.number(), removed: z.number(), failed: z.number() }),
    heldReason: z.string().nullable().openapi({ description: "Why removals wait for an administrator, in English (the admin shows it in its language)" }),
    heldReasonCode: z.string().nullable().openapi({ description: "The code of heldReason: an error catalog code or a run message key" }),
    error: z.string().nullable().openapi({ description: "Why the run failed, in English" }),
    errorCode: z.string().nullable().openapi({ description: "The code of error: an error catalog code (GET /api/v1/errors) or a run message key such as run.interrupted" }),
    departments: z.number().nullable(),
    people: z.number().nullable(),
    dryRun: z.boolean(),
  })
  .openapi("SyncRun");
export type RunView = z.infer<typeof RunView>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** `counts.removed` counts every removal in the log; on a held run they wait for approve / dismiss. */
export const runView = (r: store.RunRow): RunView => {
  const held = storedText(r.heldReason);
  const error = storedText(r.error);
  return {
    id: r.id,
    corpId: r.corpId,
    kind: r.kind,
    trigger: r.trigger,
    status: r.status,
    startedAt: iso(r.startedAt)!,
    finishedAt: iso(r.finishedAt),
    progress: r.progress ? (JSON.parse(r.progress) as Progress) : null,
    counts: { added: r.added, updated: r.updated, moved: r.moved, removed: r.removed, failed: r.failed },
    heldReason: held.text,
    heldReasonCode: held.code,
    error: error.text,
    errorCode: error.code,
    departments: r.deptCount,
    people: r.userCount,
    dryRun: r.dryRun,
  };
};

export const ChangeView = z
  .object({
    id: z.string(),
    object: z.enum(["dept", "user"]),
    objectId: z.string(),
    action: z.enum(["add", "update", "move", "remove", "fail"]),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    applied: z.boolean(),
    reason: z.string().nullable(),
    reasonCode: z.string().nullable(),
  })
  .openapi("SyncChange");
export type ChangeView = z.infer<typeof ChangeView>;

export const changeView = (c: store.ChangeRow): ChangeView => {
  const reason = storedText(c.reason);
  return {
    id: c.id,
    object: c.object,
    objectId: c.objectId,
    action: c.action,
    before: c.before ? (JSON.parse(c.before) as Record<string, unknown>) : null,
    after: c.after ? (JSON.parse(c.after) as Record<string, unknown>) : null,
    applied: c.applied,
    reason: reason.text,
    reasonCode: reason.code,
  };
};

/**
 * A started run as the API answers it: 202 at once (poll GET /sync-runs/{runId}), or 200 with the
 * finished run when the caller asked to wait. A failure is recorded on the run by the run itself.
 */
export async function runAnswer(started: { run: RunView; done: Promise<RunView> }, wait: boolean): Promise<{ body: RunView; status: 200 | 202 }> {
  if (wait) return { body: await started.done, status: 200 };
  started.done.catch(() => undefined);
  return { body: started.run, status: 202 };
}
