/**
 * The admin's OA database form as flat fields named by their path in the settings
 * (`users.activeValues`), so a zod issue's path names its input. Pure: no request, no rendering.
 */
import { AppError, messageOf } from "../../kernel/errors.ts";
import type { Lang } from "../../kernel/i18n.ts";
import { to } from "../i18n.ts";

export const SQL_DEPT_FIELDS = ["id", "parentId", "name", "order", "kind"] as const;
export const SQL_USER_FIELDS = [
  "id", "account", "name", "mobile", "email", "employeeNo", "position", "mainDeptId",
  "partTimeDeptIds", "partTimeSeparator", "active", "activeValues", "inactiveValues",
] as const;
const REQUIRED = new Set(["id", "parentId", "name", "account"]);
const LISTS = new Set(["activeValues", "inactiveValues"]);

/** Every input of the sql form, in the order the page shows them (the password is the secret input). */
export const SQL_FIELDS = [
  "url", "statementTimeoutMs", "pageSize",
  "departmentsQuery", ...SQL_DEPT_FIELDS.map((f) => `departments.${f}`),
  "usersQuery", ...SQL_USER_FIELDS.map((f) => `users.${f}`),
];

type Read = (name: string) => string;
const optional = (v: string) => (v === "" ? undefined : v);
const numeric = (v: string) => (v === "" ? undefined : /^-?\d+$/.test(v) ? Number(v) : v);
const listOf = (v: string) => (v === "" ? undefined : v.split(/[,，]/).map((s) => s.trim()).filter(Boolean));

/** The settings object the form describes, unchecked (SqlOaSettings judges it). */
export function sqlSettingsFromForm(read: Read): Record<string, unknown> {
  const columns = (prefix: string, names: readonly string[]) =>
    Object.fromEntries(names.map((f) => {
      const v = read(`${prefix}.${f}`);
      return [f, LISTS.has(f) ? listOf(v) : REQUIRED.has(f) ? v : optional(v)];
    }));
  return {
    url: read("url"),
    statementTimeoutMs: numeric(read("statementTimeoutMs")),
    pageSize: numeric(read("pageSize")),
    departmentsQuery: read("departmentsQuery"),
    usersQuery: read("usersQuery"),
    departments: columns("departments", SQL_DEPT_FIELDS),
    users: columns("users", SQL_USER_FIELDS),
  };
}

/** The words of a settings check of this form (a catalog error, or a word key), in `lang`; undefined for the rest. */
export function sqlIssueText(lang: Lang, issue: { code: string; params?: Record<string, unknown> }): string | undefined {
  if (issue.code !== "custom" || !issue.params) return undefined;
  const { error, word } = issue.params;
  if (error instanceof AppError) return messageOf(error, lang);
  return typeof word === "string" ? to.maybe(lang, word) : undefined;
}
