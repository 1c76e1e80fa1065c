import { type Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Deps } from "../../deps.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { randomToken } from "../../kernel/ids.ts";
import { langFrom, readPublicForm } from "../../ui/index.ts";
import { BindPage, sendEntryPage, StopPage, stopStatus } from "../entry/pages.tsx";
import { openJson, sameSecret, sealJson } from "../entry/seal.ts";
import type { Stop } from "../entry/visit.ts";
import { ScanError, stateError } from "./errors.ts";
import { approveOnPhone, bindOnPhone, choosePlace, denyOnPhone, enterprisesFor, nextStep, openTicket, type PhoneSession, scanWithCode, type Step } from "./phone-flow.ts";
import { ChooseEnterprisePage, ChoosePage, ConfirmPage, DonePage, PHONE_STOPS, type PhoneStop, PhoneStopPage, ScanHomePage } from "./phone-pages.tsx";
import { ticketByToken } from "./phone.ts";

/*
 * The page the login QR opens inside WeLink (mounted at /scan/t): /:token trades HWH5's
 * free-login code for the person, then choose / bind / approve / deny. The phone session (who
 * scanned, for which ticket) is a sealed cookie scoped to this QR's path; every form carries its
 * nonce, so a post from another page or phone carries neither. Nothing here is cached.
 */
type C = Context<AppEnv>;

const TOKEN = /^[A-Za-z0-9_-]{1,128}$/;
/** The code-posting page's own cookie (no login CSRF), and the phone session after the scan. */
const ENTRY_COOKIE = "wlb_scan_entry";
const SESSION_COOKIE = "wlb_scan_phone";
const ENTRY_TTL_MS = 5 * 60_000;
/** Longer than the 60 s to approve, to leave time for the binding page; the ticket's own expiry still rules. */
const SESSION_TTL_MS = 10 * 60_000;
const BIND_STATUS = { wrong: 401, disabled: 403, conflict: 409, "directory-locked": 423 } as const;
const PHONE_STATUS: Partial<Record<PhoneStop, number>> = { TICKET_CONFIRMED: 409, PHONE_SESSION: 403, ERROR: 500 };

const text = (v: unknown, max = 4000) => (typeof v === "string" ? v.slice(0, max) : "");
const tokenOf = (c: C) => c.req.param("token") ?? "";
const baseOf = (c: C) => `/scan/t/${tokenOf(c)}`;
const phoneOf = (c: C) => ({ ip: c.get("ip"), userAgent: c.req.header("user-agent") });
const langOf = (c: C) => langFrom(c.req.header("accept-language"));
const purpose = (ticketId: string) => `scan-phone:${ticketId}`;

const cookieOptions = (deps: Deps, c: C, ttlMs?: number) => ({
  path: baseOf(c),
  httpOnly: true,
  sameSite: "Lax" as const,
  secure: deps.config.publicUrl.startsWith("https:"),
  ...(ttlMs === undefined ? {} : { maxAge: Math.ceil(ttlMs / 1000) }),
});

function phoneStop(c: C, reason: PhoneStop, status?: number) {
  const nonce = randomToken(16);
  const page = PhoneStopPage({ lang: langOf(c), nonce, reason, requestId: reason === "ERROR" ? c.get("requestId") : undefined });
  return sendEntryPage(c, page, { status: status ?? PHONE_STATUS[reason] ?? 409, nonce });
}

/** The homepage's stop pages (WeLink or OA trouble, binding lock-out) serve the phone as they are. */
function entryStop(c: C, s: Stop) {
  const nonce = randomToken(16);
  return sendEntryPage(c, StopPage({ lang: langOf(c), nonce, reason: s.reason, lockedUntil: s.lockedUntil }), { status: stopStatus(s.reason), nonce });
}

function seeStep(c: C) {
  c.header("Cache-Control", "no-store");
  c.header("Referrer-Policy", "no-referrer");
  return c.redirect(baseOf(c), 303);
}

async function putSession(c: C, deps: Deps, s: PhoneSession) {
  setCookie(c, SESSION_COOKIE, await sealJson(deps, purpose(s.ticketId), s, SESSION_TTL_MS), cookieOptions(deps, c, SESSION_TTL_MS));
}

/** The phone session of this QR's ticket, when this phone scanned it. */
async function sessionOf(c: C, deps: Deps): Promise<PhoneSession | undefined> {
  const t = await ticketByToken(deps, tokenOf(c));
  const s = await openJson<PhoneSession>(deps, purpose(t.id), getCookie(c, SESSION_COOKIE));
  return s && s.ticketId === t.id ? s : undefined;
}

/** The session, when the form's nonce is the session's own. */
async function postedSession(c: C, deps: Deps): Promise<{ s: PhoneSession; form: Record<string, unknown> } | undefined> {
  const form = await readPublicForm(c);
  const s = await sessionOf(c, deps);
  return s && sameSecret(s.nonce, text(form.nonce, 100)) ? { s, form } : undefined;
}

function renderStep(c: C, deps: Deps, s: PhoneSession, step: Step, typed: { account?: string } = {}) {
  const nonce = randomToken(16);
  const lang = langOf(c);
  if (step.kind === "stop") return entryStop(c, step);
  if (step.kind === "choose") return sendEntryPage(c, ChoosePage({ lang, nonce, action: `${baseOf(c)}/choose`, formNonce: s.nonce, places: step.places }), { nonce });
  if (step.kind === "bind") {
    const page = BindPage({ lang, nonce, action: `${baseOf(c)}/bind`, formNonce: s.nonce, corpName: step.corpName, personName: s.person.name, account: typed.account, problem: step.problem, remaining: step.remaining, forScan: true });
    return sendEntryPage(c, page, { nonce, status: step.problem ? BIND_STATUS[step.problem] : 200 });
  }
  return sendEntryPage(c, ConfirmPage({ lang, nonce, base: baseOf(c), formNonce: s.nonce, view: step, now: deps.clock.now(), tz: deps.config.timezone }), { nonce });
}

/** The QR's page: the scanner's current step, else (pending, or scanned by whoever this turns out to be) the code-trading page. */
async function open(c: C, deps: Deps) {
  const opened = await openTicket(deps, tokenOf(c));
  if ("kind" in opened) return entryStop(c, opened);
  const { ticket, resolved } = opened;
  const s = await sessionOf(c, deps);
  if (s && ticket.welinkUserId === s.person.userId) {
    if (ticket.state === "scanned") return renderStep(c, deps, s, await nextStep(deps, tokenOf(c), s, phoneOf(c)));
  }
  if (ticket.state === "confirmed") return phoneStop(c, "TICKET_CONFIRMED");
  if (ticket.state !== "pending" && ticket.state !== "scanned") throw stateError(ticket.state);
  // Several integrated enterprises: the person says which one they are in before WeLink is asked,
  // because the free-login code only comes from an app of the enterprise their WeLink is signed in to.
  const offered = await enterprisesFor(deps, opened);
  const chosen = offered.length > 1 ? offered.find((e) => e.corpId === c.req.query("corp")) : undefined;
  if (offered.length > 1 && !chosen) {
    const nonce = randomToken(16);
    const jsapi = deps.config.welinkJsapiUrl;
    return sendEntryPage(c, ChooseEnterprisePage({ lang: langOf(c), nonce, base: baseOf(c), jsapiUrl: jsapi, enterprises: offered }), { nonce, scriptOrigin: new URL(jsapi).origin });
  }
  const formNonce = randomToken(18);
  setCookie(c, ENTRY_COOKIE, formNonce, cookieOptions(deps, c, ENTRY_TTL_MS));
  const nonce = randomToken(16);
  const jsapi = deps.config.welinkJsapiUrl;
  const page = ScanHomePage({ lang: langOf(c), nonce, jsapiUrl: jsapi, clientId: chosen?.clientId ?? resolved.app.clientId, action: baseOf(c), formNonce, corpId: chosen?.corpId, back: chosen ? baseOf(c) : undefined });
  return sendEntryPage(c, page, { nonce, scriptOrigin: new URL(jsapi).origin });
}

async function postCode(c: C, deps: Deps) {
  const form = await readPublicForm(c);
  if (!sameSecret(getCookie(c, ENTRY_COOKIE), text(form.nonce, 100))) return phoneStop(c, "PHONE_SESSION");
  const code = text(form.code);
  const error = text(form.error, 40);
  if (!code) return entryStop(c, { kind: "stop", reason: error === "NOT_VISIBLE" ? "NOT_VISIBLE" : "WELINK_FAILED" });
  const scanned = await scanWithCode(deps, tokenOf(c), code, phoneOf(c), text(form.corp, 100) || undefined);
  if ("kind" in scanned) return entryStop(c, scanned);
  deleteCookie(c, ENTRY_COOKIE, cookieOptions(deps, c));
  await putSession(c, deps, scanned);
  return seeStep(c);
}

async function choose(c: C, deps: Deps) {
  const posted = await postedSession(c, deps);
  if (!posted) return phoneStop(c, "PHONE_SESSION");
  const next = await choosePlace(deps, tokenOf(c), posted.s, text(posted.form.tenant, 100), phoneOf(c));
  if (next) await putSession(c, deps, next);
  return seeStep(c);
}

async function bind(c: C, deps: Deps) {
  const posted = await postedSession(c, deps);
  if (!posted) return phoneStop(c, "PHONE_SESSION");
  const account = text(posted.form.account, 200);
  const step = await bindOnPhone(deps, tokenOf(c), posted.s, { account, password: text(posted.form.password, 200) }, phoneOf(c));
  return step.kind === "confirm" ? seeStep(c) : renderStep(c, deps, posted.s, step, { account });
}

async function answer(c: C, deps: Deps, what: "approve" | "deny") {
  const posted = await postedSession(c, deps);
  if (!posted) return phoneStop(c, "PHONE_SESSION");
  const nonce = randomToken(16);
  if (what === "deny") {
    await denyOnPhone(deps, tokenOf(c), posted.s, phoneOf(c));
    return sendEntryPage(c, DonePage({ lang: langOf(c), nonce, done: "DENIED" }), { nonce });
  }
  const done = await approveOnPhone(deps, tokenOf(c), posted.s, phoneOf(c));
  if ("kind" in done) return renderStep(c, deps, posted.s, done);
  return sendEntryPage(c, DonePage({ lang: langOf(c), nonce, done: "APPROVED" }), { nonce });
}

export function scanPhoneRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  r.onError((err, c) => {
    // A second tap, or its person scanning again, after approving.
    if (err instanceof ScanError && err.reason === "TICKET_CONFIRMED") return phoneStop(c, "TICKET_CONFIRMED");
    if (err instanceof ScanError && PHONE_STOPS.has(err.reason)) return phoneStop(c, err.reason as PhoneStop, err.status);
    deps.log.error("scan login on the phone failed", { requestId: c.get("requestId"), error: err });
    return phoneStop(c, "ERROR");
  });
  // A token is random text; anything else is not worth a database lookup.
  r.use("/:token/*", async (c, next) => (TOKEN.test(tokenOf(c)) ? next() : phoneStop(c, "TICKET_UNKNOWN", 404)));
  r.use("/:token", async (c, next) => (TOKEN.test(tokenOf(c)) ? next() : phoneStop(c, "TICKET_UNKNOWN", 404)));
  r.get("/:token", (c) => open(c, deps));
  r.post("/:token", (c) => postCode(c, deps));
  r.post("/:token/choose", (c) => choose(c, deps));
  r.post("/:token/bind", (c) => bind(c, deps));
  r.post("/:token/approve", (c) => answer(c, deps, "approve"));
  r.post("/:token/deny", (c) => answer(c, deps, "deny"));
  return r;
}
