import type { Params } from "../kernel/i18n.ts";

/**
 * What explain answers, as data: four questions, each a verdict and the checks behind it. A
 * check is a code with params (its words are i18n.ts's, in either language) and, where an admin
 * can change the outcome, the admin page that does it. Pure: no I/O.
 */
export const QUESTIONS = ["openApp", "messages", "scanLogin", "syncScope"] as const;
export type Question = (typeof QUESTIONS)[number];
export type CheckState = "ok" | "bad" | "unknown" | "info";
export type Verdict = "yes" | "no" | "unknown" | "notApplicable";

/** `targets`: a push rule's apps and message types, put in words in the reader's language. */
export type Check = { code: CheckCode; state: CheckState; params?: Params; targets?: { app: string; type: string }[]; fix?: string };
export type Answer = { verdict: Verdict; checks: Check[] };

export const CHECK_CODES = [
  "corp.disabled", "person.notInWelink", "account.active", "account.removed", "account.notActive",
  "binding.bound", "binding.none", "oa.inactive", "oa.missing",
  "app.visible", "app.invisible", "app.gone", "app.noReadPermission", "app.unchecked", "apps.none",
  "signIn.ready", "signIn.portalMissing", "signIn.noCasService", "signIn.noOidcClient",
  "rule.match", "rule.matchAll", "rules.none",
  "delivery.sent", "delivery.open", "delivery.failed", "delivery.none",
  "scan.on", "scan.off", "scan.noApp", "scan.otherCorp", "scan.app", "scan.networks",
  "scope.readOnly", "scope.writeback", "scope.unknownPerson", "scope.inactive", "scope.excluded", "scope.included",
  "scope.notIncluded", "scope.everyone", "scope.inDept", "scope.outsideDepts",
] as const;
export type CheckCode = (typeof CHECK_CODES)[number];

/** No when any check fails; unknown when one could not be made; yes otherwise. */
export function answerOf(checks: Check[], notApplicable = false): Answer {
  if (notApplicable) return { verdict: "notApplicable", checks };
  const verdict: Verdict = checks.some((c) => c.state === "bad") ? "no" : checks.some((c) => c.state === "unknown") ? "unknown" : "yes";
  return { verdict, checks };
}
