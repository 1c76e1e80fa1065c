import type { ZodError } from "zod";
import type { Form } from "../../ui/index.ts";
import type { AppError } from "../../kernel/errors.ts";
import type { PushSettingsView } from "../to-welink/settings.ts";
import { WELINK_USER_FIELDS } from "../to-welink/types.ts";
import { num, readPull, scheduleInput } from "./settings-form.ts";

/** The push settings form as the browser sent it (for re-rendering) and as use-case input. */
export const BREAKER_FIELDS = ["usersMax", "usersPct", "deptsMax", "deptsPct"] as const;
export const SCOPE_FIELDS = ["depts", "include", "exclude"] as const;

export type PushValues = {
  topDeptCode: string;
  addNewPeople: boolean;
  mapping: Record<string, string>;
  includePartTime: boolean;
  scope: Record<(typeof SCOPE_FIELDS)[number], string>;
  removalMode: string;
  decreaseThreshold: string;
  breaker: Record<(typeof BREAKER_FIELDS)[number], string>;
  scheduleKind: string;
  firstRunAt: string;
  periodMinutes: string;
  cron: string;
};

function scheduleValues({ schedule: sc }: PushSettingsView) {
  return {
    scheduleKind: sc.kind,
    firstRunAt: sc.kind === "period" ? sc.firstRunAt : "",
    periodMinutes: sc.kind === "period" ? String(sc.periodMinutes) : "",
    cron: sc.kind === "cron" ? sc.cron : "",
  };
}

export const pushValues = (s: PushSettingsView): PushValues => ({
  topDeptCode: s.topDeptCode ?? "",
  addNewPeople: s.addNewPeople,
  mapping: Object.fromEntries(WELINK_USER_FIELDS.map((f) => [f, s.fieldMapping[f] ?? ""])),
  includePartTime: s.includePartTime,
  scope: { depts: s.scope.depts.join("\n"), include: s.scope.include.join("\n"), exclude: s.scope.exclude.join("\n") },
  removalMode: s.removalMode,
  decreaseThreshold: s.decreaseThreshold === null ? "" : String(s.decreaseThreshold),
  breaker: { usersMax: String(s.breaker.usersMax), usersPct: String(s.breaker.usersPct), deptsMax: String(s.breaker.deptsMax), deptsPct: String(s.breaker.deptsPct) },
  ...scheduleValues(s),
});

export function readPush(f: Form): PushValues {
  const { scheduleKind, firstRunAt, periodMinutes, cron } = readPull(f);
  return {
    topDeptCode: f.text("topDeptCode"),
    addNewPeople: f.text("addNewPeople") === "on",
    mapping: Object.fromEntries(WELINK_USER_FIELDS.map((x) => [x, f.text(`map_${x}`)])),
    includePartTime: f.text("includePartTime") === "on",
    // The picker's ticked boxes (one id each), kept as the lines the form has always carried.
    scope: { depts: f.list("scope_pick").join("\n"), include: f.text("scope_include"), exclude: f.text("scope_exclude") },
    removalMode: f.text("removalMode"),
    decreaseThreshold: f.text("decreaseThreshold").trim(),
    breaker: { usersMax: f.text("breaker_usersMax").trim(), usersPct: f.text("breaker_usersPct").trim(), deptsMax: f.text("breaker_deptsMax").trim(), deptsPct: f.text("breaker_deptsPct").trim() },
    scheduleKind, firstRunAt, periodMinutes, cron,
  };
}

/** One OA id per line; blank lines and surrounding spaces do not count. */
export const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
export function pushInput(v: PushValues, tz: string) {
  const schedule = scheduleInput(v, tz);
  return {
    topDeptCode: v.topDeptCode || null,
    addNewPeople: v.addNewPeople,
    fieldMapping: Object.fromEntries(Object.entries(v.mapping).filter(([, oa]) => oa !== "")) as never,
    includePartTime: v.includePartTime,
    scope: { depts: lines(v.scope.depts), include: lines(v.scope.include), exclude: lines(v.scope.exclude) },
    removalMode: v.removalMode as never,
    decreaseThreshold: v.decreaseThreshold === "" ? null : num(v.decreaseThreshold),
    breaker: { usersMax: num(v.breaker.usersMax), usersPct: num(v.breaker.usersPct), deptsMax: num(v.breaker.deptsMax), deptsPct: num(v.breaker.deptsPct) },
    schedule,
  };
}

/** The form fields a zod check or a validation AppError named (fieldMapping.x → map_x, scope.x → scope_x…). */
export function badPushFields(e: ZodError | AppError): string[] {
  const paths = "issues" in e ? e.issues.map((i) => i.path.map(String)) : (e.errors ?? []).map((x) => x.path.replace(/^body\./, "").split("."));
  const nested: Record<string, string> = { fieldMapping: "map", scope: "scope", breaker: "breaker" };
  return paths
    .map(([head = "", sub]) => {
      if (head === "schedule") return !sub || sub === "kind" ? "scheduleKind" : sub;
      const prefix = nested[head];
      return prefix && sub ? `${prefix}_${sub}` : head;
    })
    .filter(Boolean);
}
