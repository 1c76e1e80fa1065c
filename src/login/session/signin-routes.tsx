/** @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { html } from "hono/html";
import type { Deps } from "../../deps.ts";
import { findTenantBySlug } from "../../accounts/index.ts";
import { findApp } from "../../corps/index.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { randomToken } from "../../kernel/ids.ts";
import type { Lang } from "../../kernel/i18n.ts";
import { langFrom } from "../../ui/index.ts";
import { sendEntryPage } from "../entry/pages.tsx";
import { scanSettingsFor } from "../scan/settings.ts";
import type { SignInStop } from "./i18n.ts";
import { completeSignIn } from "./proof.ts";
import { signInReturn } from "./return-to.ts";
import { bridgePath, currentSession } from "./session.ts";
import { SCAN_PAGE_CSP } from "../scan/hosted.tsx";
import { SignInPage, SignInStopPage } from "./signin-page.tsx";

/*
 * The bridge's sign-in page, `GET /t/{slug}/signin?return=…[&renew=1]`. It proves nothing itself:
 * inside WeLink it sends the person through the sign-in app's homepage (free-login code, binding),
 * on a PC it shows the scan-login QR and WeLink's OAuth2 page. Each of those flows sees the return
 * (an absolute URL on the bridge) as its target and so starts a session and comes back to it.
 */
type C = Context<AppEnv>;
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/i;
const STATUS: Record<SignInStop, 400 | 404 | 503> = { UNKNOWN_TENANT: 404, BAD_RETURN: 400, SIGNIN_OFF: 503, PROOF_INVALID: 400 };
/** The WeLink client's webview names itself (HuaWei-AnyOffice … welink/7.x); `code` is what HWH5 pages carry. */
export const WELINK_UA = /HuaWei-AnyOffice|\bwelink\/\d/i;

function langOf(c: C): Lang {
  const asked = c.req.query("lang");
  return asked === "en" || asked === "zh-CN" ? asked : langFrom(c.req.header("accept-language"));
}

const basePath = bridgePath;

function refuse(c: C, lang: Lang, reason: SignInStop) {
  const nonce = randomToken(16);
  return sendEntryPage(c, <SignInStopPage lang={lang} nonce={nonce} reason={reason} />, { status: STATUS[reason], nonce });
}

/** The app that proves people for this tenant's sign-in: the scan-login app (or, unset, the tenant's first app). */
async function signInApp(deps: Deps, tenant: { id: string; slug: string }) {
  const settings = await scanSettingsFor(deps, tenant);
  const app = settings.appId ? await findApp(deps.db, tenant.id, settings.appId) : undefined;
  return app ? { appKey: app.appKey, scan: settings.enabled } : undefined;
}

async function signInPage(c: C, deps: Deps) {
  const lang = langOf(c);
  const slug = c.req.param("slug") ?? "";
  const tenant = SLUG.test(slug) ? await findTenantBySlug(deps.db, slug) : undefined;
  if (!tenant) return refuse(c, lang, "UNKNOWN_TENANT");
  const back = signInReturn(deps, tenant.slug, c.req.query("return"));
  if (!back) return refuse(c, lang, "BAD_RETURN");
  const renew = ["1", "true"].includes(c.req.query("renew") ?? "");
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  if (!renew && (await currentSession(deps, c, tenant.id))) return c.redirect(back, 303);
  const app = await signInApp(deps, tenant);
  if (!app) return refuse(c, lang, "SIGNIN_OFF");
  const home = `${basePath(deps)}/h/${encodeURIComponent(app.appKey)}`;
  const target = encodeURIComponent(back);
  // A code in the address is not taken as proof (anyone could plant theirs): the homepage asks HWH5 for a fresh one.
  if (WELINK_UA.test(c.req.header("user-agent") ?? "") || c.req.query("code") !== undefined) return c.redirect(`${home}?target=${target}`, 303);
  if (!app.scan) return c.redirect(`${home}/oauth?target=${target}`, 303);
  const other = new URL(c.req.url);
  other.searchParams.set("lang", lang === "en" ? "zh-CN" : "en");
  const page = <SignInPage lang={lang} base={basePath(deps)} tenantSlug={tenant.slug} tenantName={tenant.name} target={back} oauthUrl={`${home}/oauth?target=${target}`} switchHref={`${other.pathname}${other.search}`} renew={renew} />;
  return c.html(html`<!DOCTYPE html>${page}`, 200, {
    "Content-Security-Policy": SCAN_PAGE_CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    // The page's address carries the return: nothing it links to learns it.
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
  });
}

/** The per-tenant sign-in routes, mounted at /t (the session cookie's path lives under it). */
export function signInRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.get("/:slug/signin", (c) => signInPage(c, deps));
  r.get("/:slug/signin/complete", async (c) => {
    const back = await completeSignIn(deps, c, c.req.param("slug"));
    if (!back) return refuse(c, langOf(c), "PROOF_INVALID");
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    return c.redirect(back, 303);
  });
  return r;
}
