import { type Context, Hono } from "hono";
import type { Deps } from "../../deps.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { randomToken } from "../../kernel/ids.ts";
import { BIND_COOKIE, BIND_TTL_MS, bindAndEnter, openPending, sealPending } from "./bind.ts";
import { enterWithCode, type EntryOutcome, refuseEntry } from "./flow.ts";
import { langFrom, readPublicForm } from "../../ui/index.ts";
import { BindPage, HomePage, sendEntryPage, StopPage, type StopReason, stopStatus } from "./pages.tsx";
import { dropCookie, putCookie, readCookie, sameSecret } from "./seal.ts";
import { type EntryRequest, openApp, type Visit } from "./visit.ts";
import { completionUrl } from "../session/proof.ts";
import { authorizeUrl, callbackUrl, checkOauth, OAUTH_COOKIE, OAUTH_TTL_MS, startOauth } from "./oauth-state.ts";

/*
 * The public homepage of each app, `/h/{appKey}` (the same URL for mobile and PC WeLink), and the
 * pages around it. Thin: each handler reads the request, calls one use case, and answers with a
 * redirect or a page. Codes, tokens and passwords are never logged or echoed.
 */

/** The homepage's own cookie: the code must be posted by a page this browser loaded (no login CSRF). */
const ENTRY_COOKIE = "wlb_entry";
const ENTRY_TTL_MS = 10 * 60_000;
const APP_KEY = /^[A-Za-z0-9_-]{1,100}$/;
const MAX_FIELD = 4000;
/** After these, opening the homepage again is what helps. */
const RETRY: ReadonlySet<StopReason> = new Set(["CODE_INVALID", "STATE_INVALID", "BIND_EXPIRED", "WELINK_FAILED", "OA_UNREACHABLE"]);

/** A refused binding shows the form again: wrong password 401, disabled account 403, account taken 409. */
const BIND_STATUS = { wrong: 401, disabled: 403, conflict: 409, "directory-locked": 423 } as const;

type C = Context<AppEnv>;

const text = (v: unknown, max = MAX_FIELD) => (typeof v === "string" ? v.slice(0, max) : "");
const appKeyOf = (c: C) => c.req.param("appKey") ?? "";
const homeOf = (appKey: string) => `/h/${appKey}`;
const withTarget = (path: string, target: string | undefined) => (target ? `${path}?target=${encodeURIComponent(target)}` : path);
const targetParam = (c: C) => text(c.req.query("target"), 2000) || undefined;

function requestOf(c: C, channel: Visit["channel"], target?: string): EntryRequest {
  return { appKey: appKeyOf(c), channel, ip: c.get("ip"), userAgent: c.req.header("user-agent"), target, requestId: c.get("requestId") };
}

function stopPage(c: C, reason: StopReason, extra: { lockedUntil?: number; tz?: string } = {}) {
  const nonce = randomToken(16);
  const retryUrl = RETRY.has(reason) && APP_KEY.test(appKeyOf(c)) ? homeOf(appKeyOf(c)) : undefined;
  const page = StopPage({ lang: langFrom(c.req.header("accept-language")), nonce, reason, lockedUntil: extra.lockedUntil, tz: extra.tz, requestId: reason === "ERROR" ? c.get("requestId") : undefined, retryUrl });
  return sendEntryPage(c, page, { status: stopStatus(reason), nonce });
}

/** Answers an outcome: a redirect into the OA, the bind page (again, with what went wrong), or a stop page. */
async function respond(c: C, deps: Deps, outcome: EntryOutcome, typed: { account?: string } = {}) {
  const appKey = appKeyOf(c);
  if (outcome.kind === "handoff") {
    c.header("Cache-Control", "no-store");
    c.header("Referrer-Policy", "no-referrer");
    return c.redirect(outcome.url, 303);
  }
  if (outcome.kind === "session") {
    // The session starts on the tenant's path, where the browser's earlier session is seen (and ended).
    c.header("Cache-Control", "no-store");
    return c.redirect(await completionUrl(deps, outcome.start, outcome.url), 303);
  }
  if (outcome.kind === "stop") return stopPage(c, outcome.reason, { ...outcome, tz: deps.config.timezone });
  putCookie(c, deps, appKey, BIND_COOKIE, await sealPending(deps, appKey, outcome.pending), BIND_TTL_MS);
  if (!outcome.problem) return c.redirect(`${homeOf(appKey)}/bind`, 303);
  const nonce = randomToken(16);
  const p = outcome.pending;
  const page = BindPage({
    lang: langFrom(c.req.header("accept-language")),
    nonce,
    action: `${homeOf(appKey)}/bind`,
    formNonce: p.nonce,
    corpName: p.corpName,
    personName: p.name,
    account: typed.account,
    problem: outcome.problem,
    remaining: outcome.remaining,
  });
  return sendEntryPage(c, page, { status: BIND_STATUS[outcome.problem], nonce });
}

/** The homepage: inside WeLink it trades HWH5's free-login code; elsewhere it goes to the browser sign-in. */
async function homepage(c: C, deps: Deps) {
  const target = targetParam(c);
  const visit = await openApp(deps, requestOf(c, "welink", target));
  if ("kind" in visit) return stopPage(c, visit.reason);
  const appKey = appKeyOf(c);
  const entryNonce = randomToken(18);
  putCookie(c, deps, appKey, ENTRY_COOKIE, entryNonce, ENTRY_TTL_MS);
  const nonce = randomToken(16);
  const jsapi = deps.config.welinkJsapiUrl;
  const page = HomePage({
    lang: langFrom(c.req.header("accept-language")),
    nonce,
    jsapiUrl: jsapi,
    clientId: visit.resolved.app.clientId,
    action: `${homeOf(appKey)}/code`,
    oauthUrl: withTarget(`${homeOf(appKey)}/oauth`, target),
    entryNonce,
    target,
  });
  return sendEntryPage(c, page, { nonce, scriptOrigin: new URL(jsapi).origin, framed: true });
}

async function postCode(c: C, deps: Deps) {
  const form = await readPublicForm(c);
  const req = requestOf(c, "welink", text(form.target, 2000) || undefined);
  if (!sameSecret(readCookie(c, ENTRY_COOKIE), text(form.nonce))) return respond(c, deps, await refuseEntry(deps, req, "STATE_INVALID"));
  const code = text(form.code);
  const proof = code ? { kind: "hwh5" as const, code } : { kind: "client-error" as const, errorCode: text(form.error, 40) || "NO_CODE" };
  return respond(c, deps, await enterWithCode(deps, req, proof));
}

/** The browser path (§2.4): to WeLink's authorize page with a state this browser alone holds. */
async function startBrowserLogin(c: C, deps: Deps) {
  const target = targetParam(c);
  const visit = await openApp(deps, requestOf(c, "oauth2", target));
  if ("kind" in visit) return stopPage(c, visit.reason);
  const appKey = appKeyOf(c);
  const { state, cookie } = await startOauth(deps, appKey, target);
  putCookie(c, deps, appKey, OAUTH_COOKIE, cookie, OAUTH_TTL_MS);
  c.header("Cache-Control", "no-store");
  return c.redirect(authorizeUrl(deps, { clientId: visit.resolved.app.clientId, appKey, state }), 302);
}

async function callback(c: C, deps: Deps) {
  const appKey = appKeyOf(c);
  const state = text(c.req.query("state"), 300);
  const kept = await checkOauth(deps, appKey, readCookie(c, OAUTH_COOKIE), state);
  dropCookie(c, deps, appKey, OAUTH_COOKIE);
  const req = requestOf(c, "oauth2", kept?.target);
  if (!kept) return respond(c, deps, await refuseEntry(deps, req, "STATE_INVALID"));
  const code = text(c.req.query("code"), 2000);
  // WeLink reports a refused authorize request on the redirect as code=600xx&message=… (§2.4).
  if (c.req.query("message") !== undefined && /^\d{5}$/.test(code)) return respond(c, deps, await enterWithCode(deps, req, { kind: "client-error", errorCode: `WELINK_${code}` }));
  if (!code) return respond(c, deps, await refuseEntry(deps, req, "CODE_INVALID"));
  return respond(c, deps, await enterWithCode(deps, req, { kind: "oauth2", code, redirectUri: callbackUrl(deps, appKey), state }));
}

async function bindForm(c: C, deps: Deps) {
  const pending = await openPending(deps, appKeyOf(c), readCookie(c, BIND_COOKIE));
  if (!pending) return stopPage(c, "BIND_EXPIRED");
  const nonce = randomToken(16);
  const page = BindPage({ lang: langFrom(c.req.header("accept-language")), nonce, action: `${homeOf(appKeyOf(c))}/bind`, formNonce: pending.nonce, corpName: pending.corpName, personName: pending.name });
  return sendEntryPage(c, page, { nonce });
}

async function postBind(c: C, deps: Deps) {
  const form = await readPublicForm(c);
  const pending = await openPending(deps, appKeyOf(c), readCookie(c, BIND_COOKIE));
  const account = text(form.account, 200);
  const outcome = await bindAndEnter(deps, requestOf(c, pending?.channel ?? "welink"), pending, { nonce: text(form.nonce), account, password: text(form.password, 200) });
  if (outcome.kind === "handoff" || outcome.kind === "session") dropCookie(c, deps, appKeyOf(c), BIND_COOKIE);
  return respond(c, deps, outcome, { account });
}

export function entryRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.onError((err, c) => {
    deps.log.error("homepage entry failed", { requestId: c.get("requestId"), error: err });
    return stopPage(c, "ERROR");
  });
  // An app key is random text; anything else is not worth a database lookup.
  r.use("/:appKey/*", async (c, next) => (APP_KEY.test(appKeyOf(c)) ? next() : stopPage(c, "UNKNOWN_APP")));
  r.use("/:appKey", async (c, next) => (APP_KEY.test(appKeyOf(c)) ? next() : stopPage(c, "UNKNOWN_APP")));
  r.get("/:appKey", (c) => homepage(c, deps));
  r.post("/:appKey/code", (c) => postCode(c, deps));
  r.get("/:appKey/oauth", (c) => startBrowserLogin(c, deps));
  r.get("/:appKey/callback", (c) => callback(c, deps));
  r.get("/:appKey/bind", (c) => bindForm(c, deps));
  r.post("/:appKey/bind", (c) => postBind(c, deps));
  return r;
}
