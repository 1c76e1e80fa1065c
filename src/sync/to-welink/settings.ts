import { z } from "@hono/zod-openapi";
import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { inTransaction, type Conn } from "../../kernel/db/client.ts";
import { errors, type FieldError } from "../../kernel/errors.ts";
import { cronProblem } from "../../kernel/scheduler.ts";
import { corpRowOf } from "../../corps/index.ts";
import { pushCorp } from "./sync.ts";
import { scopeWarning, type ScopeWarning } from "./scope-warning.ts";
import * as store from "./settings-store.ts";
import { DEFAULT_FIELD_MAPPING, OA_USER_FIELDS, WELINK_USER_FIELDS, type FieldMapping, type PushConfig } from "./types.ts";
import { scheduleCorpJob, scheduleOf } from "../corp-schedule.ts";
import { PullSchedule } from "../from-welink/settings.ts";

const OaIds = z.array(z.string().trim().min(1).max(128)).max(10_000).default([]);
const Pct = z.number().int().min(0).max(100);
const Count = z.number().int().min(0).max(1_000_000);

export const PushSettings = z
  .object({
    topDeptCode: z.string().min(1).max(128).nullable().default(null).openapi({ description: "WeLink deptCode the OA's organisation is mounted under (a department of the mirror); null = OA top level is WeLink's top level" }),
    addNewPeople: z.boolean().default(false).openapi({ description: "Create OA people that match nobody in WeLink (needs nameCn and mobileNumber mapped)" }),
    fieldMapping: z.partialRecord(z.enum(WELINK_USER_FIELDS), z.enum(OA_USER_FIELDS)).default(DEFAULT_FIELD_MAPPING).openapi({ description: "WeLink person field → OA field it is filled from" }),
    includePartTime: z.boolean().default(false).openapi({ description: "Part-time departments count for scope and are written to WeLink" }),
    scope: z
      .object({ depts: OaIds, include: OaIds, exclude: OaIds })
      .default({ depts: [], include: [], exclude: [] })
      .openapi({ description: "OA ids. depts: subtrees (none = everything); include: exactly these people (none = everyone in depts); exclude wins" }),
    removalMode: z.enum(["close", "delete"]).default("close").openapi({ description: "close: the WeLink account is closed; delete: it is deleted" }),
    decreaseThreshold: Count.nullable().default(50).openapi({ description: "Stop when the OA has more than this many fewer people in scope than at the last good run; null = off" }),
    breaker: z
      .object({ usersMax: Count.default(500), usersPct: Pct.default(5), deptsMax: Count.default(20), deptsPct: Pct.default(5) })
      .default({ usersMax: 500, usersPct: 5, deptsMax: 20, deptsPct: 5 })
      .openapi({ description: "Deletion circuit breaker: stop when removals exceed min(max, pct % of bound)" }),
    schedule: PullSchedule.default({ kind: "none" }),
  })
  .openapi("PushSettings");
export type PushSettings = z.infer<typeof PushSettings>;
export type PushSettingsView = PushSettings & { timezone: string; nextRun: string | null; note: string; readOnly: boolean; scopeWarning: ScopeWarning };

const VISIBILITY_NOTE = "A full sync needs the sync app visible to everyone in WeLink: what it cannot see is neither matched nor kept.";
const READ_ONLY_NOTE = " This enterprise's contact permission is read-only: push runs are refused until it is read-write.";

const ids = (json: string) => JSON.parse(json) as string[];

function fromRow(r: store.PushSettingsRow): PushSettings {
  const schedule = scheduleOf(r);
  return {
    topDeptCode: r.topDeptCode,
    addNewPeople: r.addNewPeople,
    fieldMapping: JSON.parse(r.fieldMapping) as FieldMapping,
    includePartTime: r.includePartTime,
    scope: { depts: ids(r.scopeDepts), include: ids(r.scopeInclude), exclude: ids(r.scopeExclude) },
    removalMode: r.removalMode,
    decreaseThreshold: r.decreaseThreshold,
    breaker: { usersMax: r.breakerUsersMax, usersPct: r.breakerUsersPct, deptsMax: r.breakerDeptsMax, deptsPct: r.breakerDeptsPct },
    schedule,
  };
}

const settingsOf = (row: store.PushSettingsRow | undefined) => (row ? fromRow(row) : PushSettings.parse({}));

/** What a push run works with (the runner's input): the corp's settings, defaults when never saved. */
export async function loadPushConfig(db: Conn, corpId: string): Promise<PushConfig> {
  const { schedule: _s, ...config } = settingsOf(await store.findPushSettings(db, corpId));
  return config;
}

async function toView(deps: Deps, corp: { id: string; tenantId: string; contactPermission: string }, s: PushSettings): Promise<PushSettingsView> {
  const readOnly = corp.contactPermission !== "read-write";
  return {
    ...s,
    timezone: deps.config.timezone,
    nextRun: deps.scheduler.nextRun(`push:${corp.id}`)?.toISOString() ?? null,
    note: readOnly ? VISIBILITY_NOTE + READ_ONLY_NOTE : VISIBILITY_NOTE,
    readOnly,
    scopeWarning: await scopeWarning(deps.db, { tenantId: corp.tenantId, corpId: corp.id }, s),
  };
}

export async function getPushSettings(deps: Deps, ctx: Ctx, corpId: string): Promise<PushSettingsView> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  return toView(deps, corp, settingsOf(await store.findPushSettings(deps.db, corp.id)));
}

const unique = (xs: string[]) => [...new Set(xs)];

/** Checks zod cannot make: a usable cron, and the fields creating people needs. */
function inputProblems(deps: Deps, s: PushSettings): FieldError[] {
  const problems: FieldError[] = [];
  if (s.schedule.kind === "cron") {
    const problem = cronProblem(s.schedule.cron, deps.config.timezone);
    if (problem) problems.push({ path: "body.schedule.cron", message: `not a usable cron expression: ${problem}` });
  }
  if (s.addNewPeople) {
    for (const field of ["nameCn", "mobileNumber"] as const) {
      if (!s.fieldMapping[field]) problems.push({ path: `body.fieldMapping.${field}`, message: `must be mapped when new people are added: WeLink needs ${field} to create a person` });
    }
  }
  return problems;
}

export async function savePushSettings(deps: Deps, ctx: Ctx, corpId: string, raw: z.input<typeof PushSettings>): Promise<PushSettingsView> {
  const parsed = PushSettings.parse(raw);
  const input: PushSettings = { ...parsed, scope: { depts: unique(parsed.scope.depts), include: unique(parsed.scope.include), exclude: unique(parsed.scope.exclude) } };
  const now = deps.clock.now();
  const { row, corp } = await inTransaction(deps.db, async (tx) => {
    // The corp first: another tenant's corp is 404 whatever the body says.
    const corp = await corpRowOf(tx, ctx, corpId);
    const problems = inputProblems(deps, input);
    if (input.topDeptCode !== null && !(await store.findLiveDept(tx, corp.id, input.topDeptCode))) {
      problems.push({ path: "body.topDeptCode", message: `'${input.topDeptCode}' is not a department of this enterprise's WeLink directory (pull from WeLink first, or choose another)` });
    }
    if (problems.length > 0) throw errors.validation(problems);
    const before = await store.findPushSettings(tx, corp.id);
    const s = input.schedule;
    const next: store.PushSettingsRow = {
      corpId: corp.id, tenantId: corp.tenantId, topDeptCode: input.topDeptCode, addNewPeople: input.addNewPeople,
      fieldMapping: JSON.stringify(input.fieldMapping), includePartTime: input.includePartTime,
      scopeDepts: JSON.stringify(input.scope.depts), scopeInclude: JSON.stringify(input.scope.include), scopeExclude: JSON.stringify(input.scope.exclude),
      removalMode: input.removalMode, decreaseThreshold: input.decreaseThreshold,
      breakerUsersMax: input.breaker.usersMax, breakerUsersPct: input.breaker.usersPct, breakerDeptsMax: input.breaker.deptsMax, breakerDeptsPct: input.breaker.deptsPct,
      scheduleKind: s.kind,
      firstRunAt: s.kind === "period" ? Date.parse(s.firstRunAt) : null,
      periodMinutes: s.kind === "period" ? s.periodMinutes : null,
      cron: s.kind === "cron" ? s.cron : null,
      updatedAt: now,
    };
    await store.upsertPushSettings(tx, next);
    await recordAudit(tx, now, ctx, { action: "push.settings.update", target: `corp:${corp.id}`, before: before && fromRow(before), after: input });
    return { row: next, corp };
  });
  // Only after the commit, so a refused save leaves the old schedule running.
  schedulePush(deps, row);
  return toView(deps, corp, fromRow(row));
}

/** Registers (or removes) the corp's schedule `push:<corpId>`; a read-only corp's runs are refused by the run itself. */
export function schedulePush(deps: Deps, row: store.PushSettingsRow): void {
  const run = () => pushCorp(deps, { tenantId: row.tenantId, corpId: row.corpId, trigger: "schedule", dryRun: false }).catch(() => undefined);
  scheduleCorpJob(deps, `push:${row.corpId}`, row, run);
}

/** At start: every corp's scheduled push. */
export async function registerPushSchedules(deps: Deps): Promise<number> {
  const rows = await store.listScheduledPushes(deps.db);
  for (const r of rows) schedulePush(deps, r);
  return rows.length;
}
