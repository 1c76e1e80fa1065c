/** @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import { deleteCookie } from "hono/cookie";
import { checkPassword } from "./api.ts";
import { LoginPage, ModulePage, MODULES, WhoPage } from "./pages.tsx";
import { SESSION_COOKIE, sessionId, signedIn, startSession } from "./session.tsx";
import { afterLogout, signedOutTo } from "./sign-on.ts";
import { type DemoOaState, deptPath } from "./state.ts";

/**
 * The demo OA's own sign-in: account + password → a session cookie → the "who is signed in" page.
 * Sessions live in memory. No CSRF token: the cookie is SameSite=Lax, so another site cannot
 * post to /logout with it, and signing someone in to a demo as a demo person harms nobody.
 */

/** A whole page; the doctype keeps browsers out of quirks mode. */
const page = (c: Context, body: Child, status: 200 | 401 | 403 = 200) => c.html(html`<!DOCTYPE html>${body}`, status);

export function webRoutes(state: DemoOaState) {
  const web = new Hono();
  const scanFrom = () => state.sso?.bridgeUrl;
  const sso = () => (state.signOn.kind === "password" ? undefined : state.signOn.kind);
  web.get("/login", (c) => (signedIn(state, c) ? c.redirect("/", 303) : page(c, <LoginPage scanFrom={scanFrom()} sso={sso()} />)));
  web.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const account = typeof form.account === "string" ? form.account.trim() : "";
    const password = typeof form.password === "string" ? form.password : "";
    const result = account && password ? checkPassword(state, account, password) : "wrong";
    if (result === "wrong") return page(c, <LoginPage account={account} error="账号或密码错误。" scanFrom={scanFrom()} sso={sso()} />, 401);
    if (result === "left") return page(c, <LoginPage account={account} error="该账号已停用。" scanFrom={scanFrom()} sso={sso()} />, 403);
    startSession(state, c, result);
    return c.redirect("/", 303);
  });
  web.get("/", (c) => {
    const person = signedIn(state, c);
    if (!person) return c.redirect(signedOutTo(state, "/"), 303);
    const partTime = person.partTimeDeptIds.map((id) => deptPath(state, id));
    return page(c, <WhoPage person={person} dept={deptPath(state, person.deptId)} partTime={partTime} />);
  });
  // The module pages a handoff may land on (the bridge's default module list).
  for (const [path, name] of Object.entries(MODULES)) {
    web.get(path, (c) => {
      const person = signedIn(state, c);
      return person ? page(c, <ModulePage person={person} name={name} />) : c.redirect(signedOutTo(state, c.req.path), 303);
    });
  }
  web.post("/logout", (c) => {
    const sid = sessionId(c);
    if (sid) state.sessions.delete(sid);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect(afterLogout(state, c, sid), 303);
  });
  return web;
}
