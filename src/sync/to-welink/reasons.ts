import { defineMessages, type Lang, type MessageKey, type Params } from "../../kernel/i18n.ts";
import type { Problem } from "./welink-values.ts";

/**
 * Why each plan item does what it does, as a code with params (stored with the item) and its
 * words in both admin languages. The API's `reason` keeps the English sentence; the admin renders
 * the code in the admin's language.
 */
const zh = {
  "reason.unchanged": "无变化",
  "reason.notInWelink": "WeLink 中还没有。",
  "reason.invalid": "有无法发送给 WeLink 的值，此条不会写入：{problems}",
  "reason.dept.recreate": "它在 WeLink 中的部门（{code}）已不存在，将重新创建。",
  "reason.dept.moved": "在 OA 中移动了位置。",
  "reason.dept.renamed": "在 OA 中改了名称。",
  "reason.dept.sameName": "WeLink 中同一上级部门下有同名部门。",
  "reason.dept.outOfScope": "这个 OA 部门不在同步范围内。",
  "reason.dept.gone": "这个 OA 部门已不存在。",
  "reason.user.boundGone": "已绑定的 WeLink 人员 {userId} 已不在 WeLink 中：请解除绑定，或重新拉取 WeLink。",
  "reason.user.deptChanged": "在 OA 中换了主部门。",
  "reason.user.changed": "在 OA 中有修改。",
  "reason.user.ruleMatched": "绑定规则在 WeLink 中找到了这个人。",
  "reason.user.inReview": "绑定规则在 OA 中找到多个人对应同一个 WeLink 人员，请管理员在待审核绑定中决定。",
  "reason.user.addOff": "WeLink 中没有此人；“新建人员”未开启。",
  "reason.user.noMobile": "WeLink 中没有此人，而 WeLink 新建人员需要手机号。",
  "reason.user.noDept": "此人的主部门不在 OA 中，WeLink 中无处安放。",
  "reason.user.goneFromOa": "此人已不在 OA 中。",
  "reason.user.left": "此人已离职（OA 中为停用）。",
  "reason.user.excluded": "此人被排除在同步之外。",
  "reason.user.outOfScope": "此人不在同步范围内。",
  "problem.empty": "{field}为空",
  "problem.mobileNoCountryCode": "{field}“{value}”没有国家码，且不是中国大陆手机号（WeLink 需要 +86-13800000000 这样的格式）",
  "problem.mobileFormat": "{field}“{value}”不是电话号码",
  "problem.emailFormat": "{field}“{value}”不是有效的邮箱地址",
  "problem.tooLong": "{field}超过 {max} 个字符",
  "problem.mobileTaken": "{field}“{value}”已属于 WeLink 人员 {holder}",
  "problem.sep": "；",
} as const;

const en: { [K in keyof typeof zh]: string } = {
  "reason.unchanged": "unchanged",
  "reason.notInWelink": "Not in WeLink yet.",
  "reason.invalid": "Holds values WeLink would refuse, so it is not written: {problems}",
  "reason.dept.recreate": "Its WeLink department ({code}) is gone; creating it again.",
  "reason.dept.moved": "Moved in the OA.",
  "reason.dept.renamed": "Renamed in the OA.",
  "reason.dept.sameName": "Same name under the same parent in WeLink.",
  "reason.dept.outOfScope": "The OA department is outside the sync's scope.",
  "reason.dept.gone": "The OA department is gone.",
  "reason.user.boundGone": "Bound to WeLink person {userId}, who is no longer in WeLink: unbind them, or pull WeLink again.",
  "reason.user.deptChanged": "Main department changed in the OA.",
  "reason.user.changed": "Changed in the OA.",
  "reason.user.ruleMatched": "The binding rule found this person in WeLink.",
  "reason.user.inReview": "The binding rule cannot tell this person from others in the OA for one WeLink person: an admin decides in the review queue.",
  "reason.user.addOff": "Not in WeLink; adding new people is off.",
  "reason.user.noMobile": "Not in WeLink, and WeLink needs a mobile number to create a person.",
  "reason.user.noDept": "The person's main department is not in the OA, so WeLink has nowhere to put them.",
  "reason.user.goneFromOa": "The person is no longer in the OA.",
  "reason.user.left": "The person has left (inactive in the OA).",
  "reason.user.excluded": "The person is excluded from the sync.",
  "reason.user.outOfScope": "The person is outside the sync's scope.",
  "problem.empty": "{field} is empty",
  "problem.mobileNoCountryCode": "{field} '{value}' has no country code and is not a mainland China mobile (WeLink needs the form +86-13800000000)",
  "problem.mobileFormat": "{field} '{value}' is not a phone number",
  "problem.emailFormat": "{field} '{value}' is not a valid e-mail address",
  "problem.tooLong": "{field} is longer than {max} characters",
  "problem.mobileTaken": "{field} '{value}' already belongs to WeLink person {holder}",
  "problem.sep": "; ",
};

export const tr = defineMessages(zh, en);
export type ReasonKey = MessageKey<typeof tr>;
type Code<K> = K extends `reason.${infer C}` ? C : never;
export type ReasonCode = Code<ReasonKey>;
export type Why = { code: ReasonCode; params?: Params; problems?: Problem[] };

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

/** The reason in one language; `invalid` lists its problems. */
export function reasonText(lang: Lang, why: Why): string {
  const problems = (why.problems ?? []).map((p) => problemText(lang, p)).join(tr(lang, "problem.sep"));
  return tr(lang, `reason.${why.code}`, { ...why.params, problems });
}

/** What a planner step returns: the English sentence the API has always had, and its code. */
export const because = (code: ReasonCode, params?: Params, problems?: Problem[]): { reason: string; why: Why } => {
  const why: Why = { code, ...(params ? { params } : {}), ...(problems ? { problems } : {}) };
  return { reason: reasonText("en", why), why };
};
