import type { Deps } from "../../deps.ts";
import { tenantPath } from "./session.ts";

/*
 * Where the sign-in page may send a person back to: a page of the bridge under the tenant's own
 * `/t/{slug}/` (CAS /login, OIDC /authorize, a message link), never anywhere else (no open
 * redirect). Inside the flows the return travels as an absolute URL on the bridge: that is what
 * tells a proof (scan ticket, OAuth2 callback, homepage code) to start a session and come back
 * here instead of handing the person off to the OA, whose targets are never on the bridge.
 */

const CONTROL = /[\u0000-\u001f\u007f\\]/;
const SIGNIN = "signin";

const bridgeBase = (deps: Deps) => new URL(deps.config.publicUrl);
const prefixOf = (deps: Deps, slug: string) => `${bridgeBase(deps).pathname.replace(/\/+$/, "")}${tenantPath(slug)}`;

/**
 * The absolute URL to return to when `raw` (a path `/t/{slug}/…` or an absolute URL on the bridge)
 * is a page of this tenant on the bridge other than the sign-in page itself; undefined otherwise.
 */
export function signInReturn(deps: Deps, slug: string, raw: string | null | undefined): string | undefined {
  if (!raw || raw.length > 2000 || CONTROL.test(raw)) return undefined;
  // A path must be one: "//host/…" is a URL of another site to a browser.
  if (!/^https?:\/\//i.test(raw) && (!raw.startsWith("/") || raw.startsWith("//"))) return undefined;
  let url: URL;
  try {
    url = new URL(raw, bridgeBase(deps));
  } catch {
    return undefined;
  }
  if (url.origin !== bridgeBase(deps).origin || url.username || url.password) return undefined;
  const prefix = prefixOf(deps, slug);
  // Dot segments are resolved by URL already: "/t/a/../b/" arrives here as "/t/b/".
  if (!url.pathname.startsWith(prefix)) return undefined;
  if (url.pathname === `${prefix}${SIGNIN}` || url.pathname.startsWith(`${prefix}${SIGNIN}/`)) return undefined;
  url.hash = "";
  return url.toString();
}

/** Whether a flow's target is a sign-in return of this tenant (only the absolute form counts: OA paths stay OA paths). */
export function sessionTarget(deps: Deps, slug: string, target: string | null | undefined): string | undefined {
  if (!target || !target.startsWith(`${bridgeBase(deps).origin}/`)) return undefined;
  return signInReturn(deps, slug, target);
}
