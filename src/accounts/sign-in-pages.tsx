/** @jsxImportSource hono/jsx */
import { Hono } from "hono";
import type { Deps } from "../deps.ts";
import { AppError } from "../kernel/errors.ts";
import { createWindowCounter, type WindowCounter } from "../kernel/http/rate-limit.ts";
import { t } from "../kernel/i18n.ts";
import { loginAdmin, logoutAdmin } from "./admin-login.ts";
import { type AdminContext, type AdminEnv, clearSessionCookie, Document, Field, Flash, LangSwitch, PostForm, readForm, rotateCsrf, safeBack, sendHtml, setSessionCookie, ta, viewOf } from "../ui/index.ts";

type LoginState = { username?: string; next?: string; problem?: "invalid" | "locked" | "loggedOut"; retryAfter?: number };

function LoginPage({ c, s }: { c: AdminContext; s: LoginState }) {
  const v = viewOf(c);
  const seconds = Math.max(1, Math.ceil(s.retryAfter ?? 1));
  return (
    <Document v={v} title={ta(v.lang, "login.title")}>
      <main class="login" id="main">
        <header>
          <strong>{t(v.lang, "app.name")}</strong>
          <LangSwitch v={v} />
        </header>
        <div class="panel">
          <h1>{ta(v.lang, "login.title")}</h1>
          {s.problem === "invalid" && <Flash kind="error">{ta(v.lang, "login.invalid")}</Flash>}
          {s.problem === "locked" && <Flash kind="error">{ta(v.lang, "login.locked", { seconds })}</Flash>}
          {s.problem === "loggedOut" && <Flash kind="ok">{ta(v.lang, "login.loggedOut")}</Flash>}
          <PostForm v={v} action="/admin/login" class="stack" label={ta(v.lang, "login.title")}>
            <input type="hidden" name="next" value={safeBack(s.next)} />
            <Field name="username" label={ta(v.lang, "login.username")} value={s.username} required autocomplete="username" autofocus={!s.username} />
            <Field name="password" type="password" label={ta(v.lang, "login.password")} required autocomplete="current-password" autofocus={!!s.username} />
            <button type="submit" class="button">{ta(v.lang, "login.submit")}</button>
          </PostForm>
          <p class="muted">{ta(v.lang, "login.hint")}</p>
        </div>
      </main>
    </Document>
  );
}

const renderLogin = (c: AdminContext, s: LoginState, status = 200, headers: Record<string, string> = {}) =>
  sendHtml(c, <LoginPage c={c} s={s} />, status, headers);

/** Checks the password; a wrong one or a locked account re-renders the form with the reason. */
async function signIn(c: AdminContext, deps: Deps, failures: WindowCounter) {
  const form = await readForm(c);
  const state: LoginState = { username: form.text("username"), next: form.text("next") };
  // Per address as well as per account: one address cannot guess across many accounts.
  const wait = failures.blocked(c.get("ip"));
  if (wait !== undefined) {
    return renderLogin(c, { ...state, problem: "locked", retryAfter: wait }, 429, { "Retry-After": String(Math.ceil(wait)) });
  }
  try {
    const { cookie } = await loginAdmin(deps, {
      username: state.username ?? "",
      password: form.text("password"),
      ip: c.get("ip"),
      requestId: c.get("requestId"),
    });
    // A previous session in this browser ends here rather than lingering in the table.
    const previous = c.get("session");
    if (previous) await logoutAdmin(deps, previous);
    setSessionCookie(c, deps, cookie);
    rotateCsrf(c, deps);
    return c.redirect(safeBack(state.next), 303);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    if (e.code === "INVALID_CREDENTIALS" || e.code === "ACCOUNT_LOCKED") failures.hit(c.get("ip"));
    if (e.code === "INVALID_CREDENTIALS") return renderLogin(c, { ...state, problem: "invalid" }, 401);
    if (e.code === "ACCOUNT_LOCKED") {
      const retryAfter = Number(e.headers["Retry-After"] ?? 1);
      return renderLogin(c, { ...state, problem: "locked", retryAfter }, 429, e.headers);
    }
    throw e;
  }
}

/** Sign-in, sign-out: the only admin pages reachable without a session. */
export function loginRoutes(deps: Deps) {
  const r = new Hono<AdminEnv>();
  const failures = createWindowCounter(deps.config.authFailuresPerMinute, 60_000, () => deps.clock.now());

  r.get("/login", (c) => {
    if (c.get("session")) return c.redirect(safeBack(c.req.query("next")), 303);
    return renderLogin(c, { next: c.req.query("next"), problem: c.req.query("bye") === "1" ? "loggedOut" : undefined });
  });

  r.post("/login", (c) => signIn(c, deps, failures));

  r.post("/logout", async (c) => {
    const session = c.get("session");
    if (session) await logoutAdmin(deps, session);
    clearSessionCookie(c, deps);
    rotateCsrf(c, deps);
    return c.redirect("/admin/login?bye=1", 303);
  });

  return r;
}
