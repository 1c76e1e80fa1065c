/** @jsxImportSource hono/jsx */
import { Field, type FieldErrors, Flash, FormInvalid, PostForm, SelectField, TextAreaField, type View } from "../../ui/index.ts";
import { t } from "../../kernel/i18n.ts";
import type { DeptChoice } from "../to-welink/scope-warning.ts";
import { OA_USER_FIELDS, WELINK_USER_FIELDS } from "../to-welink/types.ts";
import { Toggle } from "../../corps/index.ts";
import { td } from "./i18n.ts";
import { ScheduleFields } from "./schedule-fields.tsx";
import { tp } from "./i18n-to-welink.ts";
import { BREAKER_FIELDS, lines, type PushValues, SCOPE_FIELDS } from "./to-welink-form.ts";
import { ITEM_STATES } from "../to-welink/plan-view.ts";
import type { PlanFilter } from "./plan-tree.tsx";
import type { OaDept } from "../../oa/index.ts";
import { PushScopePicker } from "./push-scope-picker.tsx";

type FormProps = { v: View; action: string; values: PushValues; errors: FieldErrors; depts: DeptChoice[]; oaDepts: readonly OaDept[]; timezone: string; nextRun: string | null };

function Mapping({ v, x, errors }: { v: View; x: PushValues; errors: FieldErrors }) {
  const oa = [{ value: "", label: tp(v.lang, "push.map.none") }, ...OA_USER_FIELDS.map((f) => ({ value: f, label: tp(v.lang, `push.of.${f}`) }))];
  return (
    <fieldset class="field">
      <legend>{tp(v.lang, "push.mapping")}</legend>
      <p class="hint">{tp(v.lang, "push.mappingHint")}</p>
      {WELINK_USER_FIELDS.map((f) => (
        <SelectField name={`map_${f}`} label={tp(v.lang, `push.wf.${f}`)} value={x.mapping[f] ?? ""} options={oa} error={errors[`map_${f}`]} />
      ))}
    </fieldset>
  );
}

function Scope({ v, x, errors, oaDepts }: { v: View; x: PushValues; errors: FieldErrors; oaDepts: readonly OaDept[] }) {
  return (
    <fieldset class="field">
      <legend>{tp(v.lang, "push.scope")}</legend>
      <PushScopePicker v={v} depts={oaDepts} chosen={lines(x.scope.depts)} error={errors.scope_depts} />
      {SCOPE_FIELDS.filter((f) => f !== "depts").map((f) => (
        <TextAreaField
          name={`scope_${f}`}
          label={`${tp(v.lang, `push.scope.${f}`)} · ${tp(v.lang, "push.scope.count", { n: lines(x.scope[f]).length })}`}
          value={x.scope[f]}
          rows={4}
          error={errors[`scope_${f}`]}
        />
      ))}
    </fieldset>
  );
}

function Guards({ v, x, errors }: { v: View; x: PushValues; errors: FieldErrors }) {
  const modes = (["close", "delete"] as const).map((value) => ({ value, label: tp(v.lang, `push.removal.${value}`) }));
  return (
    <fieldset class="field">
      <legend>{tp(v.lang, "push.guards")}</legend>
      <SelectField name="removalMode" label={tp(v.lang, "push.removal")} value={x.removalMode} options={modes} error={errors.removalMode} />
      <Field name="decreaseThreshold" label={tp(v.lang, "push.decrease")} value={x.decreaseThreshold} hint={tp(v.lang, "push.decreaseHint")} error={errors.decreaseThreshold} maxlength={7} />
      {BREAKER_FIELDS.map((f) => (
        <Field name={`breaker_${f}`} label={tp(v.lang, `push.breaker.${f}`)} value={x.breaker[f]} error={errors[`breaker_${f}`]} maxlength={7} />
      ))}
      <p class="hint">{tp(v.lang, "push.breakerHint")}</p>
    </fieldset>
  );
}

const Schedule = ScheduleFields;

/** The push settings form; every field the use case refused shows its message. */
export function PushForm(p: FormProps) {
  const { v, values: x, errors } = p;
  const depts = [{ value: "", label: tp(v.lang, "push.top.none") }, ...p.depts.map((d) => ({ value: d.deptCode, label: d.label }))];
  // A saved department the mirror no longer lists stays visible, so saving again is refused rather than silently changed.
  if (x.topDeptCode && !p.depts.some((d) => d.deptCode === x.topDeptCode)) depts.push({ value: x.topDeptCode, label: x.topDeptCode });
  return (
    <PostForm v={v} action={p.action} class="panel stack" label={tp(v.lang, "push.settings")}>
      <FormInvalid v={v} errors={errors} />
      <SelectField name="topDeptCode" label={tp(v.lang, "push.top")} value={x.topDeptCode} options={depts} hint={tp(v.lang, "push.topHint")} error={errors.topDeptCode} />
      <Toggle name="addNewPeople" label={tp(v.lang, "push.addNew")} checked={x.addNewPeople} />
      <Mapping v={v} x={x} errors={errors} />
      <Toggle name="includePartTime" label={tp(v.lang, "push.partTime")} checked={x.includePartTime} />
      <Scope v={v} x={x} errors={errors} oaDepts={p.oaDepts} />
      <Guards v={v} x={x} errors={errors} />
      <Schedule v={v} x={x} errors={errors} timezone={p.timezone} nextRun={p.nextRun} />
      <div class="buttons">
        <button type="submit" class="button">{t(v.lang, "common.save")}</button>
      </div>
    </PostForm>
  );
}

/** Dry run and run now; a read-only corp is told its runs are refused, and gets no buttons to press. */
export function PushButtons({ v, action, readOnly }: { v: View; action: string; readOnly: boolean }) {
  if (readOnly) return <Flash kind="warn">{tp(v.lang, "push.readOnly")}</Flash>;
  return (
    <div class="panel">
      <p class="muted">{tp(v.lang, "push.runsHint")}</p>
      <div class="buttons">
        <PostForm v={v} action={action}>
          <input type="hidden" name="dryRun" value="true" />
          <button type="submit" class="button secondary">{tp(v.lang, "push.dryRun")}</button>
        </PostForm>
        <PostForm v={v} action={action}>
          <input type="hidden" name="dryRun" value="false" />
          <button type="submit" class="button">{tp(v.lang, "push.runNow")}</button>
        </PostForm>
      </div>
    </div>
  );
}

/** Bound people the saved scope leaves out: the next run removes them from WeLink. */
export const ScopeWarn = ({ v, n }: { v: View; n: number }) => (n > 0 ? <Flash kind="warn">{tp(v.lang, "push.scopeWarn", { n })}</Flash> : null);

/** Filters the plan's list by state and by text (a name or an id); object and action links stay as they are. */
export function PlanSearch({ v, action, filter }: { v: View; action: string; filter: PlanFilter }) {
  return (
    <form method="get" action={action} class="buttons plan-search">
      {filter.object && <input type="hidden" name="object" value={filter.object} />}
      {filter.action && <input type="hidden" name="action" value={filter.action} />}
      <label>
        {tp(v.lang, "push.col.state")}{" "}
        <select name="state">
          <option value="">{tp(v.lang, "push.filter.all")}</option>
          {ITEM_STATES.map((st) => (
            <option value={st} selected={filter.state === st}>{tp(v.lang, `push.state.${st}`)}</option>
          ))}
        </select>
      </label>
      <label>
        {tp(v.lang, "push.search")} <input type="search" name="q" value={filter.text ?? ""} />
      </label>
      <button type="submit" class="button secondary">{tp(v.lang, "push.filter")}</button>
    </form>
  );
}
