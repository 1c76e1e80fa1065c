import { Hono } from "hono";
import { cors } from "hono/cors";
import { mintAuthCode } from "./auth.ts";
import { body, str } from "./envelope.ts";
import { canReach } from "./messages-store.ts";
import { randomText, type Sandbox, slot } from "./sandbox.ts";

/*
 * The sandbox's stand-in for WeLink's JSAPI script, so the same page code runs in the sandbox
 * and in the real WeLink client.
 *
 * Design. The real client knows who is signed in; a browser in a test does not. So the sandbox
 * plays the phone in two steps:
 *  1. `POST /_sandbox/open-app` (or `/_sandbox/scan`) issues a *ticket* — "this browser tab is
 *     WeLink signed in as user U (for app A)" — and returns the page URL with
 *     `#wlk_sandbox_ticket=<ticket>` added to the fragment. A fragment never reaches the bridge's
 *     server, survives server-side redirects, and leaves the query (and so a JSAPI signature) alone.
 *  2. This script, loaded by the page, moves the ticket from the fragment into sessionStorage
 *     (the tab's "WeLink session", kept across in-page navigation) and strips it from the URL.
 *     `HWH5.getAuthCode({clientId})` then posts the ticket to `/_sandbox/codes/claim`, which mints
 *     a fresh free-login code for that user and app (120 s, single use, like the real client's
 *     per-call codes). A page not opened through the sandbox has no ticket, and getAuthCode
 *     rejects with `errorCode: "NOT_IN_WELINK"`; a ticket for another app is refused.
 */
export const TICKET_PARAM = "wlk_sandbox_ticket";
/** How long a "signed-in tab" lasts [inferred: the length of a working day's client session]. */
const TICKET_TTL_MS = 12 * 3600_000;
export const SCRIPT_PATHS = ["/hwh5.js", "/wecode/docs/jsapi/2.0.1/hwh5-cloudonline.js", "/docs/jsapi/2.0.3/hwh5-cloudonline.js"];

type Ticket = { userId: string; clientId?: string; expiresAt: number };
const tickets = (sb: Sandbox) => slot(sb, "hwh5.tickets", () => new Map<string, Ticket>());

/** A ticket for `userId`; bound to `clientId` when the phone opened that app, open to any app for a scanned URL. */
export function issueTicket(sb: Sandbox, userId: string, clientId?: string): string {
  const store = tickets(sb);
  const now = sb.now();
  for (const [k, t] of store) if (t.expiresAt <= now) store.delete(k);
  const ticket = randomText(18);
  store.set(ticket, { userId, clientId, expiresAt: now + TICKET_TTL_MS });
  return ticket;
}

/** The URL with the ticket added to its fragment (kept beside an existing hash route). */
export function withTicket(url: string, ticket: string): string {
  const u = new URL(url);
  const hash = u.hash.replace(/^#/, "");
  u.hash = `${hash}${hash ? "&" : ""}${TICKET_PARAM}=${encodeURIComponent(ticket)}`;
  return u.toString();
}

type Claim = { code: string } | { status: 400 | 403; error: string; errorCode: string };

/** Trades a ticket for a fresh free-login code of that user in app `clientId`. */
export function claimCode(sb: Sandbox, ticketId: string | undefined, clientId: string | undefined): Claim {
  const ticket = ticketId ? tickets(sb).get(ticketId) : undefined;
  if (!ticket || ticket.expiresAt <= sb.now()) return { status: 403, errorCode: "NOT_IN_WELINK", error: "no WeLink session: open the page through POST /_sandbox/open-app or /_sandbox/scan" };
  if (!clientId) return { status: 400, errorCode: "PARAM", error: "getAuthCode needs {clientId}" };
  if (ticket.clientId !== undefined && ticket.clientId !== clientId) return { status: 403, errorCode: "CLIENT_MISMATCH", error: `this page was opened as app ${ticket.clientId}, not ${clientId}` };
  const app = sb.apps.get(clientId);
  if (!app) return { status: 403, errorCode: "UNKNOWN_APP", error: `no app ${clientId}` };
  if (!canReach(sb, app, ticket.userId)) return { status: 403, errorCode: "NOT_VISIBLE", error: `${ticket.userId} cannot use app ${clientId}` };
  return { code: mintAuthCode(sb, clientId, ticket.userId) };
}

/** The script's text; `__FALLBACK_ORIGIN__` is filled in per request (used only when the page cannot tell where the script came from). */
const SCRIPT = `/* WeLink sandbox HWH5 stand-in (see src/sandbox/welink/hwh5.ts). */
(function () {
  "use strict";
  var PARAM = ${JSON.stringify(TICKET_PARAM)};
  var current = document.currentScript && document.currentScript.src;
  var SANDBOX = current ? new URL(current).origin : __FALLBACK_ORIGIN__;
  function takeTicket() {
    try {
      var hash = location.hash.replace(/^#/, "");
      var m = hash.match(new RegExp("(^|&)" + PARAM + "=([^&]*)"));
      if (m) {
        sessionStorage.setItem(PARAM, decodeURIComponent(m[2]));
        var rest = hash.replace(m[0], "").replace(/^&/, "");
        history.replaceState(history.state, "", location.pathname + location.search + (rest ? "#" + rest : ""));
      }
      return sessionStorage.getItem(PARAM);
    } catch (e) {
      return null;
    }
  }
  var ticket = takeTicket();
  function failWith(code, message) {
    var error = new Error(message);
    error.errorCode = code;
    return Promise.reject(error);
  }
  var HWH5 = (window.HWH5 = window.HWH5 || {});
  HWH5.sandbox = true;
  HWH5.getAuthCode = function (options) {
    var clientId = options && options.clientId;
    if (!clientId) return failWith("PARAM", "HWH5.getAuthCode needs {clientId}");
    if (!ticket) return failWith("NOT_IN_WELINK", "not running inside the WeLink client (sandbox): open the page through POST /_sandbox/open-app");
    return fetch(SANDBOX + "/_sandbox/codes/claim", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ticket: ticket, clientId: clientId })
    }).then(function (res) {
      return res.json().then(function (b) {
        if (!res.ok || !b.code) throw Object.assign(new Error(b.error || "getAuthCode failed"), { errorCode: b.errorCode || "FAILED" });
        return { code: b.code };
      });
    });
  };
  /* The sandbox does not check JSAPI signatures; config resolves so pages run unchanged. */
  HWH5.config = function () { return Promise.resolve(); };
})();
`;

const script = (fallbackOrigin: string) => SCRIPT.replace("__FALLBACK_ORIGIN__", () => JSON.stringify(fallbackOrigin));

export function hwh5Routes(sb: Sandbox) {
  const routes = new Hono();
  const anyOrigin = cors({ origin: "*", allowMethods: ["GET", "POST", "OPTIONS"], allowHeaders: ["content-type"] });
  for (const path of SCRIPT_PATHS) {
    routes.get(path, anyOrigin, (c) => {
      c.header("Content-Type", "application/javascript; charset=utf-8");
      c.header("Cache-Control", "no-store");
      return c.body(script(new URL(c.req.url).origin));
    });
  }
  routes.use("/_sandbox/codes/claim", anyOrigin);
  routes.post("/_sandbox/codes/claim", async (c) => {
    const b = await body(c);
    const claim = claimCode(sb, str(b.ticket), str(b.clientId));
    return "code" in claim ? c.json({ code: claim.code }) : c.json({ error: claim.error, errorCode: claim.errorCode }, claim.status);
  });
  return routes;
}
