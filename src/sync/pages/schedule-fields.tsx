/** @jsxImportSource hono/jsx */
import { Field, type FieldErrors, SelectField, Time, toLocalInput, type View } from "../../ui/index.ts";
import { td } from "./i18n.ts";

type ScheduleValues = { scheduleKind: string; firstRunAt: string; periodMinutes: string; cron: string };

/**
 * A schedule's fields in one fieldset: the mode, then only what that mode needs. The stylesheet
 * hides the other mode's fields from the chosen option (`:has`, no script, so the CSP stays
 * script-free); without it every field shows, and the server reads only the chosen mode's.
 */
export function ScheduleFields({ v, x, errors, timezone, nextRun }: { v: View; x: ScheduleValues; errors: FieldErrors; timezone: string; nextRun: string | null }) {
  const kinds = (["none", "period", "cron"] as const).map((value) => ({ value, label: td(v.lang, `set.pull.schedule.${value}`) }));
  return (
    <fieldset class="schedule">
      <legend>{td(v.lang, "set.pull.schedule")}</legend>
      <SelectField name="scheduleKind" label={td(v.lang, "set.pull.schedule")} value={x.scheduleKind} options={kinds} error={errors.scheduleKind} hint={td(v.lang, "set.pull.timeZone", { tz: timezone })} />
      <div class="when-period">
        <Field name="firstRunAt" type="datetime-local" label={td(v.lang, "set.pull.firstRunAt")} value={toLocalInput(v.tz, x.firstRunAt)} hint={td(v.lang, "set.pull.firstRunAtHint", { tz: timezone })} error={errors.firstRunAt} maxlength={40} />
        <Field name="periodMinutes" label={td(v.lang, "set.pull.periodMinutes")} value={x.periodMinutes} error={errors.periodMinutes} maxlength={7} />
      </div>
      <div class="when-cron">
        <Field name="cron" label={td(v.lang, "set.pull.cron")} value={x.cron} hint="0 2 * * *" error={errors.cron} maxlength={200} />
      </div>
      {nextRun && <p class="muted">→ <Time v={v} at={nextRun} /></p>}
    </fieldset>
  );
}
