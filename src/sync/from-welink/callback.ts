import type { Deps } from "../../deps.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { findApp, resolveAppByKey, type ResolvedApp, welinkClientFor } from "../../corps/index.ts";
import { CallbackCryptoError, callbackDigest, decryptCallback, encryptCallback, timestampIsFresh } from "../../welink/index.ts";
import { applyContactEvent, type ContactEvent } from "./callback-apply.ts";
import { firstSighting, forgetSighting } from "./replay.ts";

/*
 * WeLink → bridge event callbacks (reference §7). The path names an app by its public key
 * (`apps.app_key`, already public in homepage URLs; not the corp id, which is internal): WeLink
 * encrypts with the secret of the app whose callback URL it is, so the key picks the secret, and
 * the changed objects are fetched with that same app (its visible range is what the events cover).
 * Register the corp's sync app's URL. There is no bearer token: a valid GCM tag is the proof.
 */

const CONTACT_EVENTS = new Set(["corpEditUser", "corpDelUser", "corpEditDept", "corpDelDept"]);

/** Where WeLink should send an app's events (shown in the admin, pasted into WeLink's console). */
export const callbackUrlOfApp = (deps: Deps, appKey: string): string => `${deps.config.publicUrl}/callbacks/welink/${appKey}`;

/** The callback URL of a corp: its sync app's; undefined while the corp has no sync app. */
export async function callbackUrl(deps: Deps, corp: { tenantId: string; syncAppId: string | null }): Promise<string | undefined> {
  if (!corp.syncAppId) return undefined;
  const app = await findApp(deps.db, corp.tenantId, corp.syncAppId);
  return app ? callbackUrlOfApp(deps, app.appKey) : undefined;
}

export const callbackErrors = {
  malformed: (why: string) => new AppError("CALLBACK_INVALID", { why }),
  unauthenticated: () => new AppError("CALLBACK_UNAUTHENTICATED"),
  stale: () => new AppError("CALLBACK_STALE"),
};

type Plain = { eventType?: unknown; timestamp?: unknown; tenantId?: unknown; data?: unknown };

const wireOf = (body: unknown): string => {
  const wire = (body as { encrypt?: unknown } | null)?.encrypt;
  if (typeof wire !== "string") throw callbackErrors.malformed('the body is not {"encrypt": "…"}');
  return wire;
};

function open(secret: string, wire: string, now: number): Plain {
  let plain: Plain;
  try {
    plain = JSON.parse(decryptCallback(secret, wire)) as Plain;
  } catch (e) {
    if (e instanceof CallbackCryptoError) throw callbackErrors.unauthenticated();
    throw callbackErrors.malformed("the decrypted text is not JSON");
  }
  if (!plain || typeof plain !== "object") throw callbackErrors.malformed("the decrypted text is not an object");
  if (!timestampIsFresh(plain.timestamp, now)) throw callbackErrors.stale();
  return plain;
}

/** The ids an event names, for this corp only (items of another WeLink tenant are ignored). */
function contactEvent(plain: Plain, welinkTenantId: string): ContactEvent | undefined {
  if (typeof plain.eventType !== "string" || !CONTACT_EVENTS.has(plain.eventType)) return undefined;
  const key = plain.eventType.endsWith("User") ? "userId" : "deptCode";
  const items = Array.isArray(plain.data) ? (plain.data as Record<string, unknown>[]) : [];
  const ids = items.flatMap((i) => (typeof i?.[key] === "string" && (i.tenantId === undefined || i.tenantId === welinkTenantId) ? [i[key] as string] : []));
  return { eventType: plain.eventType as ContactEvent["eventType"], ids: [...new Set(ids)] };
}

export type CallbackOutcome = { reply: { encrypt: string }; eventType: string; replayed: boolean; runId?: string };

/**
 * Checks, applies and answers one callback. Anything that fails before the reply (bad tag, stale
 * time) applies nothing; the URL check and events the bridge does not act on just get "success".
 * A body seen before within its ±30 minutes is a replay (WeLink seals each event with a fresh
 * IV, so only a copy repeats): it gets the same "success", so a retry of WeLink's stops, and
 * applies nothing.
 */
export async function receiveCallback(deps: Deps, appKey: string, body: unknown): Promise<CallbackOutcome> {
  const resolved = await resolveAppByKey(deps, appKey);
  if (!resolved) throw errors.notFound("callbackReceiver", appKey);
  const wire = wireOf(body);
  const now = deps.clock.now();
  const plain = open(resolved.app.clientSecret, wire, now);
  const eventType = String(plain.eventType ?? "");
  // The reply echoes the request's timestamp, as WeLink advises (§7.4).
  const reply = { encrypt: encryptCallback(resolved.app.clientSecret, JSON.stringify({ msg: "success", timestamp: plain.timestamp })) };
  const digest = callbackDigest(wire);
  if (!(await firstSighting(deps.db, resolved.tenant.id, digest, Number(plain.timestamp) * 1000, now))) {
    deps.log.warn("welink callback replayed, not applied", { corpId: resolved.corp.id, eventType });
    return { reply, eventType, replayed: true };
  }
  const event = contactEvent(plain, resolved.corp.welinkTenantId);
  let runId: string | undefined;
  if (event && event.ids.length > 0 && usable(resolved)) {
    try {
      runId = await applyContactEvent(deps, welinkClientFor(deps, resolved), { id: resolved.corp.id, tenantId: resolved.tenant.id }, event);
    } catch (e) {
      // Not applied: WeLink's retry of this same body must not be taken for a replay.
      await forgetSighting(deps.db, resolved.tenant.id, digest).catch(() => undefined);
      throw e;
    }
  }
  deps.log.info("welink callback", { corpId: resolved.corp.id, eventType, runId: runId ?? null });
  return { reply, eventType, replayed: false, ...(runId ? { runId } : {}) };
}

/** A disabled corp or app hears events but the bridge does not act on them. */
const usable = (r: ResolvedApp) => r.corp.enabled && r.app.enabled;
