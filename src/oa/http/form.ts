/**
 * The admin's http OA form as flat fields named by their path in the settings (`users.fields.id`),
 * so a zod issue's path names the input it belongs to. Pure: no request, no rendering.
 */
import { WRITE_FIELDS, writesOf } from "./form-writes.ts";

export type FormValues = Record<string, string>;

export const AUTH_TYPES = ["none", "bearer", "basic", "header"] as const;
export const PAGING_STYLES = ["none", "page", "offset", "cursor"] as const;

/** Which stored secret the one secret input fills, per auth type. */
const SECRET_OF_AUTH: Record<string, string> = { bearer: "token", basic: "password", header: "headerValue" };
export const secretKeyOf = (auth: unknown): string | undefined =>
  typeof auth === "string" && Object.hasOwn(SECRET_OF_AUTH, auth) ? SECRET_OF_AUTH[auth] : undefined;

export const DEPT_FIELDS = ["id", "parentId", "name", "order", "kind"] as const;
export const USER_FIELDS = ["id", "account", "name", "mobile", "email", "employeeNo", "position", "mainDeptId", "partTimeDeptIds", "active", "inactiveValues"] as const;
const REQUIRED_DEPT = new Set(["id", "parentId", "name"]);
const REQUIRED_USER = new Set(["id", "account", "name"]);

export const PAGING_FIELDS = {
  page: ["pageParam", "sizeParam", "firstPage", "size"],
  offset: ["offsetParam", "limitParam", "size"],
  cursor: ["cursorParam", "nextCursorPath", "sizeParam", "size"],
} as const;

/** Every input of the http form, in the order the page shows them. */
export const HTTP_FIELDS = [
  "baseUrl", "timeoutMs", "auth.type", "auth.username", "auth.name",
  "paging.style", ...new Set(Object.values(PAGING_FIELDS).flat().map((f) => `paging.${f}`)),
  "departments.path", "departments.query", "departments.itemsPath", ...DEPT_FIELDS.map((f) => `departments.fields.${f}`),
  "users.path", "users.query", "users.itemsPath", ...USER_FIELDS.map((f) => `users.fields.${f}`),
  "passwordCheck.path", "passwordCheck.accountField", "passwordCheck.passwordField", "passwordCheck.userPath",
  ...WRITE_FIELDS,
];

type Read = (name: string) => string;

const optional = (v: string) => (v === "" ? undefined : v);
// Text that is not a number stays text, so zod names the field rather than the page guessing.
const numeric = (v: string) => (v === "" ? undefined : /^-?\d+$/.test(v) ? Number(v) : v);
const queryOf = (v: string) => Object.fromEntries(new URLSearchParams(v.replace(/^\?/, "")));
const listOf = (v: string) => (v === "" ? undefined : v.split(/[,，]/).map((s) => s.trim()).filter(Boolean));

function fieldsOf(read: Read, prefix: string, names: readonly string[], required: Set<string>) {
  const out: Record<string, unknown> = {};
  for (const f of names) {
    const v = read(`${prefix}.fields.${f}`);
    if (f === "inactiveValues") out[f] = listOf(v);
    else out[f] = required.has(f) ? v : optional(v);
  }
  return out;
}

function pagingOf(read: Read) {
  const style = read("paging.style") || "none";
  const names: readonly string[] = PAGING_FIELDS[style as keyof typeof PAGING_FIELDS] ?? [];
  const out: Record<string, unknown> = { style };
  for (const f of names) {
    const v = read(`paging.${f}`);
    out[f] = f === "size" || f === "firstPage" ? numeric(v) : f === "nextCursorPath" ? v : optional(v);
  }
  return out;
}

function authOf(read: Read) {
  const type = read("auth.type") || "none";
  if (type === "basic") return { type, username: read("auth.username") };
  if (type === "header") return { type, name: read("auth.name") };
  return { type };
}

function passwordCheckOf(read: Read) {
  const path = read("passwordCheck.path");
  // An empty path means "no password check": the section is optional as a whole.
  if (path === "") return undefined;
  return {
    path,
    accountField: optional(read("passwordCheck.accountField")),
    passwordField: optional(read("passwordCheck.passwordField")),
    userPath: read("passwordCheck.userPath"),
  };
}

/** The settings object the form describes, unchecked (HttpOaSettings judges it). */
export function settingsFromForm(read: Read): Record<string, unknown> {
  const list = (name: "departments" | "users", names: readonly string[], required: Set<string>) => ({
    path: read(`${name}.path`),
    query: queryOf(read(`${name}.query`)),
    itemsPath: read(`${name}.itemsPath`),
    fields: fieldsOf(read, name, names, required),
  });
  return {
    baseUrl: read("baseUrl"),
    timeoutMs: numeric(read("timeoutMs")),
    auth: authOf(read),
    paging: pagingOf(read),
    departments: list("departments", DEPT_FIELDS, REQUIRED_DEPT),
    users: list("users", USER_FIELDS, REQUIRED_USER),
    passwordCheck: passwordCheckOf(read),
    writes: writesOf(read),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Saved settings back into form values (query maps as `a=b&c=d`, lists comma-separated). */
export function formFromSettings(settings: unknown, prefix = ""): FormValues {
  const out: FormValues = {};
  if (!isRecord(settings)) return out;
  for (const [key, value] of Object.entries(settings)) {
    const name = prefix + key;
    if (key === "query" && isRecord(value)) out[name] = new URLSearchParams(value as Record<string, string>).toString();
    else if (Array.isArray(value)) out[name] = value.join(", ");
    else if (isRecord(value)) Object.assign(out, formFromSettings(value, `${name}.`));
    else if (value !== undefined && value !== null) out[name] = String(value);
  }
  return out;
}

/**
 * The input an issue at `path` belongs to: the path itself, else its nearest parent that is an
 * input, else the first input under it (`paging` → `paging.style`); "" when none fits.
 */
export function inputOf(path: string, inputs: readonly string[]): string {
  for (let p = path; p !== ""; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
    if (inputs.includes(p)) return p;
  }
  return inputs.find((i) => path !== "" && i.startsWith(`${path}.`)) ?? "";
}
