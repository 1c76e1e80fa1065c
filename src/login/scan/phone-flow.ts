import type { Deps } from "../../deps.ts";
import { bindByPassword, findBinding, type PasswordBindResult } from "../../directory/index.ts";
import { randomToken } from "../../kernel/ids.ts";
import { resolveAppByKey, type ResolvedApp, welinkClientFor } from "../../corps/index.ts";
import { bindByRule, describe, type OaSide } from "../entry/flow.ts";
import { oaReason, type Person, personCtx, profileOf, stop, type Stop, welinkReason } from "../entry/visit.ts";
import type { LoginReason } from "../log/login-log.ts";
import { scanErrors, stateError } from "./errors.ts";
import { approveTicket, denyTicket, retargetTicket, scanTicket, ticketByToken } from "./phone.ts";
import { enterprisesOf, placeOf, placesKnowing, type ScanEnterprise, type ScanPlace } from "./phone-store.ts";
import { scanSettingsFor, trustedMatcher } from "./settings.ts";
import type { TicketRow } from "./ticket-store.ts";
import { logTicket, type Requester } from "./tickets.ts";

/*
 * Scan login on the phone, as use cases the routes call: the free-login code names the WeLink
 * person, who (when several teams sharing this WeLink enterprise know them) picks one, is bound
 * (already, by the rule, or by OA password), then approves or denies. The person and the corp
 * live in a sealed phone session (the routes' cookie), never in a form.
 */

/** The phone's session for one ticket: who scanned, where the ticket first pointed, and the forms' nonce. */
export type PhoneSession = {
  ticketId: string;
  person: Person;
  home: { tenantId: string; corpId: string; appId: string };
  /** The person has picked among several teams (or there was nothing to pick). */
  chosen: boolean;
  nonce: string;
};

/** What the ticket shows on the phone: its place, the opened app, and the ticket itself. */
export type Opened = { ticket: TicketRow; place: ScanPlace; resolved: ResolvedApp };

export type Confirm = {
  kind: "confirm";
  oaName: string;
  corpName: string;
  browserIp: string | null;
  trusted: boolean;
  browserUserAgent: string | null;
  askedAt: number;
  expiresAt: number;
};
export type Step = { kind: "choose"; places: ScanPlace[] } | { kind: "bind"; corpName: string; problem?: "wrong" | "disabled" | "conflict" | "directory-locked"; remaining?: number } | Confirm | Stop;

/** The ticket a QR names, refused when its tenant switched scan login off (or its app is gone or off). */
export async function openTicket(deps: Deps, token: string): Promise<Opened | Stop> {
  const ticket = await ticketByToken(deps, token);
  const place = await placeOf(deps.db, ticket);
  const resolved = place && (await resolveAppByKey(deps, place.appKey));
  if (!place || !resolved) throw scanErrors.off();
  const settings = await scanSettingsFor(deps, resolved.tenant);
  if (!settings.enabled) throw scanErrors.off();
  if (!resolved.corp.enabled || !resolved.app.enabled) return stop("APP_DISABLED");
  return { ticket, place, resolved };
}

/**
 * The enterprises the phone offers before the scan (the seed's "choose the integrated
 * enterprise"): the ticket tenant's scan apps that are usable now. With one, nothing is asked.
 */
export async function enterprisesFor(deps: Deps, { resolved }: Opened): Promise<ScanEnterprise[]> {
  const settings = await scanSettingsFor(deps, resolved.tenant);
  return enterprisesOf(deps.db, resolved.tenant.id, settings.apps);
}

const logAs = (deps: Deps, t: TicketRow, reason: LoginReason, phone: Requester, who: { person?: Person; oa?: Partial<OaSide> } = {}) =>
  logTicket(deps, { ...t, welinkUserId: who.person?.userId ?? t.welinkUserId, userName: who.person?.name ?? t.userName, oaUserId: who.oa?.oaUserId ?? t.oaUserId, oaAccount: who.oa?.oaAccount ?? t.oaAccount }, reason, phone);

/**
 * The code the page got from HWH5 → the WeLink person (through the ticket's app) → the ticket is
 * theirs (scanned). Throws the ScanError of a ticket that cannot be scanned (a second person: cancelled).
 */
export async function scanWithCode(deps: Deps, token: string, code: string, phone: Requester, corpId?: string): Promise<PhoneSession | Stop> {
  const opened = await openTicket(deps, token);
  if ("kind" in opened) return opened;
  const { ticket } = opened;
  if (ticket.state !== "pending" && ticket.state !== "scanned") throw stateError(ticket.state);
  // The page got the code with the chosen enterprise's app: trade it with that app, and only
  // with one the tenant offers for scan login (the form names a corp, never an app).
  let resolved = opened.resolved;
  let at: { corpId: string; appId: string } | undefined;
  if (corpId && corpId !== ticket.corpId) {
    const chosen = (await enterprisesFor(deps, opened)).find((e) => e.corpId === corpId);
    const other = chosen && (await resolveAppByKey(deps, chosen.appKey));
    if (!chosen || !other) throw scanErrors.unknown();
    resolved = other;
    at = { corpId: chosen.corpId, appId: chosen.appId };
  }
  const client = welinkClientFor(deps, resolved);
  let userId: string;
  try {
    userId = (await client.auth.userFromCode(code)).userId;
  } catch (e) {
    const reason = welinkReason(e);
    await logAs(deps, ticket, reason, phone);
    return stop(reason);
  }
  const person = await describe(deps, client, userId);
  if ("kind" in person) {
    await logAs(deps, ticket, person.reason, phone, { person: { userId } });
    return person;
  }
  const scanned = await scanTicket(deps, token, { welinkUserId: person.userId, name: person.name }, phone, at);
  return { ticketId: scanned.id, person, home: { tenantId: scanned.tenantId, corpId: scanned.corpId, appId: scanned.appId }, chosen: false, nonce: randomToken(18) };
}

/** The ticket, scanned by this session's person and still waiting for them. */
async function scannedFor(deps: Deps, token: string, s: PhoneSession): Promise<Opened | Stop> {
  const opened = await openTicket(deps, token);
  if ("kind" in opened) return opened;
  const t = opened.ticket;
  if (t.id !== s.ticketId || t.welinkUserId !== s.person.userId) throw scanErrors.unknown();
  if (t.state !== "scanned") throw stateError(t.state);
  return opened;
}

/** The teams this person may sign in to with this QR: the ticket's own, and those sharing its WeLink enterprise that know them. */
export async function placesFor(deps: Deps, s: PhoneSession): Promise<ScanPlace[]> {
  const home = await placeOf(deps.db, s.home);
  if (!home) return [];
  const others = await placesKnowing(deps.db, home.welinkTenantId, s.person.userId);
  const { welinkTenantId: _w, appKey: _k, ...own } = home;
  return [own, ...others.filter((p) => p.tenantId !== home.tenantId)];
}

/** Where the person is now: choose a team, bind, or confirm (binding by the rule on the way when it matches). */
export async function nextStep(deps: Deps, token: string, s: PhoneSession, phone: Requester): Promise<Step> {
  const opened = await scannedFor(deps, token, s);
  if ("kind" in opened) return opened;
  if (!s.chosen) {
    const places = await placesFor(deps, s);
    if (places.length > 1) return { kind: "choose", places };
  }
  const { ticket, resolved } = opened;
  if (await findBinding(deps, ticket.corpId, s.person.userId)) return confirmOf(deps, opened);
  const ruled = await bindByRule(deps, { resolved, ip: phone.ip }, s.person);
  if (ruled) {
    await logAs(deps, ticket, "BOUND_BY_RULE", phone, { person: s.person, oa: ruled });
    return confirmOf(deps, opened);
  }
  await logAs(deps, ticket, "NOT_BOUND", phone, { person: s.person });
  return { kind: "bind", corpName: resolved.corp.name };
}

async function confirmOf(deps: Deps, { ticket, place, resolved }: Opened): Promise<Confirm> {
  const settings = await scanSettingsFor(deps, resolved.tenant);
  return {
    kind: "confirm",
    oaName: place.tenantName,
    corpName: place.corpName,
    browserIp: ticket.browserIp,
    trusted: trustedMatcher(settings.trustedNetworks)(ticket.browserIp ?? undefined),
    browserUserAgent: ticket.browserUserAgent,
    askedAt: ticket.createdAt,
    expiresAt: ticket.expiresAt,
  };
}

/** The person picked a team (one of placesFor, checked again here): the ticket now points at it. */
export async function choosePlace(deps: Deps, token: string, s: PhoneSession, tenantId: string, phone: Requester): Promise<PhoneSession | undefined> {
  const place = (await placesFor(deps, s)).find((p) => p.tenantId === tenantId);
  if (!place) return undefined;
  await retargetTicket(deps, token, s.person.userId, place, phone);
  return { ...s, chosen: true };
}

const REFUSED = { wrong: "BIND_WRONG_PASSWORD", disabled: "BIND_DISABLED", conflict: "BINDING_CONFLICT", "directory-locked": "BIND_DIRECTORY_LOCKED" } as const;

/** OA account + password, checked by the OA connector with the lock-out; then the next step. */
export async function bindOnPhone(deps: Deps, token: string, s: PhoneSession, form: { account: string; password: string }, phone: Requester): Promise<Step> {
  const opened = await scannedFor(deps, token, s);
  if ("kind" in opened) return opened;
  const { ticket, resolved } = opened;
  const person = s.person;
  let result: PasswordBindResult;
  try {
    const input = { tenantId: resolved.tenant.id, corp: { id: resolved.corp.id }, welinkUserId: person.userId, account: form.account, password: form.password, welink: profileOf(person) };
    result = await bindByPassword(deps, personCtx({ resolved, ip: phone.ip }, person.userId), input);
  } catch (e) {
    const reason = oaReason(e);
    await logAs(deps, ticket, reason, phone, { person });
    return stop(reason);
  }
  if (result.ok) {
    await logAs(deps, ticket, "BOUND_BY_PASSWORD", phone, { person, oa: { oaUserId: result.binding.oaUserId, oaAccount: result.oaAccount } });
    return confirmOf(deps, opened);
  }
  const oaAccount = form.account.trim().slice(0, 200);
  if (result.reason === "locked") {
    await logAs(deps, ticket, "BIND_LOCKED", phone, { person, oa: { oaAccount } });
    return stop("BIND_LOCKED", { lockedUntil: result.lockedUntil });
  }
  await logAs(deps, ticket, REFUSED[result.reason], phone, { person, oa: { oaAccount } });
  return { kind: "bind", corpName: resolved.corp.name, problem: result.reason, ...(result.reason === "wrong" ? { remaining: result.remaining } : {}) };
}

/** Approve: only a bound person, as their binding says now (never as a form says). */
export async function approveOnPhone(deps: Deps, token: string, s: PhoneSession, phone: Requester): Promise<TicketRow | Step> {
  const opened = await scannedFor(deps, token, s);
  if ("kind" in opened) return opened;
  const binding = await findBinding(deps, opened.ticket.corpId, s.person.userId);
  if (!binding) return nextStep(deps, token, { ...s, chosen: true }, phone);
  return approveTicket(deps, token, s.person.userId, { oaUserId: binding.oaUserId, oaAccount: binding.oaAccount }, phone);
}

export async function denyOnPhone(deps: Deps, token: string, s: PhoneSession, phone: Requester): Promise<TicketRow> {
  return denyTicket(deps, token, s.person.userId, phone);
}
