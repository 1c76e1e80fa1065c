/** @jsxImportSource hono/jsx */
import type { Child, PropsWithChildren } from "hono/jsx";
import type { ZodError } from "zod";
import type { AppError } from "../kernel/errors.ts";
import { t } from "../kernel/i18n.ts";
import { CSRF_FIELD } from "./csrf.ts";
import type { View } from "./session.ts";

/** Field name → message to show under that field. */
export type FieldErrors = Record<string, string>;

/**
 * Names the fields a zod check or an AppError complained about, in the page's language: the
 * schemas' own messages are English, so each page passes its translated message per field.
 */
export function fieldErrors(source: ZodError | AppError, message: (field: string) => string): FieldErrors {
  const paths =
    "issues" in source
      ? source.issues.map((i) => String(i.path[0] ?? ""))
      : (source.errors ?? []).map((e) => e.path.replace(/^body\./, "").split(".")[0] ?? "");
  return Object.fromEntries(paths.filter(Boolean).map((p) => [p, message(p)]));
}

type FieldProps = {
  name: string;
  label: string;
  value?: string;
  type?: "text" | "password" | "date" | "datetime-local";
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  maxlength?: number;
  pattern?: string;
  autofocus?: boolean;
};

export function Field(p: FieldProps) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : "", p.error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class={p.error ? "field invalid" : "field"}>
      <label for={id}>{p.label}</label>
      <input
        id={id}
        name={p.name}
        type={p.type ?? "text"}
        value={p.type === "password" ? "" : (p.value ?? "")}
        required={p.required}
        autocomplete={p.autocomplete}
        maxlength={p.maxlength}
        pattern={p.pattern}
        autofocus={p.autofocus}
        aria-invalid={p.error ? "true" : undefined}
        aria-describedby={describedBy || undefined}
      />
      {p.hint && <div class="hint" id={`${id}-hint`}>{p.hint}</div>}
      {p.error && <div class="error" id={`${id}-error`}>{p.error}</div>}
    </div>
  );
}

type ChecksProps = { name: string; legend: string; options: { value: string; label: string }[]; checked: string[]; error?: string | undefined };

export function Checkboxes(p: ChecksProps) {
  return (
    <div class={p.error ? "field invalid" : "field"}>
      <fieldset>
        <legend>{p.legend}</legend>
        <div class="checks">
          {p.options.map((o) => (
            <label>
              <input type="checkbox" name={p.name} value={o.value} checked={p.checked.includes(o.value)} />
              {o.label}
            </label>
          ))}
        </div>
      </fieldset>
      {p.error && <div class="error">{p.error}</div>}
    </div>
  );
}

/** The hidden CSRF field; every POST form must contain it. */
export const CsrfField = ({ v }: { v: View }) => <input type="hidden" name={CSRF_FIELD} value={v.csrf} />;

type PostFormProps = PropsWithChildren<{ v: View; action: string; class?: string; label?: string }>;

/** A POST form with its CSRF field. */
export function PostForm(p: PostFormProps) {
  return (
    <form method="post" action={p.action} class={p.class} aria-label={p.label}>
      <CsrfField v={p.v} />
      {p.children}
    </form>
  );
}

export type FlashKind = "ok" | "error" | "warn" | "info";

export const Flash = ({ kind, children }: PropsWithChildren<{ kind: FlashKind }>) => (
  <div class={`flash ${kind}`} role={kind === "error" ? "alert" : "status"}>
    {children}
  </div>
);

export const FormInvalid = ({ v, errors }: { v: View; errors: FieldErrors }) =>
  Object.keys(errors).length > 0 ? <Flash kind="error">{t(v.lang, "common.formInvalid")}</Flash> : null;

type TableProps = { head: Child[]; rows: Child[][]; empty: string };

/** A table that scrolls sideways on narrow screens instead of breaking the layout. */
export function Table(p: TableProps) {
  if (p.rows.length === 0) return <p class="muted">{p.empty}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>{p.head.map((h) => <th scope="col">{h}</th>)}</tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>{r.map((cell) => <td>{cell}</td>)}</tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A value from the data (a person's, department's or enterprise's name, an id, what someone typed):
 * shown as it is in both languages, and marked so (translate="no") for translators and the language test.
 */
export const Value = ({ children }: PropsWithChildren) => <span translate="no">{children}</span>;

export const Badge = ({ kind, children }: PropsWithChildren<{ kind?: "ok" | "bad" | "warn" }>) => (
  <span class={kind ? `badge ${kind}` : "badge"}>{children}</span>
);

/** A confirmation step: what will happen, a red button that posts, and a way back. */
export function Confirm(p: PropsWithChildren<{ v: View; action: string; button: string; cancel: string; fields?: Child }>) {
  return (
    <div class="panel">
      {p.children}
      <PostForm v={p.v} action={p.action} class="stack">
        {p.fields}
        <div class="buttons">
          <button type="submit" class="button danger">{p.button}</button>
          <a href={p.cancel} class="button secondary">{t(p.v.lang, "common.cancel")}</a>
        </div>
      </PostForm>
    </div>
  );
}

/** Label and value pairs, as a two-column table (the stylesheet has tables, not definition lists). */
export function Facts({ rows }: { rows: [string, Child][] }) {
  return (
    <div class="table-wrap">
      <table>
        <tbody>
          {rows.map(([label, value]) => (
            <tr>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
