/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { Field, type FieldErrors, type View } from "../../ui/index.ts";
import type { Lang } from "../../kernel/i18n.ts";
import { AUTH_TYPES, DEPT_FIELDS, type FormValues, PAGING_FIELDS, PAGING_STYLES, USER_FIELDS } from "./form.ts";
import { to } from "../i18n.ts";
import { SelectField, TextAreaField } from "../page-parts.tsx";
import { WRITE_CALLS, WRITE_DEPT_FIELDS, WRITE_METHODS, WRITE_USER_FIELDS } from "./form-writes.ts";
import { th } from "./i18n.ts";

export type HttpFormState = { values: FormValues; errors: FieldErrors; secretHint: string };

/** The label of an input: the list sections share theirs (`users.path` and `departments.path` are both "path"). */
export function labelOf(lang: Lang, name: string): string {
  const write = writeLabel(lang, name);
  if (write !== undefined) return write;
  const mapped = /^(?:departments|users)\.fields\.(\w+)$/.exec(name);
  const listed = /^(?:departments|users)\.(path|query|itemsPath)$/.exec(name);
  const key = mapped ? `map.${mapped[1]}` : listed ? `list.${listed[1]}` : `f.${name}`;
  return to.maybe(lang, key) ?? name;
}

/** Labels of the write-back inputs (`writes.createUser.path`, `writes.userFields.mobile`). */
function writeLabel(lang: Lang, name: string): string | undefined {
  if (name === "writes.idempotencyHeader") return th(lang, "w.idempotencyHeader");
  const call = /^writes\.(\w+)\.(method|path|idPath)$/.exec(name);
  const what = call && th.maybe(lang, `w.${call[1]}`);
  if (call && what) return th(lang, `w.${call[2] as "method" | "path" | "idPath"}`, { call: what });
  const field = /^writes\.(dept|user)Fields\.(\w+)$/.exec(name);
  return field ? th.maybe(lang, `w.${field[1]}.${field[2]}`) : undefined;
}

type Props = { v: View; s: HttpFormState };

function makeInput({ v, s }: Props) {
  // No `required` attribute: a filled JSON box stands in for the fields, so only the server judges.
  return (name: string, o: { required?: boolean; hint?: string } = {}) => {
    const label = labelOf(v.lang, name);
    return <Field name={name} label={o.required ? to(v.lang, "form.requiredLabel", { label }) : label} value={s.values[name]} error={s.errors[name]} hint={o.hint} maxlength={500} />;
  };
}

// Headings rather than fieldsets: the form's grid spaces its direct children only.
const Section = ({ legend, children }: { legend: string; children: Child }) => (
  <>
    <h2>{legend}</h2>
    {children}
  </>
);

function AccessSection({ v, s }: Props) {
  const input = makeInput({ v, s });
  const auth = AUTH_TYPES.map((a) => ({ value: a, label: to(v.lang, `auth.${a}`) }));
  return (
    <Section legend={to(v.lang, "http.access")}>
      {input("baseUrl", { required: true, hint: to(v.lang, "hint.baseUrl") })}
      {input("timeoutMs", { hint: to(v.lang, "hint.timeoutMs") })}
      <SelectField name="auth.type" label={labelOf(v.lang, "auth.type")} value={s.values["auth.type"] ?? "none"} options={auth} error={s.errors["auth.type"]} />
      {input("auth.username", { hint: to(v.lang, "hint.authUsername") })}
      {input("auth.name", { hint: to(v.lang, "hint.authHeader") })}
      <Field name="secret" type="password" label={to(v.lang, "f.secret")} error={s.errors.secret} hint={s.secretHint} autocomplete="new-password" />
    </Section>
  );
}

function PagingSection({ v, s }: Props) {
  const input = makeInput({ v, s });
  const styles = PAGING_STYLES.map((p) => ({ value: p, label: to(v.lang, `paging.${p}`) }));
  const names = [...new Set(Object.values(PAGING_FIELDS).flat())];
  return (
    <Section legend={to(v.lang, "http.paging")}>
      <SelectField name="paging.style" label={labelOf(v.lang, "paging.style")} value={s.values["paging.style"] ?? "none"} options={styles} error={s.errors["paging.style"]} hint={to(v.lang, "hint.paging")} />
      {names.map((f) => input(`paging.${f}`))}
    </Section>
  );
}

function ListSection({ v, s, list }: Props & { list: "departments" | "users" }) {
  const input = makeInput({ v, s });
  const fields: readonly string[] = list === "departments" ? DEPT_FIELDS : USER_FIELDS;
  const required = new Set(list === "departments" ? ["id", "parentId", "name"] : ["id", "account", "name"]);
  return (
    <Section legend={to(v.lang, `http.${list}`)}>
      {input(`${list}.path`, { required: true, hint: to(v.lang, "hint.path", { example: list === "departments" ? "/v1/org/depts" : "/v1/org/users" }) })}
      {input(`${list}.query`, { hint: to(v.lang, "hint.query") })}
      {input(`${list}.itemsPath`, { hint: to(v.lang, "hint.itemsPath") })}
      <p class="muted">{to(v.lang, "hint.fields")}</p>
      {fields.map((f) => input(`${list}.fields.${f}`, { required: required.has(f), hint: f === "inactiveValues" ? to(v.lang, "hint.inactiveValues") : undefined }))}
    </Section>
  );
}

function PasswordSection({ v, s }: Props) {
  const input = makeInput({ v, s });
  return (
    <Section legend={to(v.lang, "http.passwordCheck")}>
      <p class="muted">{to(v.lang, "hint.passwordCheck")}</p>
      {input("passwordCheck.path")}
      {input("passwordCheck.accountField")}
      {input("passwordCheck.passwordField")}
      {input("passwordCheck.userPath")}
    </Section>
  );
}

/** Optional write endpoints (WeLink → OA) and the body's field names; none filled = read-only. */
function WritesSection({ v, s }: Props) {
  const input = makeInput({ v, s });
  const methods = WRITE_METHODS.map((m) => ({ value: m, label: m }));
  return (
    <Section legend={th(v.lang, "w.section")}>
      <p class="muted">{th(v.lang, "w.intro")}</p>
      {input("writes.idempotencyHeader", { hint: th(v.lang, "w.idempotencyHint") })}
      {WRITE_CALLS.map((call) => (
        <>
          <SelectField name={`writes.${call}.method`} label={labelOf(v.lang, `writes.${call}.method`)} value={s.values[`writes.${call}.method`] ?? "POST"} options={methods} error={s.errors[`writes.${call}.method`]} />
          {input(`writes.${call}.path`, { hint: th(v.lang, "w.pathHint") })}
          {call.startsWith("create") && input(`writes.${call}.idPath`, { hint: th(v.lang, "w.idPathHint") })}
        </>
      ))}
      <h3>{th(v.lang, "w.deptFields")}</h3>
      <p class="muted">{th(v.lang, "w.fieldsHint")}</p>
      {WRITE_DEPT_FIELDS.map((f) => input(`writes.deptFields.${f}`))}
      <h3>{th(v.lang, "w.userFields")}</h3>
      {WRITE_USER_FIELDS.map((f) => input(`writes.userFields.${f}`))}
    </Section>
  );
}

/** A worked example for the JSON box (the same shape as the README's). */
const EXAMPLE = JSON.stringify(
  {
    baseUrl: "https://oa.example.cn/openapi",
    auth: { type: "bearer" },
    paging: { style: "page", pageParam: "pageNo", sizeParam: "pageSize", firstPage: 1, size: 200 },
    departments: { path: "/v1/org/depts", itemsPath: "data.list", fields: { id: "deptId", parentId: "parentDeptId", name: "deptName", order: "sortNo" } },
    users: {
      path: "/v1/org/users",
      itemsPath: "data.list",
      fields: { id: "userId", account: "loginName", name: "userName", mobile: "mobile", mainDeptId: "deptId", active: "status", inactiveValues: ["0"] },
    },
  },
  null,
  2,
);

/** The whole http form; the JSON box, when filled, replaces the fields (for pasting a worked-out mapping). */
export function HttpFields({ v, s }: Props) {
  return (
    <>
      <AccessSection v={v} s={s} />
      <PagingSection v={v} s={s} />
      <ListSection v={v} s={s} list="departments" />
      <ListSection v={v} s={s} list="users" />
      <PasswordSection v={v} s={s} />
      <WritesSection v={v} s={s} />
      <details open={!!s.values.settingsJson}>
        <summary>{to(v.lang, "http.json")}</summary>
        <TextAreaField name="settingsJson" label={to(v.lang, "f.settingsJson")} value={s.values.settingsJson ?? ""} placeholder={EXAMPLE} hint={to(v.lang, "hint.settingsJson")} error={s.errors.settingsJson} rows={18} />
      </details>
    </>
  );
}
