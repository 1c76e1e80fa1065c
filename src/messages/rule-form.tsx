/** @jsxImportSource hono/jsx */
import { ZodError } from "zod";
import { Field, type FieldErrors, Flash, type Form, FormInvalid, PostForm, TextAreaField, type View } from "../ui/index.ts";
import type { AppError } from "../kernel/errors.ts";
import { type Lang, t } from "../kernel/i18n.ts";
import { tpp } from "./i18n.ts";
import type { NewPushRule, PushRuleView } from "./message-input.ts";
import { type Catalog, TARGET_TYPES } from "./page-views.tsx";

/** Target rows offered on the form beyond the ones already filled in. */
const SPARE_ROWS = 3;

/** A target row as the form sends it: "corpId|appId" and a type. */
export type TargetRow = { target: string; type: string };
export type RuleValues = { name: string; enabled: boolean; all: boolean; sources: string; targets: TargetRow[] };

export const blankRule = (): RuleValues => ({ name: "", enabled: true, all: false, sources: "", targets: [] });

export function ruleValues(r: PushRuleView): RuleValues {
  const all = r.sources.includes("*");
  return {
    name: r.name,
    enabled: r.enabled,
    all,
    sources: all ? "" : r.sources.join(", "),
    targets: r.targets.map((x) => ({ target: `${x.corpId}|${x.appId}`, type: x.type })),
  };
}

/** Empty rows are dropped here, so a target's index in the input is its index in `targets`. */
export function readRuleForm(form: Form): RuleValues {
  const types = form.list("type");
  const targets = form
    .list("target")
    .map((target, i) => ({ target: target.trim(), type: types[i] ?? "" }))
    .filter((row) => row.target !== "");
  return { name: form.text("name"), enabled: form.text("enabled") === "on", all: form.text("all") === "on", sources: form.text("sources"), targets };
}

export function ruleInput(x: RuleValues): NewPushRule {
  const sources = x.all ? ["*"] : x.sources.split(/[\s,，、]+/).filter(Boolean);
  const targets = x.targets.map((row) => {
    const [corpId = "", appId = ""] = row.target.split("|");
    return { corpId, appId, type: row.type as (typeof TARGET_TYPES)[number] };
  });
  return { name: x.name, enabled: x.enabled, sources, targets };
}

/** `name`, `sources`, `targets` (the list as a whole) or `targets.<i>` (one row), in the page's language. */
export function ruleErrors(lang: Lang, e: ZodError | AppError): FieldErrors {
  const paths = e instanceof ZodError ? e.issues.map((i) => i.path.map(String)) : (e.errors ?? []).map((x) => x.path.replace(/^body\./, "").split("."));
  const out: FieldErrors = {};
  for (const [field = "", index] of paths) {
    if (field === "name") out.name = tpp(lang, "err.name");
    else if (field === "sources") out.sources = tpp(lang, "err.sources");
    else if (field === "targets" && index !== undefined && /^\d+$/.test(index)) out[`targets.${index}`] = tpp(lang, "err.target");
    else if (field === "targets") out.targets = tpp(lang, "err.targets");
  }
  return out;
}

const known = (cat: Catalog, target: string) => cat.corps.some((corp) => corp.apps.some((app) => `${corp.id}|${app.id}` === target));

function TargetRowFields({ v, cat, row, i, error }: { v: View; cat: Catalog; row: TargetRow; i: number; error: string | undefined }) {
  const id = `f-target-${i}`;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{`${tpp(v.lang, "form.target")} ${i + 1}`}</label>
      <select id={id} name="target" aria-invalid={error ? "true" : undefined}>
        <option value="" selected={row.target === ""}>{tpp(v.lang, "form.targetNone")}</option>
        {row.target !== "" && !known(cat, row.target) && <option value={row.target} selected>{row.target.replace("|", " / ")}</option>}
        {cat.corps.flatMap((corp) =>
          corp.apps.map((app) => {
            const value = `${corp.id}|${app.id}`;
            return <option value={value} selected={row.target === value}>{`${corp.name} / ${app.name}`}</option>;
          }),
        )}
      </select>
      <label for={`f-type-${i}`}>{tpp(v.lang, "form.type")}</label>
      <select id={`f-type-${i}`} name="type">
        {TARGET_TYPES.map((type) => (
          <option value={type} selected={row.type === type}>{tpp(v.lang, `type.${type}`)}</option>
        ))}
      </select>
      {error && <div class="error">{error}</div>}
    </div>
  );
}

type RuleFormProps = { v: View; label: string; action: string; cancel: string; values: RuleValues; errors: FieldErrors; cat: Catalog };

/** The rule's form; it works without script: a few spare target rows, empty ones ignored. */
export function RuleForm({ v, label, action, cancel, values, errors, cat }: RuleFormProps) {
  const rows: TargetRow[] = [...values.targets, ...Array.from({ length: SPARE_ROWS }, () => ({ target: "", type: "notification" }))];
  const hasApps = cat.corps.some((corp) => corp.apps.length > 0);
  return (
    <PostForm v={v} action={action} class="panel stack" label={label}>
      <FormInvalid v={v} errors={errors} />
      <Field name="name" label={tpp(v.lang, "form.name")} value={values.name} error={errors.name} required maxlength={100} />
      <div class="field">
        <label>
          <input type="checkbox" name="enabled" value="on" checked={values.enabled} /> {tpp(v.lang, "form.enabled")}
        </label>
      </div>
      <fieldset>
        <legend>{tpp(v.lang, "form.sources")}</legend>
        <div class="field">
          <label>
            <input type="checkbox" name="all" value="on" checked={values.all} /> {tpp(v.lang, "form.all")}
          </label>
          <div class="hint">{tpp(v.lang, "rules.allWarning")}</div>
        </div>
        {values.all && <Flash kind="warn">{tpp(v.lang, "rules.allWarning")}</Flash>}
        <TextAreaField name="sources" label={tpp(v.lang, "form.sources")} value={values.sources} rows={3} hint={tpp(v.lang, "form.sourcesHint")} error={errors.sources} />
      </fieldset>
      <fieldset>
        <legend>{tpp(v.lang, "form.targets")}</legend>
        <p class="hint">{tpp(v.lang, "form.targetsHint")}</p>
        {!hasApps && (
          <p class="muted">
            {tpp(v.lang, "rules.noCorps")} <a href="/admin/corps">{tpp(v.lang, "rules.addCorp")}</a>
          </p>
        )}
        {errors.targets && <div class="error">{errors.targets}</div>}
        {rows.map((row, i) => (
          <TargetRowFields v={v} cat={cat} row={row} i={i} error={errors[`targets.${i}`]} />
        ))}
      </fieldset>
      <div class="buttons">
        <button type="submit" class="button">{t(v.lang, "common.save")}</button>
        <a href={cancel} class="button secondary">{t(v.lang, "common.cancel")}</a>
      </div>
    </PostForm>
  );
}
