import type { Deps } from "../../deps.ts";
import { scanErrors, stateError } from "./errors.ts";
import { scanSettingsFor, trustedMatcher } from "./settings.ts";
import { announce, hashOf, logTicket, type Requester, settle, TTL_MS } from "./tickets.ts";
import type { TicketRow } from "./ticket-store.ts";
import * as store from "./ticket-store.ts";

/*
 * The scan-to-login ticket, phone side: the QR's token names the ticket; the WeLink person the
 * free-login code named scans, approves or denies. Only the person who scanned may approve or
 * deny; a second, different person scanning cancels the ticket (someone is relaying the QR).
 */

export type Scanner = { welinkUserId: string; name?: string };

/** The ticket a QR names, as it is now. */
export async function ticketByToken(deps: Deps, token: string, known?: TicketRow): Promise<TicketRow> {
  const t = known ? await store.findTicket(deps.db, known.id) : token.length <= 128 ? await store.findTicketByToken(deps.db, hashOf(token)) : undefined;
  if (!t) throw scanErrors.unknown();
  return settle(deps, t);
}

async function cancelForSecondScanner(deps: Deps, t: TicketRow, who: Scanner, phone: Requester): Promise<never> {
  const now = deps.clock.now();
  const moved = await store.moveTicket(deps.db, { id: t.id, from: ["pending", "scanned", "confirmed"], now, set: { state: "cancelled", endedAt: now } });
  // It ended in between (expired, used): say that, not a cancel that did not happen.
  if (!moved) throw stateError((await ticketByToken(deps, "", t)).state);
  // Logged under the second person, from their phone: that is who the administrator needs to see.
  const logged = { ...moved, welinkUserId: who.welinkUserId, userName: who.name ?? null, oaUserId: null, oaAccount: null, phoneIp: phone.ip ?? null, phoneUserAgent: phone.userAgent ?? null };
  await announce(deps, logged, "SECOND_SCANNER", phone);
  throw scanErrors.secondScanner();
}

/**
 * pending → scanned by `who` (60 s to approve), in the enterprise `at` the person chose on the
 * phone (the ticket then follows it). The same person opening it again is fine.
 */
export async function scanTicket(deps: Deps, token: string, who: Scanner, phone: Requester, at?: { corpId: string; appId: string }): Promise<TicketRow> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const t = await ticketByToken(deps, token);
    if (t.welinkUserId !== null && t.welinkUserId !== who.welinkUserId && store.isLive(t.state)) return cancelForSecondScanner(deps, t, who, phone);
    if (t.state === "scanned" && t.welinkUserId === who.welinkUserId) return t;
    if (t.state !== "pending") throw stateError(t.state);
    const now = deps.clock.now();
    const moved = await store.moveTicket(deps.db, {
      id: t.id, from: ["pending"], now,
      set: { ...at, state: "scanned", scannedAt: now, expiresAt: now + TTL_MS.scanned, welinkUserId: who.welinkUserId, userName: who.name?.slice(0, 200) ?? null, phoneIp: phone.ip ?? null, phoneUserAgent: phone.userAgent?.slice(0, 500) ?? null },
    });
    if (moved) return announce(deps, moved, "TICKET_SCANNED", phone);
    // Someone moved it first (another phone, or time ran out): look again.
  }
  throw scanErrors.unknown();
}

/** The scanned ticket of `who`, still waiting for their answer. */
async function scannedBy(deps: Deps, token: string, who: string): Promise<TicketRow> {
  const t = await ticketByToken(deps, token);
  if (t.welinkUserId !== who) throw scanErrors.unknown();
  if (t.state !== "scanned") throw stateError(t.state);
  return t;
}

/** scanned → confirmed: the browser may now take its hand-off into the OA as `oa`. */
export async function approveTicket(deps: Deps, token: string, who: string, oa: { oaUserId: string; oaAccount: string | null }, phone: Requester): Promise<TicketRow> {
  const t = await scannedBy(deps, token, who);
  const now = deps.clock.now();
  const moved = await store.moveTicket(deps.db, { id: t.id, from: ["scanned"], now, set: { state: "confirmed", confirmedAt: now, expiresAt: now + TTL_MS.confirmed, oaUserId: oa.oaUserId, oaAccount: oa.oaAccount } });
  if (!moved) throw stateError((await ticketByToken(deps, token)).state);
  return announce(deps, moved, "TICKET_CONFIRMED", phone);
}

/** scanned → denied. */
export async function denyTicket(deps: Deps, token: string, who: string, phone: Requester): Promise<TicketRow> {
  const t = await scannedBy(deps, token, who);
  const now = deps.clock.now();
  const moved = await store.moveTicket(deps.db, { id: t.id, from: ["scanned"], now, set: { state: "denied", endedAt: now } });
  if (!moved) throw stateError((await ticketByToken(deps, token)).state);
  return announce(deps, moved, "TICKET_DENIED", phone);
}

/**
 * The person chose another tenant's enterprise (same WeLink enterprise) on the phone: the ticket
 * follows, if that tenant has scan login on and trusts the browser's network. The OA page the
 * first tenant's login page asked for means nothing there, so the hand-off lands on its home.
 */
export async function retargetTicket(deps: Deps, token: string, who: string, to: { tenantId: string; corpId: string; appId: string; tenantSlug: string }, phone: Requester): Promise<TicketRow> {
  const t = await scannedBy(deps, token, who);
  if (t.tenantId === to.tenantId) return t;
  const settings = await scanSettingsFor(deps, { id: to.tenantId, slug: to.tenantSlug });
  if (!settings.enabled || !settings.apps.some((a) => a.appId === to.appId)) throw scanErrors.off();
  if (!trustedMatcher(settings.trustedNetworks)(t.browserIp ?? undefined)) throw scanErrors.network();
  const moved = await store.moveTicket(deps.db, { id: t.id, from: ["scanned"], now: deps.clock.now(), set: { tenantId: to.tenantId, corpId: to.corpId, appId: to.appId, target: null } });
  if (!moved) throw stateError((await ticketByToken(deps, token)).state);
  // The chosen tenant's log starts with the scan it now owns.
  await logTicket(deps, moved, "TICKET_SCANNED", phone);
  return moved;
}
