/** @jsxImportSource hono/jsx */
import type { Context } from "hono";
import { html, raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Lang } from "../../kernel/i18n.ts";
import { formatTimeZoned, MobileDocument } from "../../ui/index.ts";
import { te } from "./i18n.ts";
import type { StopReason as FlowStop } from "./visit.ts";


/*
 * The homepage's script, served inline under a per-response nonce. Its inputs come from the
 * form's data attributes (never spliced into the script). Outside WeLink (no HWH5, or HWH5 says
 * NOT_IN_WELINK, or no answer) it goes to the browser sign-in; a visible-range refusal is posted
 * so the bridge can show and log its page.
 */
const SCRIPT = `(function () {
  "use strict";
  var form = document.getElementById("entry");
  var oauth = form.getAttribute("data-oauth");
  var done = false;
  function browserLogin() { if (!done) { done = true; location.replace(oauth); } }
  function send(field, value) { if (done) return; done = true; form.elements[field].value = value; form.submit(); }
  var H = window.HWH5;
  if (!H || typeof H.getAuthCode !== "function") return browserLogin();
  setTimeout(browserLogin, 10000);
  H.getAuthCode({ clientId: form.getAttribute("data-client-id") }).then(function (r) {
    if (r && r.code) send("code", String(r.code)); else browserLogin();
  }, function (e) {
    if (e && e.errorCode === "NOT_VISIBLE") send("error", "NOT_VISIBLE"); else browserLogin();
  });
})();`;

export type HomeProps = { lang: Lang; nonce: string; jsapiUrl: string; clientId: string; action: string; oauthUrl: string; entryNonce: string; target?: string };

export function HomePage(p: HomeProps) {
  return (
    <MobileDocument lang={p.lang} nonce={p.nonce} title={te(p.lang, "home.title")}>
      <h1>{te(p.lang, "home.title")}</h1>
      <p aria-live="polite">{te(p.lang, "home.wait")}</p>
      <form id="entry" method="post" action={p.action} data-client-id={p.clientId} data-oauth={p.oauthUrl}>
        <input type="hidden" name="nonce" value={p.entryNonce} />
        <input type="hidden" name="code" value="" />
        <input type="hidden" name="error" value="" />
        {p.target && <input type="hidden" name="target" value={p.target} />}
      </form>
      <p class="muted"><a href={p.oauthUrl}>{te(p.lang, "home.browser")}</a></p>
      <script src={p.jsapiUrl} nonce={p.nonce}></script>
      <script nonce={p.nonce}>{raw(SCRIPT)}</script>
    </MobileDocument>
  );
}

export type BindProblem = "wrong" | "disabled" | "conflict" | "directory-locked";
export type BindProps = {
  lang: Lang; nonce: string; action: string; formNonce: string; corpName: string; personName?: string; account?: string; problem?: BindProblem; remaining?: number;
  /** Scan login binds on the way to the confirmation, not into the OA. */
  forScan?: boolean;
};

const BIND_TEXT = { disabled: "bind.disabled", conflict: "bind.conflict", "directory-locked": "bind.directoryLocked" } as const;

const named = (lang: Lang, name: string | undefined) => (!name ? "" : lang === "en" ? ` (${name})` : `（${name}）`);

export function BindPage(p: BindProps) {
  const problem = p.problem === "wrong" ? te(p.lang, "bind.wrong", { n: p.remaining ?? 0 }) : p.problem ? te(p.lang, BIND_TEXT[p.problem]) : undefined;
  return (
    <MobileDocument lang={p.lang} nonce={p.nonce} title={te(p.lang, "bind.title")}>
      <h1>{te(p.lang, "bind.title")}</h1>
      <p>{te(p.lang, p.forScan ? "bind.introScan" : "bind.intro", { name: named(p.lang, p.personName), corp: p.corpName })}</p>
      {problem && <p class="error" role="alert">{problem}</p>}
      <form method="post" action={p.action} autocomplete="off">
        <input type="hidden" name="nonce" value={p.formNonce} />
        <label for="account">{te(p.lang, "bind.account")}</label>
        <input id="account" name="account" type="text" value={p.account ?? ""} required maxlength={200} autocomplete="username" autofocus />
        <label for="password">{te(p.lang, "bind.password")}</label>
        <input id="password" name="password" type="password" required maxlength={200} autocomplete="current-password" />
        <button type="submit">{te(p.lang, p.forScan ? "bind.submitScan" : "bind.submit")}</button>
      </form>
      <p class="muted">{te(p.lang, "bind.note")}</p>
    </MobileDocument>
  );
}

/** Every stop of the flow, plus ERROR for the unexpected. */
export type StopReason = FlowStop | "ERROR";
export type StopProps = { lang: Lang; nonce: string; reason: StopReason; lockedUntil?: number; tz?: string; requestId?: string; retryUrl?: string };

export function StopPage(p: StopProps) {
  const title = te(p.lang, `stop.${p.reason}.title`);
  return (
    <MobileDocument lang={p.lang} nonce={p.nonce} title={title}>
      <h1>{title}</h1>
      <p>{te(p.lang, `stop.${p.reason}.body`, { until: p.lockedUntil ? formatTimeZoned({ lang: p.lang, tz: p.tz ?? "UTC" }, p.lockedUntil) : "" })}</p>
      {p.retryUrl && <p><a class="button" href={p.retryUrl}>{te(p.lang, "entry.retry")}</a></p>}
      <p class="muted" data-code={p.reason}>{te(p.lang, "entry.code", { code: p.reason })}</p>
      {p.requestId && <p class="muted">{te(p.lang, "entry.requestId", { id: p.requestId })}</p>}
    </MobileDocument>
  );
}

const STATUS: Record<StopReason, number> = {
  CODE_INVALID: 400,
  STATE_INVALID: 400,
  BIND_EXPIRED: 400,
  UNKNOWN_APP: 404,
  APP_DISABLED: 403,
  NOT_VISIBLE: 403,
  BIND_LOCKED: 429,
  OA_UNREACHABLE: 502,
  WELINK_FAILED: 502,
  OA_NOT_CONFIGURED: 503,
  ERROR: 500,
};
export const stopStatus = (reason: StopReason) => STATUS[reason];

/**
 * Entry pages run no script but their own (nonce) and WeLink's JSAPI (its origin, which the
 * sandbox stand-in also calls back). No form-action: a form post here ends in a redirect to the
 * OA, which form-action would block. Framing is refused except for the homepage, which a WeLink
 * PC client might embed.
 */
export function sendEntryPage(c: Context, page: Child, o: { status?: number; nonce: string; scriptOrigin?: string; framed?: boolean }) {
  const script = [`'nonce-${o.nonce}'`, o.scriptOrigin].filter(Boolean).join(" ");
  const csp = [
    "default-src 'none'",
    `script-src ${script}`,
    `style-src 'nonce-${o.nonce}'`,
    ...(o.scriptOrigin ? [`connect-src ${o.scriptOrigin}`] : []),
    "img-src 'self' data:",
    "base-uri 'none'",
    ...(o.framed ? [] : ["frame-ancestors 'none'"]),
  ].join("; ");
  return c.html(html`<!DOCTYPE html>${page}`, (o.status ?? 200) as 200, {
    "Content-Security-Policy": csp,
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    ...(o.framed ? {} : { "X-Frame-Options": "DENY" }),
  });
}
