import type { FieldErrors, Form } from "../../ui/index.ts";
import type { Lang } from "../../kernel/i18n.ts";
import { OaConnectionInput, type OaConnectionView } from "./connection.ts";
import { formFromSettings, type FormValues, HTTP_FIELDS, inputOf, secretKeyOf, settingsFromForm } from "../http/form.ts";
import { to } from "../i18n.ts";
import { LDAP_DEFAULTS, LDAP_FIELDS, ldapSettingsFromForm } from "../ldap/form.ts";
import { issueText } from "../page-parts.tsx";
import { SQL_FIELDS, sqlIssueText, sqlSettingsFromForm } from "../sql/form.ts";
import { SQL_GENERIC_PRESET, SQL_PRESETS, type SqlPresetName } from "../sql/presets.ts";

export const OA_TYPES = ["demo", "http", "ldap", "sql", "csv"] as const;
export type OaType = (typeof OA_TYPES)[number];
export const oaTypeOf = (value: string | undefined): OaType | undefined => OA_TYPES.find((x) => x === value);

/** Text inputs of each form; the secret and JSON box are handled apart. */
const INPUTS: Record<OaType, readonly string[]> = { demo: ["baseUrl", "refreshCron"], http: [...HTTP_FIELDS, "refreshCron"], ldap: [...LDAP_FIELDS, "refreshCron", "fullRefreshHours"], sql: [...SQL_FIELDS, "refreshCron"], csv: [] };

/** A fresh http form starts from the usual field names, so only what differs needs typing. */
const HTTP_DEFAULTS: FormValues = {
  "auth.type": "bearer",
  "paging.style": "none",
  timeoutMs: "10000",
  "departments.fields.id": "id",
  "departments.fields.parentId": "parentId",
  "departments.fields.name": "name",
  "users.fields.id": "id",
  "users.fields.account": "account",
  "users.fields.name": "name",
};

/**
 * What the form shows for a type: the saved connection's values when it is of that type. A chosen
 * sql preset replaces the queries and columns but keeps where the database is and when to refresh;
 * it only fills the form, nothing is saved until the admin saves.
 */
export function valuesFor(type: OaType, saved: OaConnectionView | null, preset?: SqlPresetName): FormValues {
  if (type === "sql" && preset) {
    const kept = saved?.type === "sql" ? formFromSettings(saved.settings) : {};
    const keep = (name: string) => (kept[name] === undefined ? {} : { [name]: kept[name] });
    return { ...SQL_PRESETS[preset], ...keep("url"), ...keep("statementTimeoutMs"), ...keep("pageSize"), refreshCron: saved?.type === "sql" ? (saved.refreshCron ?? "") : "" };
  }
  if (!saved || saved.type !== type) return type === "http" ? { ...HTTP_DEFAULTS } : type === "ldap" ? { ...LDAP_DEFAULTS } : type === "sql" ? { ...SQL_GENERIC_PRESET } : {};
  const cron = saved.refreshCron ?? "";
  if (type === "ldap") return { ...formFromSettings(saved.settings), refreshCron: cron, fullRefreshHours: saved.fullRefreshHours?.toString() ?? "" };
  if (type === "http" || type === "sql") return { ...formFromSettings(saved.settings), refreshCron: cron };
  const baseUrl = (saved.settings as { baseUrl?: unknown } | null)?.baseUrl;
  return type === "demo" ? { baseUrl: typeof baseUrl === "string" ? baseUrl : "", refreshCron: cron } : {};
}

export type Parsed = { values: FormValues; input?: OaConnectionInput; errors: FieldErrors };

function httpSettings(values: FormValues, lang: Lang): { settings?: unknown; error?: string } {
  if (!values.settingsJson) return { settings: settingsFromForm((name) => values[name] ?? "") };
  try {
    return { settings: JSON.parse(values.settingsJson) as unknown };
  } catch (e) {
    return { error: to(lang, "err.json", { detail: (e as Error).message }) };
  }
}

function rawInput(type: OaType, form: Form, values: FormValues, lang: Lang): { raw?: unknown; error?: string } {
  const secret = form.text("secret");
  const refreshCron = values.refreshCron || null;
  if (type === "csv") return { raw: { type } };
  if (type === "ldap") {
    const settings = ldapSettingsFromForm((name) => values[name] ?? "");
    const fullRefreshHours = values.fullRefreshHours ? Number(values.fullRefreshHours) : null;
    const writeSecret = form.text("writeSecret");
    const secrets = { ...(secret && { bindPassword: secret }), ...(writeSecret && { writeBindPassword: writeSecret }) };
    return { raw: { type, settings, secrets: Object.keys(secrets).length ? secrets : undefined, refreshCron, fullRefreshHours } };
  }
  if (type === "demo") return { raw: { type, settings: { baseUrl: values.baseUrl ?? "" }, secrets: secret ? { token: secret } : undefined, refreshCron } };
  if (type === "sql") return { raw: { type, settings: sqlSettingsFromForm((name) => values[name] ?? ""), secrets: secret ? { password: secret } : undefined, refreshCron } };
  const { settings, error } = httpSettings(values, lang);
  if (error) return { error };
  // The one secret input fills whichever secret the chosen sign-in needs.
  const secretKey = secretKeyOf((settings as { auth?: { type?: unknown } } | null)?.auth?.type);
  return { raw: { type, settings, secrets: secret && secretKey ? { [secretKey]: secret } : undefined, refreshCron } };
}

/**
 * Reads and checks the connection form. Each problem is put under the input it is about; in
 * JSON mode the settings' problems are listed under the JSON box with their paths.
 */
export function parseConnectionForm(type: OaType, form: Form, lang: Lang): Parsed {
  const values: FormValues = Object.fromEntries([...INPUTS[type], "settingsJson"].map((n) => [n, form.text(n).trim()]));
  if (type !== "http") delete values.settingsJson;
  const { raw, error } = rawInput(type, form, values, lang);
  if (error) return { values, errors: { settingsJson: error } };
  const parsed = OaConnectionInput.safeParse(raw, { reportInput: true });
  if (parsed.success) return { values, input: parsed.data as OaConnectionInput, errors: {} };
  const errors: FieldErrors = {};
  const add = (name: string, message: string) => (errors[name] = errors[name] ? `${errors[name]}; ${message}` : message);
  for (const issue of parsed.error.issues) {
    const [head, ...rest] = issue.path.map(String);
    const text = sqlIssueText(lang, issue) ?? issueText(lang, issue, head === "settings" ? rest.join(".") : (head ?? ""));
    if (head === "settings" && values.settingsJson) add("settingsJson", `${rest.join(".") || "settings"}: ${text}`);
    else if (head === "settings") add(inputOf(rest.join("."), INPUTS[type]) || "form", text);
    else if (head === "secrets") add("secret", text);
    else add(head === "refreshCron" || head === "fullRefreshHours" ? head : "form", text);
  }
  return { values, errors };
}
