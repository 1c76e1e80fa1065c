import type { Lang, MessageKey, Params } from "../../kernel/i18n.ts";
import { sayPush } from "../../kernel/said-push.ts";
import type { Problem } from "./welink-values.ts";

/**
 * Why each plan item does what it does, as a code with params (stored with the item) and its
 * words in both admin languages (kernel/said-push.ts, so that a stored Said renders anywhere).
 * The API's `reason` keeps the English sentence; the admin renders the code in the admin's language.
 */
export const tr = sayPush;
export type ReasonKey = Extract<MessageKey<typeof tr>, `reason.${string}`>;
type Code<K> = K extends `reason.${infer C}` ? C : never;
export type ReasonCode = Code<ReasonKey>;
export type ScopeKey = Extract<MessageKey<typeof tr>, `scope.${string}`>;
/** Which scope rule put the object in or out (scope.ts), with the chosen branch or department's name. */
export type ScopeWhy = { code: ScopeKey; params?: { name: string; id: string } };
export type Why = { code: ReasonCode; params?: Params; problems?: Problem[]; scope?: ScopeWhy };

/** Field names in both languages, for problems and change rows. */
const FIELD = {
  nameCn: ["中文姓名", "Chinese name"], nameEn: ["英文姓名", "English name"], mobileNumber: ["手机", "Mobile"], email: ["邮箱", "E-mail"],
  employeeId: ["工号", "Employee no."], position: ["职位", "Position"], mainDeptCode: ["主部门", "Main department"], deptCodes: ["所在部门", "Departments"],
  parentCode: ["上级部门", "Parent department"], parent: ["上级部门", "Parent department"], orderNo: ["排序", "Order"], name: ["名称", "Name"],
} as const satisfies Record<string, readonly [string, string]>;

export function fieldLabel(lang: Lang, field: string): string {
  const pair = (FIELD as Record<string, readonly [string, string]>)[field];
  return pair ? pair[lang === "en" ? 1 : 0] : field;
}

export function problemText(lang: Lang, p: Problem & { value?: string }): string {
  return tr(lang, `problem.${p.kind}`, { field: fieldLabel(lang, p.field), value: p.value ?? "", max: p.max ?? "", holder: p.holder ?? "" });
}

/** The reason in one language; `invalid` lists its problems; the scope rule that decided follows. */
export function reasonText(lang: Lang, why: Why): string {
  const problems = (why.problems ?? []).map((p) => problemText(lang, p)).join(tr(lang, "problem.sep"));
  const main = tr(lang, `reason.${why.code}`, { ...why.params, problems });
  if (!why.scope) return main;
  return `${main}${lang === "en" ? " " : ""}${tr(lang, why.scope.code, why.scope.params)}`;
}

/** What a planner step returns: the English sentence the API has always had, and its code. */
export const because = (code: ReasonCode, params?: Params, problems?: Problem[]): { reason: string; why: Why } => {
  const why: Why = { code, ...(params ? { params } : {}), ...(problems ? { problems } : {}) };
  return { reason: reasonText("en", why), why };
};
