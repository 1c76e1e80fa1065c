import { z } from "@hono/zod-openapi";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import type { Conn } from "../../kernel/db/client.ts";
import { corpRowOf } from "../../corps/index.ts";
import { scopeWarning, type ScopeWarning } from "./scope-warning.ts";
import { DEFAULT_FIELD_MAPPING, type FieldMapping, OA_USER_FIELDS, type PushConfig, WELINK_USER_FIELDS } from "./types.ts";
import { scheduleOf } from "../corp-schedule.ts";
import { PullSchedule } from "../from-welink/settings.ts";
import * as store from "./settings-store.ts";

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

export function fromRow(r: store.PushSettingsRow): PushSettings {
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

export async function toView(deps: Deps, corp: { id: string; tenantId: string; contactPermission: string }, s: PushSettings): Promise<PushSettingsView> {
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

