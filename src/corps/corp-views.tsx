/** @jsxImportSource hono/jsx */
import { Field, type FieldErrors, FormInvalid, PostForm, Table, type View } from "../ui/index.ts";
import { t } from "../kernel/i18n.ts";
import type { AppView } from "./app-input.ts";
import { CONTACT_PERMISSIONS, type CorpView, REFUSED_NAME_CHARS } from "./corp-input.ts";
import type { CorpFormValues } from "./corp-form.ts";
import { CorpBadge, EnabledBadge, Facts, LastTestBadge, noneText, Select, Toggle } from "./corp-parts.tsx";
import { tc } from "./i18n.ts";
import { TermSlots, termText } from "./rule-parts.tsx";

type Failing = Map<string, { id: string; name: string }[]>;

export function CorpTable({ v, corps, failing }: { v: View; corps: CorpView[]; failing: Failing }) {
  const head = [tc(v.lang, "corps.name"), tc(v.lang, "corps.welinkTenantId"), tc(v.lang, "corps.apiBaseUrl"), tc(v.lang, "corps.status"), t(v.lang, "common.actions")];
  const rows = corps.map((c) => [
    <a href={`/admin/corps/${c.id}`}>{c.name}</a>,
    <code>{c.welinkTenantId}</code>,
    <code>{c.apiBaseUrl}</code>,
    <CorpBadge v={v} corp={c} failing={failing.get(c.id)} />,
    <>
      <a href={`/admin/corps/${c.id}/edit`}>{t(v.lang, "common.edit")}</a>{" "}
      <a href={`/admin/corps/${c.id}/delete`} class="danger-text">{t(v.lang, "common.delete")}</a>
    </>,
  ]);
  return <Table head={head} rows={rows} empty={tc(v.lang, "corps.none")} />;
}

export function AppTable({ v, apps }: { v: View; apps: AppView[] }) {
  const head = [tc(v.lang, "apps.name"), tc(v.lang, "apps.clientId"), tc(v.lang, "apps.status"), tc(v.lang, "apps.lastTest"), tc(v.lang, "apps.homepage")];
  const rows = apps.map((a) => [
    <a href={`/admin/apps/${a.id}`}>{a.name}</a>,
    <code>{a.clientId}</code>,
    <EnabledBadge v={v} on={a.enabled} />,
    <LastTestBadge v={v} test={a.lastTest} />,
    <code>{a.homepageUrl}</code>,
  ]);
  return <Table head={head} rows={rows} empty={tc(v.lang, "corps.noApps")} />;
}

export function CorpFacts({ v, corp, apps }: { v: View; corp: CorpView; apps: AppView[] }) {
  const failing = apps.filter((a) => a.enabled && a.lastTest?.ok === false);
  const syncApp = apps.find((a) => a.id === corp.syncAppId);
  const rule = corp.bindingRule;
  const ruleText = rule.enabled
    ? `${rule.terms.map((t) => termText(v.lang, t)).join(", ")} · ${tc(v.lang, `corps.rule.${rule.combine}`)}`
    : tc(v.lang, "corps.off");
  return (
    <Facts
      rows={[
        [tc(v.lang, "corps.welinkTenantId"), <code>{corp.welinkTenantId}</code>],
        [tc(v.lang, "corps.apiBaseUrl"), <code>{corp.apiBaseUrl}</code>],
        [tc(v.lang, "corps.status"), <CorpBadge v={v} corp={corp} failing={failing} />],
        [tc(v.lang, "corps.contactPermission"), tc(v.lang, `corps.perm.${corp.contactPermission}`)],
        [tc(v.lang, "corps.syncApp"), syncApp ? syncApp.name : noneText(v)],
        [tc(v.lang, "corps.rule"), ruleText],
      ]}
    />
  );
}

type CorpFormProps = { v: View; action: string; values: CorpFormValues; errors: FieldErrors; apps?: AppView[]; defaultUrl: string };

/** The new-corp form (no `apps`) asks only what is needed; the edit form has every setting. */
export function CorpForm(p: CorpFormProps) {
  const { v, values: x, errors } = p;
  const perms = CONTACT_PERMISSIONS.map((value) => ({ value, label: tc(v.lang, `corps.perm.${value}`) }));
  return (
    <section class="panel">
      <FormInvalid v={v} errors={errors} />
      <PostForm v={v} action={p.action} class="stack">
        <Field name="name" label={tc(v.lang, "corps.name")} value={x.name} error={errors.name} hint={tc(v.lang, "corps.hint.name", { chars: REFUSED_NAME_CHARS.join(" ") })} required maxlength={128} />
        {p.apps ? null : (
          <Field name="welinkTenantId" label={tc(v.lang, "corps.welinkTenantId")} value={x.welinkTenantId} error={errors.welinkTenantId} hint={tc(v.lang, "corps.hint.welinkTenantId")} required maxlength={64} />
        )}
        <Field name="apiBaseUrl" label={tc(v.lang, "corps.apiBaseUrl")} value={x.apiBaseUrl} error={errors.apiBaseUrl} hint={tc(v.lang, "corps.hint.apiBaseUrl", { url: p.defaultUrl })} />
        <Select name="contactPermission" label={tc(v.lang, "corps.contactPermission")} value={x.contactPermission} options={perms} />
        {p.apps && <CorpSettingsFields v={v} values={x} errors={errors} apps={p.apps} />}
        <div class="buttons">
          <button type="submit" class="button">{t(v.lang, "common.save")}</button>
          <a href="/admin/corps" class="button secondary">{t(v.lang, "common.cancel")}</a>
        </div>
      </PostForm>
    </section>
  );
}

function CorpSettingsFields({ v, values: x, errors, apps }: { v: View; values: CorpFormValues; errors: FieldErrors; apps: AppView[] }) {
  const syncOptions = [{ value: "", label: tc(v.lang, "corps.syncNone") }, ...apps.map((a) => ({ value: a.id, label: `${a.name} (${a.clientId})`, data: true }))];
  const combine = (["or", "and"] as const).map((value) => ({ value, label: tc(v.lang, `corps.rule.${value}`) }));
  return (
    <>
      <Toggle name="enabled" label={tc(v.lang, "corps.enabled")} checked={x.enabled} />
      <Select name="syncAppId" label={tc(v.lang, "corps.syncApp")} value={x.syncAppId} options={syncOptions} hint={tc(v.lang, "corps.hint.syncApp")} error={errors.syncAppId} />
      <fieldset class="panel">
        <legend>{tc(v.lang, "corps.rule")}</legend>
        <p class="muted">{tc(v.lang, "corps.hint.rule")}</p>
        <Toggle name="ruleEnabled" label={tc(v.lang, "corps.rule.enabled")} checked={x.ruleEnabled} />
        <TermSlots lang={v.lang} slots={x.ruleTerms} error={errors.bindingRule} />
        <Select name="ruleCombine" label={tc(v.lang, "corps.rule.combine")} value={x.ruleCombine} options={combine} />
      </fieldset>
    </>
  );
}
