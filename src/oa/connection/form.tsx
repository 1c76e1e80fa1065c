/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { Field, type FieldErrors, Flash, FormInvalid, PostForm, Time, Value, type View } from "../../ui/index.ts";
import { t } from "../../kernel/i18n.ts";
import { DEFAULT_FULL_REFRESH_HOURS } from "./refresh.ts";
import type { OaConnectionView } from "./connection.ts";
import { OA_TYPES, type OaType } from "./input.ts";
import { HttpFields } from "../http/fields.tsx";
import { LdapFields } from "../ldap/fields.tsx";
import { SqlFields } from "../sql/fields.tsx";
import type { SqlPresetName } from "../sql/presets.ts";
import { type FormValues, secretKeyOf } from "../http/form.ts";
import { to } from "../i18n.ts";
import { Facts } from "../page-parts.tsx";

/** `preset`: the sql preset the form was just filled from (not saved yet). */
export type FormState = { type: OaType; values: FormValues; errors: FieldErrors; preset?: SqlPresetName };

/** Only whether a secret is set is ever shown: not even the masked ends leave the server. */
export function secretState(v: View, saved: OaConnectionView | null, type: OaType, key: string | undefined): string {
  const set = !!(saved && saved.type === type && key && saved.secrets[key]);
  return set ? to(v.lang, "secret.set") : to(v.lang, "secret.unset");
}

function SavedSecrets({ v, saved }: { v: View; saved: OaConnectionView }) {
  const keys = Object.keys(saved.secrets);
  if (keys.length === 0) return <>{to(v.lang, "secret.none")}</>;
  return <>{keys.map((k) => `${to.maybe(v.lang, `secretName.${k}`) ?? k}: ${secretState(v, saved, saved.type, k)}`).join(" · ")}</>;
}

function facts(v: View, saved: OaConnectionView): [string, Child][] {
  const baseUrl = (saved.settings as { baseUrl?: unknown } | null)?.baseUrl;
  const rows: [string, Child][] = [[to(v.lang, "conn.type"), to(v.lang, `type.${saved.type}`)]];
  if (typeof baseUrl === "string") rows.push([to(v.lang, "f.baseUrl"), <code>{baseUrl}</code>]);
  const url = (saved.settings as { url?: unknown } | null)?.url;
  if (typeof url === "string") rows.push([to(v.lang, "sql.f.url"), <code>{url}</code>]);
  rows.push(
    [to(v.lang, "conn.secrets"), <SavedSecrets v={v} saved={saved} />],
    [to(v.lang, "f.refreshCron"), saved.refreshCron ? <code>{saved.refreshCron}</code> : to(v.lang, "conn.onDemand")],
    ...(saved.type === "ldap" ? [[to(v.lang, "f.fullRefreshHours"), to(v.lang, "conn.fullEvery", { hours: saved.fullRefreshHours ?? DEFAULT_FULL_REFRESH_HOURS })] as [string, Child]] : []),
    [to(v.lang, "conn.updated"), <span><Time v={v} at={saved.updatedAt} />{" · "}<Value>{saved.updatedBy}</Value></span>],
  );
  return rows;
}

/** The saved connection in a few lines, with its test and remove actions. */
export function ConnectionSummary({ v, saved }: { v: View; saved: OaConnectionView }) {
  return (
    <section class="panel">
      <h2>{to(v.lang, "conn.current")}</h2>
      <Facts rows={facts(v, saved)} />
      <div class="buttons spaced">
        <PostForm v={v} action="/admin/oa/connection/test">
          <button type="submit" class="button">{to(v.lang, "conn.test")}</button>
        </PostForm>
        <a href="/admin/oa/connection/delete" class="button secondary">{to(v.lang, "conn.remove")}</a>
      </div>
    </section>
  );
}

/** Links rather than a select, so switching the form's type needs no script. */
function TypePicker({ v, type }: { v: View; type: OaType }) {
  return (
    <p class="buttons">
      <span>{to(v.lang, "conn.type")}</span>
      {OA_TYPES.map((x) => (
        <a href={`/admin/oa/connection?type=${x}`} class={x === type ? "button small" : "button secondary small"} aria-current={x === type ? "true" : undefined}>
          {to(v.lang, `type.${x}`)}
        </a>
      ))}
    </p>
  );
}

function CronField({ v, s, tz }: { v: View; s: FormState; tz: string }) {
  return (
    <Field name="refreshCron" label={to(v.lang, "f.refreshCron")} value={s.values.refreshCron} error={s.errors.refreshCron} hint={to(v.lang, "hint.cron", { tz })} maxlength={100} />
  );
}

function TypeFields({ v, s, saved }: { v: View; s: FormState; saved: OaConnectionView | null }) {
  if (s.type === "csv") return <p class="muted">{to(v.lang, "conn.csvHint")}</p>;
  if (s.type === "demo") {
    return (
      <>
        <p class="muted">{to(v.lang, "conn.demoHint")}</p>
        <Field name="baseUrl" label={to(v.lang, "f.baseUrl")} value={s.values.baseUrl} error={s.errors.baseUrl} hint={to(v.lang, "hint.demoUrl")} maxlength={500} />
        <Field name="secret" type="password" label={to(v.lang, "f.token")} error={s.errors.secret} hint={`${secretState(v, saved, "demo", "token")} ${to(v.lang, "hint.keep")}`} autocomplete="new-password" />
      </>
    );
  }
  if (s.type === "ldap") {
    return <LdapFields v={v} s={{ values: s.values, errors: s.errors, secretHint: `${secretState(v, saved, "ldap", "bindPassword")} ${to(v.lang, "ldap.hint.secret")}` }} />;
  }
  if (s.type === "sql") {
    return <SqlFields v={v} s={{ values: s.values, errors: s.errors, preset: s.preset, secretHint: `${secretState(v, saved, "sql", "password")} ${to(v.lang, "sql.secretKept")}` }} />;
  }
  const secretHint = `${secretState(v, saved, "http", secretKeyOf(s.values["auth.type"]))} ${to(v.lang, "hint.secret")}`;
  return <HttpFields v={v} s={{ values: s.values, errors: s.errors, secretHint }} />;
}

/** The form that saves the connection, for the type picked above it. */
export function ConnectionForm({ v, s, saved, tz }: { v: View; s: FormState; saved: OaConnectionView | null; tz: string }) {
  return (
    <section class="panel">
      <h2>{saved ? to(v.lang, "conn.edit") : to(v.lang, "conn.new")}</h2>
      <TypePicker v={v} type={s.type} />
      {saved && saved.type !== s.type && <Flash kind="warn">{to(v.lang, "conn.typeChange")}</Flash>}
      <FormInvalid v={v} errors={s.errors} />
      {s.errors.form && <Flash kind="error">{s.errors.form}</Flash>}
      <PostForm v={v} action="/admin/oa/connection" class="stack" label={to(v.lang, "conn.edit")}>
        <input type="hidden" name="type" value={s.type} />
        <TypeFields v={v} s={s} saved={saved} />
        {s.type !== "csv" && <CronField v={v} s={s} tz={tz} />}
        {s.type === "ldap" && (
          <Field name="fullRefreshHours" label={to(v.lang, "f.fullRefreshHours")} value={s.values.fullRefreshHours} error={s.errors.fullRefreshHours} hint={to(v.lang, "hint.fullRefreshHours")} maxlength={3} pattern="[0-9]{1,3}" />
        )}
        <div class="buttons">
          <button type="submit" class="button">{t(v.lang, "common.save")}</button>
        </div>
      </PostForm>
    </section>
  );
}
