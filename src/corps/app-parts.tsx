/** @jsxImportSource hono/jsx */
import { Badge, CopyField, ErrorFlash, Field, type FieldErrors, Flash, FormInvalid, PostForm, Table, type View } from "../ui/index.ts";
import type { AppError } from "../kernel/errors.ts";
import { t } from "../kernel/i18n.ts";
import type { AppView } from "./app-input.ts";
import type { ConnectionTest } from "./app-test.ts";
import type { AppFormValues } from "./corp-form.ts";
import { Select, Toggle } from "./corp-parts.tsx";
import { tc } from "./i18n.ts";

/** The homepage URL, selectable as it is, with a copy button (the admin kit's CopyField). */
export function HomepageUrl({ v, app }: { v: View; app: AppView }) {
  return (
    <section class="panel">
      <CopyField v={v} id={`homepage-${app.id}`} label={tc(v.lang, "apps.homepage")} value={app.homepageUrl} hint={tc(v.lang, "apps.homepageHint")} />
    </section>
  );
}

function PermissionState({ v, state }: { v: View; state: "granted" | "missing" | undefined }) {
  if (state === "granted") return <Badge kind="ok">{tc(v.lang, "apps.permTest.granted")}</Badge>;
  if (state === "missing") return <Badge kind="bad">{tc(v.lang, "apps.permTest.missing")}</Badge>;
  return <span class="muted">{tc(v.lang, "apps.permTest.untested")}</span>;
}

/** What the last test found missing, in words: first what the current settings need, then the rest. */
function PermissionSummary({ v, app }: { v: View; app: AppView }) {
  const tested = app.lastTest?.permissions;
  if (!tested || Object.keys(tested).length === 0) return null;
  const missing = app.permissions.filter((p) => tested[p.feature] === "missing");
  const names = (list: typeof missing) => list.map((p) => `“${tc(v.lang, `apps.perm.${p.feature}`)}”`).join(v.lang === "zh-CN" ? "、" : ", ");
  const needed = missing.filter((p) => p.needed);
  const later = missing.filter((p) => !p.needed);
  if (missing.length === 0) return <Flash kind="ok">{tc(v.lang, "apps.permTest.allGranted")}</Flash>;
  return (
    <>
      {needed.length > 0 && <Flash kind="error">{tc(v.lang, "apps.permTest.missingNeeded", { list: names(needed) })}</Flash>}
      {later.length > 0 && <Flash kind="warn">{tc(v.lang, "apps.permTest.missingLater", { list: names(later) })}</Flash>}
    </>
  );
}

/** The permission's name; in English with the WeLink console's Chinese name beside it (what to look for there). */
function PermissionName({ v, feature }: { v: View; feature: AppView["permissions"][number]["feature"] }) {
  const name = tc(v.lang, `apps.perm.${feature}`);
  if (v.lang === "zh-CN") return <strong>{name}</strong>;
  return (
    <>
      <strong>{name}</strong> <span class="muted" lang="zh-CN">{tc("zh-CN", `apps.perm.${feature}`)}</span>
    </>
  );
}

/** Each permission: what it is for, whether the settings need it, what the last test found, where to apply. */
export function PermissionsTable({ v, app }: { v: View; app: AppView }) {
  const tested = app.lastTest?.permissions ?? {};
  const head = [tc(v.lang, "apps.perms.feature"), tc(v.lang, "apps.perms.permission"), tc(v.lang, "apps.perms.needed"), tc(v.lang, "apps.permTest.state"), tc(v.lang, "apps.permTest.where")];
  const rows = app.permissions.map((p) => [
    tc(v.lang, `apps.feature.${p.feature}`),
    <PermissionName v={v} feature={p.feature} />,
    p.needed ? <Badge kind="warn">{tc(v.lang, "apps.perms.yes")}</Badge> : <Badge>{tc(v.lang, "apps.perms.ifUsed")}</Badge>,
    <PermissionState v={v} state={tested[p.feature]} />,
    tested[p.feature] === "missing" ? tc(v.lang, "apps.permTest.apply", { permission: tc(v.lang, `apps.perm.${p.feature}`) }) : "",
  ]);
  return (
    <section id="permissions">
      <h2>{tc(v.lang, "apps.perms")}</h2>
      <p class="muted">{tc(v.lang, "apps.permTest.intro")}</p>
      <PermissionSummary v={v} app={app} />
      <Table head={head} rows={rows} empty="" />
      <div class="spaced">
        <Flash kind="warn">{tc(v.lang, "apps.visible")}</Flash>
      </div>
    </section>
  );
}

export type Tested = { ok: ConnectionTest } | { error: AppError };

export function TestResult({ v, tested, clientId }: { v: View; tested: Tested; clientId: string }) {
  if ("ok" in tested) return <Flash kind="ok">{tc(v.lang, "apps.testOkWords", { ms: tested.ok.ms, clientId })}</Flash>;
  return <ErrorFlash v={v} err={tested.error} />;
}

type AppFormProps = {
  v: View;
  action: string;
  cancel: string;
  values: AppFormValues;
  errors: FieldErrors;
  modules: { name: string; path: string }[];
  /** The masked current secret when editing (an empty secret field keeps it). */
  maskedSecret?: string | null;
};

export function AppForm(p: AppFormProps) {
  const { v, values: x, errors } = p;
  const editing = p.maskedSecret !== undefined;
  const secretHint = editing ? tc(v.lang, "apps.hint.secretKeep", { masked: p.maskedSecret ?? "—" }) : tc(v.lang, "apps.hint.secretNew");
  return (
    <section class="panel">
      <FormInvalid v={v} errors={errors} />
      <PostForm v={v} action={p.action} class="stack">
        <Field name="name" label={tc(v.lang, "apps.name")} value={x.name} error={errors.name} required maxlength={128} />
        <Field name="clientId" label={tc(v.lang, "apps.clientId")} value={x.clientId} error={errors.clientId} required maxlength={128} autocomplete="off" />
        <Field name="clientSecret" type="password" label={tc(v.lang, "apps.clientSecret")} error={errors.clientSecret} hint={secretHint} required={!editing} autocomplete="new-password" />
        <Toggle name="enabled" label={tc(v.lang, "corps.enabled")} checked={x.enabled} />
        <TargetFields v={v} values={x} error={errors.target} modules={p.modules} />
        <div class="buttons">
          <button type="submit" class="button">{t(v.lang, "common.save")}</button>
          <a href={p.cancel} class="button secondary">{t(v.lang, "common.cancel")}</a>
        </div>
      </PostForm>
    </section>
  );
}

function TargetFields({ v, values: x, error, modules }: { v: View; values: AppFormValues; error: string | undefined; modules: { name: string; path: string }[] }) {
  const kinds = (["module", "link"] as const).map((k) => ({ value: k, label: tc(v.lang, `apps.target.${k}`) }));
  // The module names are the admin's own (OA web settings): data, the same in both languages.
  const choices = modules.map((m) => ({ value: m.name, label: `${m.name} (${m.path})`, data: true }));
  return (
    <fieldset class="panel">
      <legend>{tc(v.lang, "apps.target")}</legend>
      <Select name="targetKind" label={tc(v.lang, "apps.target.kind")} value={x.targetKind} options={kinds} />
      <Select name="targetModule" label={tc(v.lang, "apps.target.moduleName")} value={x.targetModule} options={choices} hint={tc(v.lang, "apps.hint.module")} />
      <p class="muted">
        <a href="/admin/oa/portal">{tc(v.lang, "apps.portalLink")}</a>
      </p>
      <Field name="targetLink" label={tc(v.lang, "apps.target.linkValue")} value={x.targetLink} hint={tc(v.lang, "apps.hint.link")} maxlength={2000} />
      {error && <div class="field invalid"><div class="error">{error}</div></div>}
    </fieldset>
  );
}
