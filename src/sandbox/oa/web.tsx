/** @jsxImportSource hono/jsx */
import { randomBytes } from "node:crypto";
import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { checkPassword } from "./api.ts";
import type { OaPerson } from "./model.ts";
import { LoginPage, ModulePage, MODULES, WhoPage } from "./pages.tsx";
import { type DemoOaState, deptPath } from "./state.ts";

/**
 * The demo OA's own sign-in: account + password → a session cookie → the "who is signed in" page.
 * Sessions live in memory. No CSRF token: the cookie is SameSite=Lax, so another site cannot
 * post to /logout with it, and signing someone in to a demo as a demo person harms nobody.
 */

const COOKIE = "demo_oa_session";

/** A whole page; the doctype keeps browsers out of quirks mode. */
const page = (c: Context, body: Child, status: 200 | 401 | 403 = 200) => c.html(html`<!DOCTYPE html>${body}`, status);

function signedIn(state: DemoOaState, c: Context): OaPerson | undefined {
  const sid = getCookie(c, COOKIE);
  const id = sid ? state.sessions.get(sid) : undefined;
  const person = id ? state.byId.get(id) : undefined;
  return person?.status === "active" ? person : undefined;
}

/** Signs the person in on this browser (used by the login form and by the bridge's handoff, sso.tsx). */
export function startSession(state: DemoOaState, c: Context, person: OaPerson): void {
  const sid = randomBytes(24).toString("base64url");
  state.sessions.set(sid, person.id);
  setCookie(c, COOKIE, sid, { path: "/", httpOnly: true, sameSite: "Lax" });
}

export function webRoutes(state: DemoOaState) {
  const web = new Hono();
  const scanFrom = () => state.sso?.bridgeUrl;
  web.get("/login", (c) => (signedIn(state, c) ? c.redirect("/", 303) : page(c, <LoginPage scanFrom={scanFrom()} />)));
  web.post("/login", async (c) => {
    const form = await c.req.parseBody();
    const account = typeof form.account === "string" ? form.account.trim() : "";
    const password = typeof form.password === "string" ? form.password : "";
    const result = account && password ? checkPassword(state, account, password) : "wrong";
    if (result === "wrong") return page(c, <LoginPage account={account} error="账号或密码错误。" scanFrom={scanFrom()} />, 401);
    if (result === "left") return page(c, <LoginPage account={account} error="该账号已停用。" scanFrom={scanFrom()} />, 403);
    startSession(state, c, result);
    return c.redirect("/", 303);
  });
  web.get("/", (c) => {
    const person = signedIn(state, c);
    if (!person) return c.redirect("/login", 303);
    const partTime = person.partTimeDeptIds.map((id) => deptPath(state, id));
    return page(c, <WhoPage person={person} dept={deptPath(state, person.deptId)} partTime={partTime} />);
  });
  // The module pages a handoff may land on (the bridge's default module list).
  for (const [path, name] of Object.entries(MODULES)) {
    web.get(path, (c) => {
      const person = signedIn(state, c);
      return person ? page(c, <ModulePage person={person} name={name} />) : c.redirect("/login", 303);
    });
  }
  web.post("/logout", (c) => {
    const sid = getCookie(c, COOKIE);
    if (sid) state.sessions.delete(sid);
    deleteCookie(c, COOKIE, { path: "/" });
    return c.redirect("/login", 303);
  });
  return web;
}
