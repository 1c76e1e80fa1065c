/** @jsxImportSource hono/jsx */
import { type AdminContext, type AdminEnv, Facts, Flash, type Form, PostForm, readForm, renderPage, SelectField, type TenantCtx, tenantGuard, TextAreaField, type View } from "../../ui/index.ts";
import { Hono } from "hono";
import type { Deps } from "../../deps.ts";
import { AppError, type FieldError } from "../../kernel/errors.ts";
import { type Lang, t } from "../../kernel/i18n.ts";
import { listApps, listCorps } from "../../corps/index.ts";
import { ts } from "./i18n-admin.ts";
import { getScanSettings, saveScanSettings, type ScanSettings } from "./settings.ts";

/** The scan-login settings page (/admin/scan-login): on/off, the app, trusted networks, allowed origins, the snippet. */

export const SCAN_NAV = "scan-login";

/** One app per enterprise (corp id → app id, "" = not used), and the enterprise offered first. */
type Values = { enabled: boolean; appByCorp: Record<string, string>; defaultCorp: string; trustedNetworks: string; allowedOrigins: string };
type Errors = Partial<Record<"defaultCorp" | "trustedNetworks" | "allowedOrigins", string>> & { apps?: Record<string, string> };
type PageState = { values?: Values; errors?: Errors; status?: number };
type Enterprise = { corpId: string; name: string; apps: { value: string; label: string }[] };

const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const valuesOf = (s: ScanSettings): Values => ({
  enabled: s.enabled,
  appByCorp: Object.fromEntries(s.apps.map((a) => [a.corpId, a.appId])),
  defaultCorp: s.corpId ?? "",
  trustedNetworks: s.trustedNetworks.join("\n"),
  allowedOrigins: s.allowedOrigins.join("\n"),
});
const readValues = (f: Form, list: Enterprise[]): Values => ({
  enabled: f.text("enabled") === "on",
  appByCorp: Object.fromEntries(list.map((e) => [e.corpId, f.text(`app.${e.corpId}`)])),
  defaultCorp: f.text("defaultCorp"),
  trustedNetworks: f.text("trustedNetworks"),
  allowedOrigins: f.text("allowedOrigins"),
});

/** The apps the form sends: the default enterprise first, then the others in the page's order. */
function appsOf(v: Values, list: Enterprise[]) {
  const chosen = list.filter((e) => v.appByCorp[e.corpId]).map((e) => ({ corpId: e.corpId, appId: v.appByCorp[e.corpId] as string }));
  return [...chosen.filter((a) => a.corpId === v.defaultCorp), ...chosen.filter((a) => a.corpId !== v.defaultCorp)];
}

/** The use case's field errors (`body.trustedNetworks.2`, `body.apps.1.appId`…) beside the fields, naming the line. */
function errorsOf(lang: Lang, list: FieldError[], sent: { corpId: string }[], first: string | undefined): Errors {
  const out: Errors = {};
  const app = (corpId: string | undefined) => {
    if (corpId) out.apps = { ...out.apps, [corpId]: ts(lang, "scan.err.app") };
    else out.defaultCorp = ts(lang, "scan.err.app");
  };
  for (const e of list) {
    const [, field, index] = e.path.split(".");
    const n = index === undefined ? undefined : Number(index) + 1;
    if (field === "appId") app(sent[0]?.corpId ?? first);
    else if (field === "apps") app(sent[Number(index)]?.corpId);
    else if (field === "trustedNetworks") out.trustedNetworks ??= n ? ts(lang, "scan.err.network", { n }) : ts(lang, "scan.err.tooMany");
    else if (field === "allowedOrigins") out.allowedOrigins ??= n ? ts(lang, "scan.err.origin", { n }) : ts(lang, "scan.err.tooMany");
  }
  return out;
}

async function enterprises(deps: Deps, ctx: TenantCtx, lang: Lang): Promise<Enterprise[]> {
  const out: Enterprise[] = [];
  for (const corp of await listCorps(deps, ctx)) {
    const choices = [{ value: "", label: ts(lang, "scan.noApp") }];
    for (const app of await listApps(deps, ctx, corp.id)) {
      const off = app.enabled && corp.enabled ? "" : ` ${ts(lang, "scan.appDisabled")}`;
      choices.push({ value: app.id, label: `${app.name}${off}` });
    }
    out.push({ corpId: corp.id, name: corp.name, apps: choices });
  }
  return out;
}

function AppFields({ v, values, errors, list }: { v: View; values: Values; errors: Errors; list: Enterprise[] }) {
  return (
    <fieldset class="field" data-testid="scan-apps">
      <legend>{ts(v.lang, "scan.app")}</legend>
      <p class="hint">{ts(v.lang, list.length > 1 ? "scan.appsHint" : "scan.appHint")}</p>
      {list.map((e) => (
        <SelectField name={`app.${e.corpId}`} label={e.name} value={values.appByCorp[e.corpId] ?? ""} options={e.apps} error={errors.apps?.[e.corpId]} />
      ))}
      {list.length > 1 && (
        <SelectField name="defaultCorp" label={ts(v.lang, "scan.defaultCorp")} value={values.defaultCorp} options={list.map((e) => ({ value: e.corpId, label: e.name }))} error={errors.defaultCorp} hint={ts(v.lang, "scan.defaultCorpHint")} />
      )}
      {list.length <= 1 && <input type="hidden" name="defaultCorp" value={list[0]?.corpId ?? ""} />}
    </fieldset>
  );
}

function SettingsForm({ v, values, errors, list }: { v: View; values: Values; errors: Errors; list: Enterprise[] }) {
  return (
    <PostForm v={v} action="/admin/scan-login" class="stack" label={ts(v.lang, "scan.title")}>
      {Object.keys(errors).length > 0 && <Flash kind="error">{t(v.lang, "common.formInvalid")}</Flash>}
      <div class="field">
        <fieldset>
          <legend>{ts(v.lang, "scan.enabled")}</legend>
          <div class="checks">
            <label><input type="radio" name="enabled" value="on" checked={values.enabled} /> {ts(v.lang, "scan.on")}</label>
            <label><input type="radio" name="enabled" value="off" checked={!values.enabled} /> {ts(v.lang, "scan.off")}</label>
          </div>
        </fieldset>
      </div>
      <AppFields v={v} values={values} errors={errors} list={list} />
      <TextAreaField name="trustedNetworks" label={ts(v.lang, "scan.networks")} value={values.trustedNetworks} rows={6} hint={ts(v.lang, "scan.networksHint")} error={errors.trustedNetworks} />
      <TextAreaField name="allowedOrigins" label={ts(v.lang, "scan.origins")} value={values.allowedOrigins} rows={4} hint={ts(v.lang, "scan.originsHint")} error={errors.allowedOrigins} />
      <div class="buttons">
        <button type="submit" class="button">{t(v.lang, "common.save")}</button>
      </div>
    </PostForm>
  );
}

/** What the OA's developer pastes, the hosted page, and where the entries are logged. */
function ForOa({ v, s, slug }: { v: View; s: ScanSettings; slug: string }) {
  const snippet = `<div id="welink-scan-login"></div>\n<script src="${s.scriptUrl}" data-tenant="${slug}" async></script>`;
  const log = (reason: string) => `/admin/login-log?channel=scan&reason=${reason}`;
  return (
    <section class="spaced">
      <h2>{ts(v.lang, "scan.snippet")}</h2>
      <p class="muted">{ts(v.lang, "scan.snippetHint")}</p>
      <pre data-testid="scan-snippet"><code>{snippet}</code></pre>
      <Facts
        rows={[
          [ts(v.lang, "scan.hosted"), <><a href={s.hostedPageUrl}><code>{s.hostedPageUrl}</code></a> <span class="muted">{ts(v.lang, "scan.hostedHint")}</span></>],
          [
            ts(v.lang, "scan.log"),
            <>
              <a href="/admin/login-log?channel=scan">{ts(v.lang, "scan.logAll")}</a> · <a href={log("TICKET_CONSUMED")}>{ts(v.lang, "scan.logConsumed")}</a> · <a href={log("SECOND_SCANNER")}>{ts(v.lang, "scan.logSecond")}</a> ·{" "}
              <a href={log("NETWORK_NOT_ALLOWED")}>{ts(v.lang, "scan.logNetwork")}</a>
            </>,
          ],
        ]}
      />
    </section>
  );
}

/** The seed's 「请先添加welink」: nothing to set until the tenant has an enterprise and an app. */
function WelinkFirst({ v }: { v: View }) {
  return (
    <>
      <Flash kind="warn">
        <strong data-code="WELINK_NOT_CONFIGURED">{ts(v.lang, "scan.welinkFirst")}</strong> — {ts(v.lang, "scan.welinkFirstHint")}
      </Flash>
      <p>
        <a class="button" href="/admin/corps">{ts(v.lang, "scan.goCorps")}</a>
      </p>
    </>
  );
}

async function render(c: AdminContext, deps: Deps, ctx: TenantCtx, s: PageState = {}) {
  const lang = c.get("lang");
  const title = ts(lang, "scan.title");
  let settings: ScanSettings;
  try {
    settings = await getScanSettings(deps, ctx);
  } catch (e) {
    if (!(e instanceof AppError && e.code === "WELINK_NOT_CONFIGURED")) throw e;
    return renderPage(c, { title, active: SCAN_NAV, status: c.req.method === "GET" ? 200 : 409 }, (v) => (
      <>
        <h1>{title}</h1>
        <WelinkFirst v={v} />
      </>
    ));
  }
  const list = await enterprises(deps, ctx, lang);
  const done = ts.maybe(lang, `scan.done.${c.req.query("done")}`);
  return renderPage(c, { title, active: SCAN_NAV, status: s.status }, (v) => (
    <>
      <h1>{title}</h1>
      <p class="muted">{ts(v.lang, "scan.intro")}</p>
      {done && <Flash kind="ok">{done}</Flash>}
      <p data-testid="scan-status">
        {ts(v.lang, "scan.status")}：{settings.enabled ? ts(v.lang, "scan.statusOn") : ts(v.lang, "scan.statusOff")}
      </p>
      <div class="panel">
        <SettingsForm v={v} values={s.values ?? valuesOf(settings)} errors={s.errors ?? {}} list={list} />
      </div>
      <ForOa v={v} s={settings} slug={ctx.tenant.slug} />
    </>
  ));
}

async function save(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const list = await enterprises(deps, ctx, c.get("lang"));
  const values = readValues(await readForm(c), list);
  const apps = appsOf(values, list);
  try {
    await saveScanSettings(deps, ctx, { enabled: values.enabled, apps, trustedNetworks: lines(values.trustedNetworks), allowedOrigins: lines(values.allowedOrigins) });
  } catch (e) {
    if (e instanceof AppError && e.code === "WELINK_NOT_CONFIGURED") return render(c, deps, ctx);
    if (!(e instanceof AppError && e.code === "VALIDATION_FAILED")) throw e;
    return render(c, deps, ctx, { values, errors: errorsOf(c.get("lang"), e.errors ?? [], apps, list[0]?.corpId), status: 422 });
  }
  return c.redirect("/admin/scan-login?done=saved", 303);
}

/** In the global view there is no tenant: say how to pick one. */
const withTenant = tenantGuard({ active: SCAN_NAV, title: (l) => ts(l, "scan.title"), chooseTenant: (l) => ts(l, "scan.chooseTenant") });

export function scanAdminPages(deps: Deps) {
  const r = new Hono<AdminEnv>();
  r.get("/scan-login", withTenant((c, ctx) => render(c, deps, ctx)));
  r.post("/scan-login", withTenant((c, ctx) => save(c, deps, ctx)));
  return r;
}
