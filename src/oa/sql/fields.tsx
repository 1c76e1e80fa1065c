/** @jsxImportSource hono/jsx */
import { Field, type FieldErrors, Flash, type View } from "../../ui/index.ts";
import type { FormValues } from "../http/form.ts";
import { to } from "../i18n.ts";
import { TextAreaField } from "../page-parts.tsx";
import { SQL_DEPT_FIELDS, SQL_USER_FIELDS } from "./form.ts";
import { SQL_PRESET_NAMES, type SqlPresetName } from "./presets.ts";

export type SqlFormState = { values: FormValues; errors: FieldErrors; secretHint: string; preset?: SqlPresetName };
type Props = { v: View; s: SqlFormState };

const REQUIRED = new Set(["url", "departmentsQuery", "usersQuery", "departments.id", "departments.parentId", "departments.name", "users.id", "users.account", "users.name"]);

/** A column input labelled like the http form's mapping ("账号字段"), the rest by their own words. */
function label(v: View, name: string): string {
  const column = /^(?:departments|users)\.(\w+)$/.exec(name);
  const base = column ? (to.maybe(v.lang, `sql.map.${column[1]}`) ?? to.maybe(v.lang, `map.${column[1]}`) ?? name) : (to.maybe(v.lang, `sql.f.${name}`) ?? name);
  return REQUIRED.has(name) ? to(v.lang, "form.requiredLabel", { label: base }) : base;
}

function input({ v, s }: Props, name: string, hint?: string) {
  return <Field name={name} label={label(v, name)} value={s.values[name]} error={s.errors[name]} hint={hint} maxlength={500} />;
}

function query({ v, s }: Props, name: "departmentsQuery" | "usersQuery") {
  return <TextAreaField name={name} label={label(v, name)} value={s.values[name] ?? ""} error={s.errors[name]} hint={to(v.lang, "sql.hint.query")} rows={4} />;
}

/** Links rather than a select, so choosing a preset needs no script; it reloads the form filled, unsaved. */
function PresetPicker({ v, s }: Props) {
  return (
    <>
      <h2>{to(v.lang, "sql.presets")}</h2>
      <p class="muted">{to(v.lang, "sql.presets.intro")}</p>
      <ul>
        {SQL_PRESET_NAMES.map((p) => (
          <li>
            <a href={`/admin/oa/connection?type=sql&preset=${p}`} aria-current={p === s.preset ? "true" : undefined}>{to(v.lang, `sql.preset.${p}`)}</a>
            {" — "}
            <span class="muted">{to(v.lang, `sql.presetHint.${p}`)}</span>
          </li>
        ))}
      </ul>
      {s.preset && <Flash kind="info">{to(v.lang, "sql.presets.filled", { name: to(v.lang, `sql.preset.${s.preset}`) })}</Flash>}
    </>
  );
}

/** The OA database form: where the database is, its password, and one SELECT per list with its columns. */
export function SqlFields({ v, s }: Props) {
  const p = { v, s };
  return (
    <>
      <p class="muted">{to(v.lang, "sql.intro")}</p>
      <PresetPicker v={v} s={s} />
      <h2>{to(v.lang, "sql.access")}</h2>
      {input(p, "url", to(v.lang, "sql.hint.url"))}
      <Field name="secret" type="password" label={to(v.lang, "sql.f.password")} error={s.errors.secret} hint={s.secretHint} autocomplete="new-password" />
      {input(p, "statementTimeoutMs", to(v.lang, "sql.hint.timeout"))}
      {input(p, "pageSize", to(v.lang, "sql.hint.pageSize"))}
      <h2>{to(v.lang, "sql.departments")}</h2>
      {query(p, "departmentsQuery")}
      <p class="muted">{to(v.lang, "sql.hint.columns")}</p>
      {SQL_DEPT_FIELDS.map((f) => input(p, `departments.${f}`))}
      <h2>{to(v.lang, "sql.users")}</h2>
      {query(p, "usersQuery")}
      <p class="muted">{to(v.lang, "sql.hint.columns")}</p>
      {SQL_USER_FIELDS.map((f) => input(p, `users.${f}`, to.maybe(v.lang, `sql.hint.${f}`)))}
    </>
  );
}
