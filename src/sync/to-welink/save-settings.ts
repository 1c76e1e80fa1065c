import type { z } from "@hono/zod-openapi";
import { recordAudit } from "../../audit/index.ts";
import { corpRowOf } from "../../corps/index.ts";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { inTransaction } from "../../kernel/db/client.ts";
import { errors, type FieldError } from "../../kernel/errors.ts";
import { cronProblem } from "../../kernel/scheduler.ts";
import { scheduleCorpJob } from "../corp-schedule.ts";
import { fromRow, PushSettings, type PushSettingsView, toView } from "./settings.ts";
import { pushCorp } from "./sync.ts";
import * as store from "./settings-store.ts";

// Saving the OA → WeLink settings and (re)registering their schedule, apart from settings.ts:
// the schedule runs pushes, and a push reads the settings (settings.ts) — one file would be a cycle.
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
      // The direction has its own endpoint (src/sync/to-oa/direction.ts): saving these settings keeps it.
      direction: before?.direction ?? "to-welink",
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
