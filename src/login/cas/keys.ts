import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import type { Deps } from "../../deps.ts";
import { loadMasterKeys } from "../../kernel/crypto/master-key.ts";

/*
 * The CAS key, derived from the master key (never stored): it MACs the "sent to sign in at t"
 * marker of a /login that asked for a new proof. (Service tickets are random: tickets.ts.)
 */

type Purpose = "cas-renew-marker";
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
