/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, Badge, Checkboxes, Confirm, CopyField, ctxOf, dayBound, Field, fieldErrors, type FieldErrors, Flash, FormInvalid, PostForm, readForm, renderPage, Table, Time, Value, type View } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { AppError } from "../kernel/errors.ts";
import { SCOPES } from "../kernel/http/env.ts";
import { type Lang, t } from "../kernel/i18n.ts";
import { type TenancyKey, tt } from "./i18n.ts";
import { getToken, issueToken, listTokens, NewToken, revokeToken, type TokenView } from "./tokens.ts";

type FormInput = { name: string; scopes: string[]; expires: string };
type ListState = { input?: FormInput; errors?: FieldErrors; created?: { token: string; name: string }; status?: number };

const FIELD_MESSAGES: Record<string, TenancyKey> = { name: "tokens.err.name", scopes: "tokens.err.scopes", expiresAt: "tokens.err.expiresAt" };
const fieldMessage = (lang: Lang) => (field: string) => tt(lang, FIELD_MESSAGES[field] ?? "tokens.err.name");

const STATUS_BADGE = { active: "ok", expired: "warn", revoked: "bad" } as const;

function TokenTable({ v, tokens }: { v: View; tokens: TokenView[] }) {
  const head = ["name", "hint", "scopes", "status", "expiresAt", "lastUsed", "createdBy"].map((k) => tt(v.lang, `tokens.${k}` as TenancyKey));
  const rows = tokens.map((tk) => [
    <Value>{tk.name}</Value>,
    <code>{tk.hint}</code>,
    tk.scopes.map((s) => <Badge>{s}</Badge>),
    <Badge kind={STATUS_BADGE[tk.status]}>{tt(v.lang, `tokens.status.${tk.status}`)}</Badge>,
    tk.expiresAt ? <Time v={v} at={tk.expiresAt} /> : tt(v.lang, "tokens.noExpiry"),
    tk.lastUsedAt ? <Time v={v} at={tk.lastUsedAt} /> : t(v.lang, "common.never"),
    <>
      {tk.createdBy}
      <br />
      <span class="muted"><Time v={v} at={tk.createdAt} /></span>
    </>,
    tk.status === "active" ? <a href={`/admin/tokens/${tk.id}/revoke`} class="danger-text">{tt(v.lang, "tokens.revoke")}</a> : "",
  ]);
  return <Table head={[...head, t(v.lang, "common.actions")]} rows={rows} empty={t(v.lang, "common.empty")} />;
}

/** The new token, shown this once: readonly and focused so it can be copied straight away. */
function CreatedToken({ v, created }: { v: View; created: { token: string; name: string } }) {
  return (
    <section class="panel">
      <h2>{tt(v.lang, "tokens.created", { name: created.name })}</h2>
      <Flash kind="warn">{tt(v.lang, "tokens.createdWarn")}</Flash>
      <CopyField v={v} id="new-token" label={tt(v.lang, "tokens.value")} value={created.token} autofocus />
    </section>
  );
}

function CreateForm({ v, s }: { v: View; s: ListState }) {
  const errs = s.errors ?? {};
  const options = SCOPES.map((scope) => ({ value: scope, label: tt(v.lang, `tokens.scope.${scope}`) }));
  return (
    <section class="panel spaced">
      <h2>{tt(v.lang, "tokens.new")}</h2>
      <FormInvalid v={v} errors={errs} />
      <PostForm v={v} action="/admin/tokens" class="stack" label={tt(v.lang, "tokens.new")}>
        <Field name="name" label={tt(v.lang, "tokens.name")} value={s.input?.name} error={errs.name} required maxlength={100} />
        <Checkboxes name="scopes" legend={tt(v.lang, "tokens.scopes")} options={options} checked={s.input?.scopes ?? []} error={errs.scopes} />
        <Field name="expires" type="date" label={tt(v.lang, "tokens.expiresAt")} value={s.input?.expires} error={errs.expiresAt} hint={tt(v.lang, "tokens.expiresHint")} />
        <div class="buttons">
          <button type="submit" class="button">{t(v.lang, "common.create")}</button>
        </div>
      </PostForm>
    </section>
  );
}

async function renderList(c: AdminContext, deps: Deps, s: ListState = {}) {
  const ctx = ctxOf(c);
  const tokens = await listTokens(deps, ctx);
  const done = tt.maybe(c.get("lang"), `tokens.done.${c.req.query("done")}`);
  return renderPage(c, { title: tt(c.get("lang"), "tokens.title"), active: "tokens", status: s.status }, (v) => (
    <>
      <h1>{tt(v.lang, "tokens.title")}</h1>
      <p class="muted">{tt(v.lang, "tokens.intro")}</p>
      <Flash kind="info">{ctx.tenant ? tt(v.lang, "tokens.tenantScope", { tenant: ctx.tenant.slug }) : tt(v.lang, "tokens.globalScope")}</Flash>
      {done && !s.created && <Flash kind="ok">{done}</Flash>}
      {s.created && <CreatedToken v={v} created={s.created} />}
      <TokenTable v={v} tokens={tokens} />
      <CreateForm v={v} s={s} />
    </>
  ));
}

/** The end of that day in the bridge's time zone (the day the admin means); anything else is left to the schema to refuse. */
function expiryOf(day: string, tz: string) {
  const end = dayBound(day, true, tz);
  return end === undefined ? undefined : end === null ? day : new Date(end).toISOString();
}

export function tokenPages(deps: Deps) {
  const r = new Hono<AdminEnv>();

  r.get("/tokens", (c) => renderList(c, deps));
  r.post("/tokens", async (c) => {
    const form = await readForm(c);
    const input: FormInput = { name: form.text("name"), scopes: form.list("scopes"), expires: form.text("expires").trim() };
    const parsed = NewToken.safeParse({ name: input.name, scopes: input.scopes, expiresAt: expiryOf(input.expires, c.get("tz")) });
    const messages = fieldMessage(c.get("lang"));
    if (!parsed.success) return renderList(c, deps, { input, errors: fieldErrors(parsed.error, messages), status: 422 });
    try {
      const { token, view } = await issueToken(deps, ctxOf(c), parsed.data);
      return renderList(c, deps, { created: { token, name: view.name } });
    } catch (e) {
      if (!(e instanceof AppError && e.code === "VALIDATION_FAILED")) throw e;
      return renderList(c, deps, { input, errors: fieldErrors(e, messages), status: 422 });
    }
  });

  r.get("/tokens/:id/revoke", async (c) => {
    const token = await getToken(deps, ctxOf(c), c.req.param("id"));
    return renderPage(c, { title: tt(c.get("lang"), "tokens.revoke"), active: "tokens" }, (v) => (
      <>
        <h1>{tt(v.lang, "tokens.revokeTitle", { name: token.name })}</h1>
        <Confirm v={v} action={`/admin/tokens/${token.id}/revoke`} button={tt(v.lang, "tokens.revoke")} cancel="/admin/tokens">
          <p>
            <code>{token.hint}</code> · {token.scopes.join(", ")}
          </p>
          <Flash kind="warn">{tt(v.lang, "tokens.revokeBody")}</Flash>
        </Confirm>
      </>
    ));
  });
  r.post("/tokens/:id/revoke", async (c) => {
    await revokeToken(deps, ctxOf(c), c.req.param("id"));
    return c.redirect("/admin/tokens?done=revoked", 303);
  });

  return r;
}
