import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Deps } from "../../deps.ts";
import { loadMasterKeys } from "../../kernel/crypto/master-key.ts";

/*
 * CAS keys, derived from the master key (never stored): one makes service tickets, one seals the
 * "sent to sign in at t" marker of a /login that asked for a new proof.
 *
 * Why a service ticket is a MAC and not a stored random value: single logout must send each
 * service the very `ST-…` it validated (the SAML SessionIndex), yet only the ticket's hash is
 * stored. So a ticket is HMAC-SHA256(k, tenant|session|service|issued-at), 160 bits in hex (the
 * spec allows only A-Z a-z 0-9 and "-"): unguessable without the master key, which the database
 * never holds, and reproducible by the bridge alone when the session ends.
 */

type Purpose = "cas-service-ticket" | "cas-renew-marker";
const cache = new WeakMap<Deps, Map<Purpose, Buffer[]>>();

/** The current key first, then those of previous master keys (kept during a rotation). */
function keysFor(deps: Deps, purpose: Purpose): Buffer[] {
  let byPurpose = cache.get(deps);
  if (!byPurpose) cache.set(deps, (byPurpose = new Map()));
  let keys = byPurpose.get(purpose);
  if (!keys) {
    const master = loadMasterKeys(deps.config.masterKey, deps.log);
    keys = [master.current, ...master.previous].map((k) => Buffer.from(hkdfSync("sha256", k, "welink-bridge", purpose, 32)));
    byPurpose.set(purpose, keys);
  }
  return keys;
}

const mac = (key: Buffer, parts: readonly (string | number)[]) => createHmac("sha256", key).update(parts.join("\u0000")).digest();

export type TicketInput = { tenantId: string; sessionId: string; service: string; createdAt: number };
const ticketParts = (t: TicketInput) => ["ST", t.tenantId, t.sessionId, t.service, t.createdAt];

/** The ticket of these facts under the current key. */
export function mintTicket(deps: Deps, t: TicketInput): string {
  return `ST-${mac(keysFor(deps, "cas-service-ticket")[0]!, ticketParts(t)).subarray(0, 20).toString("hex")}`;
}

/** Every ticket these facts could have had (current and previous master keys), for single logout. */
export function ticketCandidates(deps: Deps, t: TicketInput): string[] {
  return keysFor(deps, "cas-service-ticket").map((k) => `ST-${mac(k, ticketParts(t)).subarray(0, 20).toString("hex")}`);
}

/** A marker saying "this browser was sent to prove itself at `at`" for one tenant and service. */
export function renewMarker(deps: Deps, tenantId: string, service: string, at: number): string {
  return `${at}.${mac(keysFor(deps, "cas-renew-marker")[0]!, [tenantId, service, at]).toString("base64url")}`;
}

/** The time a marker names, when it is ours for this tenant and service; undefined otherwise. */
export function openRenewMarker(deps: Deps, tenantId: string, service: string, marker: string | undefined): number | undefined {
  const m = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(marker ?? "");
  if (!m) return undefined;
  const at = Number(m[1]);
  const given = Buffer.from(m[2]!, "base64url");
  const ok = keysFor(deps, "cas-renew-marker").some((k) => timingSafeEqual(mac(k, [tenantId, service, at]), given));
  return ok ? at : undefined;
}
