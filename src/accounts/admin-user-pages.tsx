/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import { type AdminContext, type AdminEnv, Badge, Confirm, ctxOf, Field, fieldErrors, type FieldErrors, Flash, FormInvalid, PostForm, readForm, renderPage, sessionOf, formatTime, Table, Time, Value, type View } from "../ui/index.ts";
import type { Deps } from "../deps.ts";
import { AppError, errors } from "../kernel/errors.ts";
import { type Lang, t } from "../kernel/i18n.ts";
import { type AdminUserView, createAdminUser, deleteAdminUser, listAdminUsers, NewAdminUser } from "./admins.ts";
import { tt } from "./i18n.ts";

type ListState = { username?: string; errors?: FieldErrors; status?: number };

const fieldMessage = (lang: Lang) => (field: string) => tt(lang, field === "password" ? "admins.err.password" : "admins.err.username");

function AdminTable({ v, users, selfId }: { v: View; users: AdminUserView[]; selfId: string }) {
  const rows = users.map((u) => [
    <>
      <Value>{u.username}</Value> {u.id === selfId && <span class="muted">{tt(v.lang, "admins.you")}</span>}
    </>,
    <>
      <Badge>{tt(v.lang, `admins.level.${u.level}`)}</Badge>
      {u.lockedUntil && <Badge kind="bad">{tt(v.lang, "admins.locked", { until: formatTime(v, u.lockedUntil) })}</Badge>}
    </>,
    u.lastLoginAt ? <Time v={v} at={u.lastLoginAt} /> : t(v.lang, "common.never"),
    <Time v={v} at={u.createdAt} />,
    // Removing oneself would end the session mid-page; another admin does it.
    u.id === selfId ? "" : <a href={`/admin/admins/${u.id}/delete`} class="danger-text">{tt(v.lang, "admins.remove")}</a>,
  ]);
  const head = [tt(v.lang, "admins.username"), tt(v.lang, "admins.level"), tt(v.lang, "admins.lastLogin"), t(v.lang, "common.createdAt"), t(v.lang, "common.actions")];
  return <Table head={head} rows={rows} empty={t(v.lang, "common.empty")} />;
}

async function renderList(c: AdminContext, deps: Deps, s: ListState = {}) {
  const ctx = ctxOf(c);
  const users = await listAdminUsers(deps, ctx);
  const done = tt.maybe(c.get("lang"), `admins.done.${c.req.query("done")}`);
  const errs = s.errors ?? {};
  return renderPage(c, { title: tt(c.get("lang"), "admins.title"), active: "admins", status: s.status }, (v) => (
    <>
      <h1>{tt(v.lang, "admins.title")}</h1>
      <p class="muted">{tt(v.lang, "admins.intro")}</p>
      <Flash kind="info">{ctx.tenant ? tt(v.lang, "admins.tenantScope", { tenant: ctx.tenant.slug }) : tt(v.lang, "admins.globalScope")}</Flash>
      {done && <Flash kind="ok">{done}</Flash>}
      <AdminTable v={v} users={users} selfId={sessionOf(c).user.id} />
      <section class="panel spaced">
        <h2>{tt(v.lang, "admins.new")}</h2>
        <FormInvalid v={v} errors={errs} />
        <PostForm v={v} action="/admin/admins" class="stack" label={tt(v.lang, "admins.new")}>
          <Field name="username" label={tt(v.lang, "admins.username")} value={s.username} error={errs.username} required maxlength={64} autocomplete="off" />
          <Field name="password" type="password" label={tt(v.lang, "admins.password")} error={errs.password} hint={tt(v.lang, "admins.passwordHint")} required autocomplete="new-password" />
          <div class="buttons">
            <button type="submit" class="button">{t(v.lang, "common.create")}</button>
          </div>
        </PostForm>
      </section>
    </>
  ));
}

const findUser = async (deps: Deps, c: AdminContext, id: string) => {
  const user = (await listAdminUsers(deps, ctxOf(c))).find((u) => u.id === id);
  if (!user) throw errors.notFound("adminUser", id);
  return user;
};

export function adminUserPages(deps: Deps) {
  const r = new Hono<AdminEnv>();

  r.get("/admins", (c) => renderList(c, deps));
  r.post("/admins", async (c) => {
    const form = await readForm(c);
    const username = form.text("username").trim();
    const parsed = NewAdminUser.safeParse({ username, password: form.text("password") });
    if (!parsed.success) return renderList(c, deps, { username, errors: fieldErrors(parsed.error, fieldMessage(c.get("lang"))), status: 422 });
    try {
      await createAdminUser(deps, ctxOf(c), parsed.data);
    } catch (e) {
      if (!(e instanceof AppError && e.code === "USERNAME_TAKEN")) throw e;
      return renderList(c, deps, { username, errors: { username: tt(c.get("lang"), "admins.err.taken") }, status: 409 });
    }
    return c.redirect("/admin/admins?done=created", 303);
  });

  r.get("/admins/:id/delete", async (c) => {
    const user = await findUser(deps, c, c.req.param("id"));
    return renderPage(c, { title: tt(c.get("lang"), "admins.remove"), active: "admins" }, (v) => (
      <>
        <h1>{tt(v.lang, "admins.removeTitle", { name: user.username })}</h1>
        <Confirm v={v} action={`/admin/admins/${user.id}/delete`} button={tt(v.lang, "admins.remove")} cancel="/admin/admins">
          <Flash kind="warn">{tt(v.lang, "admins.removeBody")}</Flash>
        </Confirm>
      </>
    ));
  });
  r.post("/admins/:id/delete", async (c) => {
    await deleteAdminUser(deps, ctxOf(c), c.req.param("id"));
    return c.redirect("/admin/admins?done=removed", 303);
  });

  return r;
}
