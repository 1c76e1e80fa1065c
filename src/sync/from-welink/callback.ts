import type { Deps } from "../../deps.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { findApp, resolveAppByKey, type ResolvedApp, welinkClientFor } from "../../corps/index.ts";
import { CallbackCryptoError, decryptCallback, encryptCallback, timestampIsFresh } from "../../welink/index.ts";
import { applyContactEvent, type ContactEvent } from "./callback-apply.ts";

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

function open(secret: string, body: unknown, now: number): Plain {
  const wire = (body as { encrypt?: unknown } | null)?.encrypt;
  if (typeof wire !== "string") throw callbackErrors.malformed('the body is not {"encrypt": "…"}');
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

export type CallbackOutcome = { reply: { encrypt: string }; eventType: string; runId?: string };

/**
 * Checks, applies and answers one callback. Anything that fails before the reply (bad tag, stale
 * time) applies nothing; the URL check and events the bridge does not act on just get "success".
 */
export async function receiveCallback(deps: Deps, appKey: string, body: unknown): Promise<CallbackOutcome> {
  const resolved = await resolveAppByKey(deps, appKey);
  if (!resolved) throw errors.notFound("callbackReceiver", appKey);
  const plain = open(resolved.app.clientSecret, body, deps.clock.now());
  const eventType = String(plain.eventType ?? "");
  const event = contactEvent(plain, resolved.corp.welinkTenantId);
  let runId: string | undefined;
  if (event && event.ids.length > 0 && usable(resolved)) {
    runId = await applyContactEvent(deps, welinkClientFor(deps, resolved), { id: resolved.corp.id, tenantId: resolved.tenant.id }, event);
  }
  deps.log.info("welink callback", { corpId: resolved.corp.id, eventType, runId: runId ?? null });
  // The reply echoes the request's timestamp, as WeLink advises (§7.4).
  const reply = { encrypt: encryptCallback(resolved.app.clientSecret, JSON.stringify({ msg: "success", timestamp: plain.timestamp })) };
  return { reply, eventType, ...(runId ? { runId } : {}) };
}

/** A disabled corp or app hears events but the bridge does not act on them. */
const usable = (r: ResolvedApp) => r.corp.enabled && r.app.enabled;
