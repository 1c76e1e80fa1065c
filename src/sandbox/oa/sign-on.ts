import { type Context, Hono } from "hono";
import { localPath } from "./session.tsx";
import { casLoginUrl } from "./sso-cas.ts";
import { oidcLoginUrl, oidcLogoutUrl } from "./sso-oidc.ts";
import type { DemoOaState } from "./state.ts";

/** Where a signed-out page of the demo OA goes and where its logout leads, by its sign-in choice. */

/** Where a signed-out visit to `next` goes: the OA's login page, or (CAS / OIDC) the bridge's sign-in through /sso/start. */
export const signedOutTo = (state: DemoOaState, next: string) => (state.signOn.kind === "password" ? "/login" : `/sso/start?next=${encodeURIComponent(next)}`);

/** After the OA's own logout: the bridge's CAS logout (single logout) or the provider's end_session, else the login page. */
export function afterLogout(state: DemoOaState, c: Context, sid: string | undefined): string {
  const origin = new URL(c.req.url).origin;
  if (state.signOn.kind === "cas") return `${state.signOn.casBase}/logout?service=${encodeURIComponent(`${origin}/login`)}`;
  if (state.signOn.kind === "oidc") return oidcLogoutUrl(state, c, state.signOn.config, sid);
  return "/login";
}

export function signOnRoutes(state: DemoOaState) {
  const r = new Hono();
  r.get("/sso/start", async (c) => {
    const next = localPath(c.req.query("next"));
    const on = state.signOn;
    if (on.kind === "cas") return c.redirect(casLoginUrl(on.casBase, new URL(c.req.url).origin, next), 302);
    if (on.kind === "oidc") return c.redirect(await oidcLoginUrl(state, c, on.config, next), 302);
    return c.redirect("/login", 303);
  });
  return r;
}
