import { createHash, timingSafeEqual } from "node:crypto";
import type { Deps } from "../../deps.ts";
import { randomToken } from "../../kernel/ids.ts";
import { findTenantBySlug } from "../../accounts/index.ts";
import { type LoginReason, recordLogin } from "../log/login-log.ts";
import { ticketBus } from "./bus.ts";
import { scanErrors, stateError } from "./errors.ts";
import { scanSettingsFor, trustedMatcher } from "./settings.ts";
import type { TicketRow, TicketState } from "./ticket-store.ts";
import * as store from "./ticket-store.ts";

/*
 * The scan-to-login ticket, browser side: mint, watch, hand off, cancel. The QR carries `token`;
 * the browser that asked holds `secret`; both are stored only as hashes. Every move is one
 * conditional UPDATE (store.moveTicket), logged, then published to the browser's stream.
 */

/** 120 s to be scanned, then 60 s to be approved, then 60 s for the browser to take the hand-off. */
export const TTL_MS = { pending: 120_000, scanned: 60_000, confirmed: 60_000 } as const;
const MINTS_PER_MINUTE = 10;

export const hashOf = (value: string) => createHash("sha256").update(value).digest("hex");
export const phoneUrl = (deps: Deps, token: string) => `${deps.config.publicUrl}/scan/t/${token}`;

export type Requester = { ip?: string; userAgent?: string };
export type Minted = { id: string; token: string; secret: string; qrUrl: string; expiresAt: number; tenant: { slug: string; name: string } };

/** Writes the ticket's line in the login log: the phone's address and device, and the browser's. */
export async function logTicket(deps: Deps, t: TicketRow, reason: LoginReason, phone: Requester = {}): Promise<void> {
  await recordLogin(deps, {
    tenantId: t.tenantId, channel: "scan", reason, corpId: t.corpId, appId: t.appId, ticketId: t.id,
    welinkUserId: t.welinkUserId ?? undefined, userName: t.userName ?? undefined, oaUserId: t.oaUserId ?? undefined, oaAccount: t.oaAccount ?? undefined,
    ip: phone.ip ?? t.phoneIp ?? undefined, userAgent: phone.userAgent ?? t.phoneUserAgent ?? undefined,
    browserIp: t.browserIp ?? undefined, browserUserAgent: t.browserUserAgent ?? undefined,
  });
}

/** Logs and publishes a move that happened. */
export async function announce(deps: Deps, t: TicketRow, reason: LoginReason, phone?: Requester): Promise<TicketRow> {
  await logTicket(deps, t, reason, phone);
  ticketBus(deps).publish(t.id, { state: t.state, expiresAt: t.expiresAt });
  return t;
}

/** The ticket as it is now: a live ticket whose time ran out becomes expired (logged once). */
export async function settle(deps: Deps, t: TicketRow): Promise<TicketRow> {
  const now = deps.clock.now();
  if (!store.isLive(t.state) || t.expiresAt > now) return t;
  const moved = await store.moveTicket(deps.db, { id: t.id, from: [t.state], now, set: { state: "expired", endedAt: now }, ignoreExpiry: true });
  if (moved) return announce(deps, moved, "TICKET_EXPIRED");
  return (await store.findTicket(deps.db, t.id)) ?? t;
}

const mintsByIp = new WeakMap<Deps, Map<string, number[]>>();
/** At most 10 tickets per minute per address; answers the seconds to wait when over. */
/**
 * Counts one mint from `ip` and refuses past 10 a minute. The route calls it before it reads the
 * body, so a flood costs the bridge no parsing, no lookups and no login-log rows.
 */
export function spendMintBudget(deps: Deps, ip: string): void {
  const wait = mintBudget(deps, ip);
  if (wait !== undefined) throw scanErrors.tooMany(wait);
}

function mintBudget(deps: Deps, ip: string): number | undefined {
  let byIp = mintsByIp.get(deps);
  if (!byIp) mintsByIp.set(deps, (byIp = new Map()));
  const now = deps.clock.now();
  if (byIp.size > 10_000) for (const [k, v] of byIp) if ((v.at(-1) ?? 0) <= now - 60_000) byIp.delete(k);
  const recent = (byIp.get(ip) ?? []).filter((at) => at > now - 60_000);
  if (recent.length >= MINTS_PER_MINUTE) return Math.max(1, Math.ceil(((recent[0] ?? now) + 60_000 - now) / 1000));
  recent.push(now);
  byIp.set(ip, recent);
  return undefined;
}

/**
 * A new ticket for the browser asking on the OA login page of tenant `slug`. Refused when scan
 * login is off, the page's origin is not allowed, the address is outside the trusted networks,
 * (the route refused an address past 10 a minute before: spendMintBudget).
 */
export async function mintTicket(deps: Deps, req: Requester & { tenant: string; origin?: string; target?: string }): Promise<Minted> {
  const tenant = await findTenantBySlug(deps.db, req.tenant);
  if (!tenant) throw scanErrors.off();
  const settings = await scanSettingsFor(deps, tenant);
  const refuse = async (e: ReturnType<typeof scanErrors.off>) => {
    await recordLogin(deps, { tenantId: tenant.id, channel: "scan", reason: e.reason as LoginReason, corpId: settings.corpId ?? undefined, appId: settings.appId ?? undefined, browserIp: req.ip, browserUserAgent: req.userAgent });
    return e;
  };
  if (!settings.enabled || !settings.appId || !settings.corpId) throw await refuse(scanErrors.off());
  const bridgeOrigin = new URL(deps.config.publicUrl).origin;
  if (!req.origin || (req.origin !== bridgeOrigin && !settings.allowedOrigins.includes(req.origin))) throw await refuse(scanErrors.origin());
  if (!trustedMatcher(settings.trustedNetworks)(req.ip)) throw await refuse(scanErrors.network());

  const now = deps.clock.now();
  const token = randomToken(24);
  const secret = randomToken(32);
  const row: TicketRow = {
    id: randomToken(16), tenantId: tenant.id, appId: settings.appId, corpId: settings.corpId, tokenHash: hashOf(token), secretHash: hashOf(secret),
    state: "pending", createdAt: now, expiresAt: now + TTL_MS.pending, browserIp: req.ip ?? null, browserUserAgent: req.userAgent?.slice(0, 500) ?? null,
    origin: req.origin, target: req.target?.slice(0, 2000) ?? null, browserTrusted: true, scannedAt: null, welinkUserId: null, userName: null,
    phoneIp: null, phoneUserAgent: null, oaUserId: null, oaAccount: null, confirmedAt: null, endedAt: null,
  };
  await store.insertTicket(deps.db, row);
  await logTicket(deps, row, "TICKET_ISSUED");
  return { id: row.id, token, secret, qrUrl: phoneUrl(deps, token), expiresAt: row.expiresAt, tenant: { slug: tenant.slug, name: tenant.name } };
}

/** The ticket if `secret` is the one its browser was given; anyone else learns nothing. */
export async function ticketForBrowser(deps: Deps, id: string, secret: string | undefined): Promise<TicketRow> {
  const t = id.length <= 64 ? await store.findTicket(deps.db, id) : undefined;
  if (!t || !secret || !timingSafeEqual(Buffer.from(hashOf(secret)), Buffer.from(t.secretHash))) throw scanErrors.unknown();
  return settle(deps, t);
}

export const stateOf = (t: TicketRow) => ({ state: t.state, expiresAt: t.expiresAt });

/** The browser takes its hand-off, exactly once: confirmed → consumed, then a signed handoff URL. */
export async function consumeTicket(deps: Deps, id: string, secret: string | undefined, issue: (t: TicketRow) => Promise<string>): Promise<{ url: string }> {
  const t = await ticketForBrowser(deps, id, secret);
  if (t.state !== "confirmed") throw stateError(t.state);
  const now = deps.clock.now();
  const moved = await store.moveTicket(deps.db, { id, from: ["confirmed"], now, set: { state: "consumed", endedAt: now } });
  if (!moved) throw stateError((await settle(deps, (await store.findTicket(deps.db, id)) as TicketRow)).state);
  const url = await issue(moved);
  await announce(deps, moved, "TICKET_CONSUMED");
  return { url };
}

/** The browser gives up on its ticket (refresh, leaving the page). */
export async function cancelTicket(deps: Deps, id: string, secret: string | undefined): Promise<{ state: TicketState }> {
  const t = await ticketForBrowser(deps, id, secret);
  const now = deps.clock.now();
  const moved = await store.moveTicket(deps.db, { id, from: ["pending", "scanned"], now, set: { state: "cancelled", endedAt: now } });
  if (!moved) return { state: t.state };
  await announce(deps, moved, "TICKET_CANCELLED");
  return { state: moved.state };
}

/** Expires every live ticket whose time ran out (a minute's sweep: nobody may be watching them). */
export async function sweepTickets(deps: Deps): Promise<number> {
  let n = 0;
  for (const t of await store.overdueTickets(deps.db, deps.clock.now(), 1000)) if ((await settle(deps, t)).state === "expired") n++;
  return n;
}

/** Every 10 s: expire what ran out unwatched (so the login log has it); daily: drop tickets older than a day. */
export function registerScanJobs(deps: Deps): void {
  deps.scheduler.set("scan-tickets:sweep", "*/10 * * * * *", () => sweepTickets(deps));
  deps.scheduler.set("scan-tickets:prune", "45 3 * * *", () => store.pruneTickets(deps.db, deps.clock.now() - 86_400_000));
}
