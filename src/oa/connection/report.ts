import type { Lang } from "../../kernel/i18n.ts";
import type { ConnectionReport, ReportParams } from "../contract.ts";
import { type OaKey, to } from "../i18n.ts";

type ReportKey = Extract<OaKey, `report.${string}`>;
/** Puts one part of the sentence together: plain text for the API, marked-up JSX for the admin. */
export type Fill<T> = (key: ReportKey, params: Record<string, T | string | number>) => T;

/** The report's sentence, part by part, whatever the parts are made of. */
export function composeReport<T>(code: ConnectionReport["code"], p: ReportParams, fill: Fill<T>): T {
  if (code === "OA_TEST_CSV") return fill("report.csv", { departments: p.departments, people: p.people });
  const sample = (n: number, example: string | undefined) => (example === undefined ? fill("report.empty", {}) : fill("report.sample", { n, example }));
  if (code === "OA_TEST_LDAP") {
    return fill("report.ldap", {
      bindDn: p.authName ?? "",
      departments: sample(p.departments, p.departmentExample),
      people: sample(p.people, p.personExample),
      account: p.passwordCheck ?? "",
    });
  }
  if (code === "OA_TEST_SQL") {
    const rows = (n: number, example: string | undefined) => (example === undefined ? fill("report.sqlEmpty", {}) : fill("report.sample", { n, example }));
    return fill("report.sql", { database: p.database ?? "", user: p.authName ?? "", departments: rows(p.departments, p.departmentExample), people: rows(p.people, p.personExample) });
  }
  return fill("report.http", {
    auth: fill(`report.auth.${p.auth ?? "none"}`, { name: p.authName ?? "" }),
    departments: sample(p.departments, p.departmentExample),
    people: sample(p.people, p.personExample),
    check: p.passwordCheck ? fill("report.check.set", { path: p.passwordCheck }) : fill("report.check.unset", {}),
  });
}

/** The report in plain text, in `lang` (English is the API's `detail`). */
export const reportText = (lang: Lang, code: ConnectionReport["code"], params: ReportParams): string =>
  composeReport<string>(code, params, (key, p) => to(lang, key, p));

/** A report as the connectors answer it: its code and params, the English detail, and how long it took. */
export function reportOf(code: ConnectionReport["code"], params: ReportParams, started: number): ConnectionReport {
  return { code, params, detail: reportText("en", code, params), ms: Math.round(performance.now() - started) };
}
