import { decryptCallback, encryptCallback, timestampIsFresh } from "../../welink/index.ts";
import { onOrgChange, type OrgChange } from "./contacts-events.ts";
import { isDeptVisibleTo, isVisibleTo, type Sandbox, slot } from "./sandbox.ts";

/*
 * WeLink → app event callbacks (reference §7): `POST <callback URL>` with `{"encrypt": …}` (AES-GCM
 * with the app secret); the app must answer HTTP 200 with `{"encrypt": enc({"msg":"success",
 * "timestamp":…})}` whose timestamp is within 30 minutes. Anything else is a failed delivery:
 * plaintext replies included (§7.4 — whether WeLink accepts them is unknown, the sandbox insists).
 * Every delivery is logged for the inspection API. Retries with backoff are [inferred] (WeLink
 * documents no policy) and off by default (`retryDelaysMs: []`).
 */
export const CONTACT_EVENTS = ["corpEditUser", "corpDelUser", "corpEditDept", "corpDelDept"] as const;
export const TENANT_EVENTS = ["corpAuth", "corpCancelAuth"] as const;

export type CallbackSettings = {
  /** The URL-check event sent when a callback URL is saved; its real name is unverified, `test` [inferred]. */
  urlCheckEventType: string;
  timeoutMs: number;
  /** Waits before each retry of a failed delivery; [] = no retries. */
  retryDelaysMs: number[];
  /** Push corpEdit…/corpDel… to apps with a callback URL whenever the organisation changes. */
  contactEvents: boolean;
};

export type Delivery = {
  id: number;
  clientId: string;
  eventType: string;
  url: string;
  /** The plaintext as sent (before encryption). */
  payload: Record<string, unknown>;
  status: "pending" | "ok" | "retrying" | "failed";
  attempts: number;
  createdAt: number;
  lastAttemptAt?: number;
  httpStatus?: number;
  reason?: string;
  /** The decrypted reply of the last attempt, when there was one. */
  reply?: unknown;
};

type CallbackState = { settings: CallbackSettings; log: Delivery[]; seq: number; pending: OrgChange[]; flushing: boolean; watching: boolean };
const LOG_MAX = 10_000;

const state = (sb: Sandbox) =>
  slot<CallbackState>(sb, "callbacks", () => ({
    settings: { urlCheckEventType: "test", timeoutMs: 5000, retryDelaysMs: [], contactEvents: true },
    log: [],
    seq: 0,
    pending: [],
    flushing: false,
    watching: false,
  }));

export const callbackSettings = (sb: Sandbox) => state(sb).settings;
export const deliveries = (sb: Sandbox, clientId?: string) => state(sb).log.filter((d) => clientId === undefined || d.clientId === clientId);

type Check = { ok: true; reply: unknown } | { ok: false; reason: string; reply?: unknown };

/** Judges the app's reply as WeLink does (§7.4). */
export function checkReply(secret: string, text: string, nowMs: number): Check {
  let outer: unknown;
  try {
    outer = JSON.parse(text);
  } catch {
    return { ok: false, reason: "the reply is not JSON" };
  }
  const wire = (outer as { encrypt?: unknown } | null)?.encrypt;
  if (typeof wire !== "string") return { ok: false, reason: 'the reply is not {"encrypt": …} (plaintext replies are refused)', reply: outer };
  let reply: { msg?: unknown; timestamp?: unknown };
  try {
    reply = JSON.parse(decryptCallback(secret, wire)) as typeof reply;
  } catch (e) {
    return { ok: false, reason: `the reply does not decrypt to JSON: ${(e as Error).message}` };
  }
  if (reply?.msg !== "success") return { ok: false, reason: `the reply's msg is ${JSON.stringify(reply?.msg)}, not "success"`, reply };
  if (!timestampIsFresh(reply.timestamp, nowMs)) return { ok: false, reason: "the reply's timestamp is missing or more than 30 minutes off", reply };
  return { ok: true, reply };
}

async function attempt(sb: Sandbox, secret: string, d: Delivery): Promise<void> {
  d.attempts++;
  d.lastAttemptAt = sb.now();
  const encrypted = JSON.stringify({ encrypt: encryptCallback(secret, JSON.stringify(d.payload)) });
  let check: Check;
  try {
    const res = await fetch(d.url, { method: "POST", headers: { "content-type": "application/json" }, body: encrypted, redirect: "manual", signal: AbortSignal.timeout(state(sb).settings.timeoutMs) });
    d.httpStatus = res.status;
    const text = await res.text();
    check = res.status === 200 ? checkReply(secret, text, sb.now()) : { ok: false, reason: `HTTP ${res.status}` };
  } catch (e) {
    d.httpStatus = undefined;
    check = { ok: false, reason: `no answer: ${(e as Error).message}` };
  }
  d.reply = check.reply;
  d.reason = check.ok ? undefined : check.reason;
  d.status = check.ok ? "ok" : "failed";
}

/** One delivery with the configured retries; resolves after the first attempt (later ones run in the background). */
async function run(sb: Sandbox, secret: string, d: Delivery, retry: boolean): Promise<Delivery> {
  await attempt(sb, secret, d);
  const delays = retry ? state(sb).settings.retryDelaysMs : [];
  const again = (i: number): void => {
    const delay = delays[i];
    if (d.status === "ok" || delay === undefined) return;
    d.status = "retrying";
    setTimeout(() => void attempt(sb, secret, d).then(() => again(i + 1)), delay);
  };
  again(0);
  return d;
}

/** The plaintext WeLink sends: eventType, timestamp (Unix seconds as a string, as the docs show), tenantId, data. */
export function payloadOf(sb: Sandbox, eventType: string, data?: Record<string, unknown>[]): Record<string, unknown> {
  const timestamp = String(Math.floor(sb.now() / 1000));
  return { eventType, timestamp, tenantId: sb.settings.tenantId, ...(data ? { data } : {}) };
}

/** Sends `payload` to `url` for app `clientId` and logs it; `retry` applies the configured backoff. */
export function deliver(sb: Sandbox, clientId: string, url: string, payload: Record<string, unknown>, retry = true): Promise<Delivery> {
  const s = state(sb);
  const app = sb.apps.get(clientId);
  const d: Delivery = { id: ++s.seq, clientId, eventType: String(payload.eventType), url, payload, status: "pending", attempts: 0, createdAt: sb.now() };
  s.log.push(d);
  if (s.log.length > LOG_MAX) s.log.splice(0, s.log.length - LOG_MAX);
  if (!app) return Promise.resolve(Object.assign(d, { status: "failed", reason: `no app ${clientId}` }));
  return run(sb, app.clientSecret, d, retry);
}

/** Whether the app may hear about this change: deletions always, edits only inside its visible range. */
function concerns(sb: Sandbox, clientId: string, change: OrgChange): boolean {
  const app = sb.apps.get(clientId);
  if (!app) return false;
  if ("userId" in change) return change.eventType === "corpDelUser" || !sb.org.users.has(change.userId) || isVisibleTo(sb, app, change.userId);
  return change.eventType === "corpDelDept" || !sb.org.depts.has(change.deptCode) || isDeptVisibleTo(sb, app, change.deptCode);
}

/** Sends the changes gathered during one tick, one event per type with every id in `data` (as WeLink batches them). */
function flush(sb: Sandbox): void {
  const s = state(sb);
  s.flushing = false;
  const changes = s.pending.splice(0);
  for (const app of sb.apps.values()) {
    if (!app.callbackUrl) continue;
    const byType = new Map<string, Map<string, Record<string, unknown>>>();
    for (const change of changes.filter((ch) => concerns(sb, app.clientId, ch))) {
      const id = "userId" in change ? change.userId : change.deptCode;
      const item = "userId" in change ? { userId: id, tenantId: sb.settings.tenantId } : { deptCode: id, tenantId: sb.settings.tenantId };
      const group = byType.get(change.eventType) ?? new Map<string, Record<string, unknown>>();
      byType.set(change.eventType, group.set(id, item));
    }
    for (const [eventType, items] of byType) void deliver(sb, app.clientId, app.callbackUrl, payloadOf(sb, eventType, [...items.values()]));
  }
}

/** Starts pushing organisation changes to registered callback URLs (once per sandbox). */
export function watchOrganisation(sb: Sandbox): void {
  const s = state(sb);
  if (s.watching) return;
  s.watching = true;
  onOrgChange(sb, (change) => {
    if (!s.settings.contactEvents || ![...sb.apps.values()].some((a) => a.callbackUrl)) return;
    s.pending.push(change);
    if (!s.flushing) {
      s.flushing = true;
      setTimeout(() => flush(sb), 0);
    }
  });
}
