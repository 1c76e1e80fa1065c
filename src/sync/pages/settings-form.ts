import type { ZodError } from "zod";
import { type Form, fromLocalInput } from "../../ui/index.ts";
import type { AppError } from "../../kernel/errors.ts";
import type { PullSettingsView } from "../from-welink/settings.ts";
import { type CorpView, readTermSlots, type TermSlot, termSlots, termsInput } from "../../corps/index.ts";

/** The settings forms as what the browser sent (for re-rendering) and as use-case input. */

export type InterfaceValues = { contactPermission: string; syncAppId: string };
export type RuleValues = { enabled: boolean; slots: TermSlot[]; combine: string };
export type PullValues = { clearMissingDepts: boolean; clearMissingPeople: boolean; deptCodes: string[]; autoBind: boolean; shrinkThreshold: string; scheduleKind: string; firstRunAt: string; periodMinutes: string; cron: string };

export const interfaceValues = (c: CorpView): InterfaceValues => ({ contactPermission: c.contactPermission, syncAppId: c.syncAppId ?? "" });
export const readInterface = (f: Form): InterfaceValues => ({ contactPermission: f.text("contactPermission"), syncAppId: f.text("syncAppId") });
export const interfaceInput = (v: InterfaceValues) => ({ contactPermission: v.contactPermission as never, syncAppId: v.syncAppId || null });

/** The rule's terms are chosen slot by slot, so the admin sets their order (OR tries them in it). */
export const ruleValues = (c: CorpView): RuleValues => ({ enabled: c.bindingRule.enabled, slots: termSlots(c.bindingRule), combine: c.bindingRule.combine });
export const readRule = (f: Form): RuleValues => ({ enabled: f.text("ruleEnabled") === "on", slots: readTermSlots(f), combine: f.text("ruleCombine") });
export const ruleInput = (v: RuleValues) => ({ bindingRule: { enabled: v.enabled, terms: termsInput(v.slots), combine: v.combine as never } });

export function pullValues(s: PullSettingsView): PullValues {
  const sc = s.schedule;
  return {
    clearMissingDepts: s.clearMissingDepts,
    clearMissingPeople: s.clearMissingPeople,
    deptCodes: s.deptCodes ?? [],
    autoBind: s.autoBind,
    shrinkThreshold: String(s.shrinkThreshold),
    scheduleKind: sc.kind,
    firstRunAt: sc.kind === "period" ? sc.firstRunAt : "",
    periodMinutes: sc.kind === "period" ? String(sc.periodMinutes) : "",
    cron: sc.kind === "cron" ? sc.cron : "",
  };
}
export const readPull = (f: Form): PullValues => ({
  clearMissingDepts: f.text("clearMissingDepts") === "on",
  clearMissingPeople: f.text("clearMissingPeople") === "on",
  deptCodes: f.list("deptCodes").filter(Boolean),
  autoBind: f.text("autoBind") === "on",
  shrinkThreshold: f.text("shrinkThreshold").trim(),
  scheduleKind: f.text("scheduleKind"),
  firstRunAt: f.text("firstRunAt").trim(),
  periodMinutes: f.text("periodMinutes").trim(),
  cron: f.text("cron").trim(),
});

export const num = (s: string) => (s === "" ? Number.NaN : Number(s));

/** The schedule fields of a settings form (pull and push share them) as the API's schedule. */
/** The first run is typed as a local date and time in the bridge's zone `tz` (a datetime-local field). */
export function scheduleInput(v: { scheduleKind: string; firstRunAt: string; periodMinutes: string; cron: string }, tz: string) {
  return v.scheduleKind === "period"
    ? { kind: "period" as const, firstRunAt: fromLocalInput(tz, v.firstRunAt), periodMinutes: num(v.periodMinutes) }
    : v.scheduleKind === "cron"
      ? { kind: "cron" as const, cron: v.cron }
      : { kind: "none" as const };
}

export function pullInput(v: PullValues, tz: string) {
  // No department ticked is the whole directory (the default).
  const deptCodes = v.deptCodes.length > 0 ? v.deptCodes : null;
  return { clearMissingDepts: v.clearMissingDepts, clearMissingPeople: v.clearMissingPeople, deptCodes, autoBind: v.autoBind, shrinkThreshold: num(v.shrinkThreshold), schedule: scheduleInput(v, tz) };
}

/** The names of the form fields a zod check or a validation AppError complained about. */
export function badFields(e: ZodError | AppError): string[] {
  const paths = "issues" in e ? e.issues.map((i) => i.path.map(String)) : (e.errors ?? []).map((x) => x.path.replace(/^body\./, "").split("."));
  // A schedule problem names its own field (schedule.cron → cron); anything else its top-level name.
  return paths.map((p) => (p[0] === "schedule" ? (!p[1] || p[1] === "kind" ? "scheduleKind" : p[1]) : (p[0] ?? ""))).filter(Boolean);
}
