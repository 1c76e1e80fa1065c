/** @jsxImportSource hono/jsx */
import { type AdminContext, Field, Flash, PostForm, Table, type TenantCtx, Time, Value, type View } from "../../ui/index.ts";
import type { Deps } from "../../deps.ts";
import { t } from "../../kernel/i18n.ts";
import { listSessions, revokeSession } from "./admin.ts";
import { ssoPage } from "./admin-parts.tsx";
import { tsa } from "./i18n-admin.ts";

/** /admin/sso/sessions: live sign-in sessions per person, a filter by person, and revocation. */

type Row = Awaited<ReturnType<typeof listSessions>>[number];

function Person({ v, s }: { v: View; s: Row }) {
  if (s.name === null) return <span class="muted">{tsa(v.lang, "sessions.unknown")}</span>;
  return (
    <>
      <a href={`/admin/sso/sessions?person=${encodeURIComponent(s.oaAccount ?? s.oaUserId)}`}><Value>{s.name}</Value></a>
      <br />
      <span class="muted"><Value>{s.oaAccount}</Value></span>
    </>
  );
}

function SessionTable({ v, rows, filtered }: { v: View; rows: Row[]; filtered: boolean }) {
  const head = [tsa(v.lang, "sessions.person"), tsa(v.lang, "sessions.welinkUser"), tsa(v.lang, "sessions.channel"), tsa(v.lang, "sessions.started"), tsa(v.lang, "sessions.expires"), t(v.lang, "common.actions")];
  const body = rows.map((s) => [
    <Person v={v} s={s} />,
    <code>{s.welinkUserId}</code>,
    tsa(v.lang, `sessions.channel.${s.channel}`),
    <Time v={v} at={s.createdAt} />,
    <Time v={v} at={s.expiresAt} />,
    <PostForm v={v} action={`/admin/sso/sessions/${encodeURIComponent(s.id)}/revoke`}>
      <button type="submit" class="button danger" data-session={s.id}>{tsa(v.lang, "sessions.revoke")}</button>
    </PostForm>,
  ]);
  return <Table head={head} rows={body} empty={tsa(v.lang, filtered ? "sessions.emptyFiltered" : "sessions.empty")} />;
}

export async function renderSessions(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  const person = (c.req.query("person") ?? "").slice(0, 200);
  const rows = await listSessions(deps, ctx, { person, limit: 200 });
  const done = tsa.maybe(c.get("lang"), `sessions.done.${c.req.query("done")}`);
  return ssoPage(c, { title: tsa(c.get("lang"), "sessions.title"), tab: "sessions" }, (v) => (
    <>
      <p class="muted">{tsa(v.lang, "sessions.intro")}</p>
      {done && <Flash kind="ok">{done}</Flash>}
      <form method="get" action="/admin/sso/sessions" class="panel stack" aria-label={t(v.lang, "common.filter")}>
        <Field name="person" label={tsa(v.lang, "sessions.person")} value={person} hint={tsa(v.lang, "sessions.personHint")} maxlength={200} />
        <div class="buttons">
          <button type="submit" class="button secondary">{t(v.lang, "common.filter")}</button>
          {person && <a href="/admin/sso/sessions" class="button secondary">{t(v.lang, "common.reset")}</a>}
        </div>
      </form>
      <SessionTable v={v} rows={rows} filtered={person !== ""} />
    </>
  ));
}

/** The API's use case: tenant-scoped (another tenant's session is a 404) and audited. */
export async function revokeFromAdmin(c: AdminContext, deps: Deps, ctx: TenantCtx) {
  await revokeSession(deps, ctx, c.req.param("id") ?? "");
  return c.redirect("/admin/sso/sessions?done=revoked", 303);
}
