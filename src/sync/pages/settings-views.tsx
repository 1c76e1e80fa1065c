/** @jsxImportSource hono/jsx */
import { Field, type FieldErrors, Flash, FormInvalid, PostForm, SelectField, type View } from "../../ui/index.ts";
import { t } from "../../kernel/i18n.ts";
import { type AppView, CONTACT_PERMISSIONS, TermSlots, Toggle } from "../../corps/index.ts";
import { td } from "./i18n.ts";
import { ScheduleFields } from "./schedule-fields.tsx";
import { type ScopeDept, ScopePicker } from "./scope-picker.tsx";
import type { InterfaceValues, PullValues, RuleValues } from "./settings-form.ts";

type FormProps<V> = { v: View; action: string; values: V; errors: FieldErrors };

const Save = ({ v }: { v: View }) => (
  <div class="buttons">
    <button type="submit" class="button">{t(v.lang, "common.save")}</button>
  </div>
);

export function InterfaceForm(p: FormProps<InterfaceValues> & { apps: AppView[] }) {
  const { v, values: x, errors } = p;
  const perms = CONTACT_PERMISSIONS.map((value) => ({ value, label: td(v.lang, `set.perm.${value}`) }));
  const apps = [{ value: "", label: td(v.lang, "set.syncApp.none") }, ...p.apps.map((a) => ({ value: a.id, label: a.name }))];
  return (
    <PostForm v={v} action={p.action} class="panel stack" label={td(v.lang, "set.interface")}>
      <FormInvalid v={v} errors={errors} />
      <SelectField name="contactPermission" label={td(v.lang, "set.perm")} value={x.contactPermission} options={perms} hint={td(v.lang, "set.permHint")} error={errors.contactPermission} />
      <SelectField name="syncAppId" label={td(v.lang, "set.syncApp")} value={x.syncAppId} options={apps} error={errors.syncAppId} />
      <Flash kind="warn">{td(v.lang, "set.syncAppWarn")}</Flash>
      <Save v={v} />
    </PostForm>
  );
}

export function RuleForm(p: FormProps<RuleValues>) {
  const { v, values: x, errors } = p;
  const combine = (["or", "and"] as const).map((value) => ({ value, label: td(v.lang, `set.rule.${value}`) }));
  return (
    <PostForm v={v} action={p.action} class="panel stack" label={td(v.lang, "set.rule")}>
      <FormInvalid v={v} errors={errors} />
      <p class="muted">{td(v.lang, "set.ruleHint")}</p>
      <Toggle name="ruleEnabled" label={td(v.lang, "set.rule.enabled")} checked={x.enabled} />
      <TermSlots lang={v.lang} slots={x.slots} error={errors.bindingRule} />
      <SelectField name="ruleCombine" label={td(v.lang, "set.rule.combine")} value={x.combine} options={combine} />
      <Save v={v} />
    </PostForm>
  );
}

export function PullForm(p: FormProps<PullValues> & { timezone: string; nextRun: string | null; tree: ScopeDept[] }) {
  const { v, values: x, errors } = p;
  return (
    <PostForm v={v} action={p.action} class="panel stack" label={td(v.lang, "set.pull")}>
      <FormInvalid v={v} errors={errors} />
      <ScopePicker v={v} tree={p.tree} checked={x.deptCodes} error={errors.deptCodes} />
      <Toggle name="clearMissingDepts" label={td(v.lang, "set.pull.clearMissingDepts")} checked={x.clearMissingDepts} />
      <Toggle name="clearMissingPeople" label={td(v.lang, "set.pull.clearMissingPeople")} checked={x.clearMissingPeople} />
      <Toggle name="autoBind" label={td(v.lang, "set.pull.autoBind")} checked={x.autoBind} />
      <Field name="shrinkThreshold" label={td(v.lang, "set.pull.shrink")} value={x.shrinkThreshold} hint={td(v.lang, "set.pull.shrinkHint")} error={errors.shrinkThreshold} maxlength={3} />
      <ScheduleFields v={v} x={x} errors={errors} timezone={p.timezone} nextRun={p.nextRun} />
      <Save v={v} />
    </PostForm>
  );
}
