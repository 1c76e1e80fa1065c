/** @jsxImportSource hono/jsx */
import { formatTime, type View } from "../ui/index.ts";
import type { ChangeNames } from "./change-names.ts";
import { td } from "./i18n.ts";

/**
 * One change as a person reads it: 字段：旧值 → 新值, one line per field, with field labels,
 * department paths and names. The one renderer of the run change log and the person card.
 */

/** Fields shown, in this order; ids (deptCode, userId) are the row's own column. */
const FIELDS = ["nameCn", "nameEn", "parentCode", "mainDeptCode", "deptCodes", "position", "mobile", "email", "employeeId", "corpDeptCode", "corpUserId", "orderNo", "status", "removedAt"] as const;
type FieldName = (typeof FIELDS)[number];

export type ChangeShape = { action: string; before: unknown; after: unknown };

const record = (x: unknown): Record<string, unknown> => (x !== null && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, unknown>) : {});

function codesOf(x: unknown): string[] {
  if (Array.isArray(x)) return x.map(String);
  try {
    const parsed = JSON.parse(String(x)) as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [String(x)];
  } catch {
    return [String(x)];
  }
}

function value(v: View, names: ChangeNames, field: FieldName, x: unknown): string {
  if (x === null || x === undefined || x === "") return td(v.lang, "run.empty");
  if (field === "parentCode" || field === "mainDeptCode") return String(x) === "0" ? td(v.lang, "run.allDepts") : (names.deptPath(String(x)) ?? String(x));
  if (field === "deptCodes") {
    const codes = codesOf(x);
    return codes.length ? codes.map((c) => names.deptPath(c) ?? c).join(td(v.lang, "run.listSep")) : td(v.lang, "run.empty");
  }
  if (field === "status") return td.maybe(v.lang, `status.${String(x)}`) ?? String(x);
  if (field === "removedAt") return formatTime(v, Number(x));
  return String(x);
}

/** The lines of one change (an add lists what it brought, a removal what it had). */
export function changeLines(v: View, names: ChangeNames, ch: ChangeShape): string[] {
  const before = record(ch.before);
  const after = record(ch.after);
  return FIELDS.filter((f) => f in before || f in after).flatMap((f) => {
    const line = (x: string) => td(v.lang, "run.fieldLine", { field: td(v.lang, `run.field.${f}`), value: x });
    if (ch.action === "add") return after[f] === null || after[f] === undefined || after[f] === "" ? [] : [line(value(v, names, f, after[f]))];
    if (ch.action === "remove") return f === "removedAt" && after[f] ? [line(value(v, names, f, after[f]))] : [];
    return [line(`${value(v, names, f, before[f])} → ${value(v, names, f, after[f])}`)];
  });
}

export function Changed({ v, names, ch }: { v: View; names: ChangeNames; ch: ChangeShape }) {
  return <>{changeLines(v, names, ch).map((l) => <div>{l}</div>)}</>;
}

/** "拉取 · 手动": a run's kind and trigger in words. */
export const runWords = (v: View, kind: string, trigger: string): string =>
  `${td.maybe(v.lang, `runs.kind.${kind}`) ?? kind} · ${td.maybe(v.lang, `runs.trigger.${trigger}`) ?? trigger}`;

/** A change's action in words; one not applied (a held removal) says so. */
export function actionWords(v: View, action: string, applied: boolean): string {
  const word = td.maybe(v.lang, `run.action.${action}`) ?? action;
  return applied || action === "fail" ? word : td(v.lang, "history.notApplied", { action: word });
}
