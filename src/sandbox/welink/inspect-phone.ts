import { type Context, Hono } from "hono";
import { mintAuthCode } from "./auth.ts";
import { callbackSettings, CONTACT_EVENTS, deliver, deliveries, payloadOf, TENANT_EVENTS, watchOrganisation } from "./callbacks.ts";
import { body, str } from "./envelope.ts";
import { issueTicket, withTicket } from "./hwh5.ts";
import { canReach, messagesOf } from "./messages-store.ts";
import type { Sandbox } from "./sandbox.ts";
import { todosOf } from "./todo-store.ts";

/*
 * Playing the phone and the developer console (JSON under /_sandbox): open an app or a scanned
 * URL as a user, read what a user received, register callback URLs and fire events at them.
 * Errors answer `{error}` with an HTTP 4xx status.
 */
const problem = (c: Context, status: 400 | 403 | 404 | 409 | 422, error: string, extra: Record<string, unknown> = {}) => c.json({ error, ...extra }, status);

function httpUrl(raw: unknown): string | undefined {
  if (typeof raw !== "string") return undefined;
  try {
    return /^https?:$/.test(new URL(raw).protocol) ? raw : undefined;
  } catch {
    return undefined;
  }
}

/** The phone opens a page as `userId`; with `clientId` the page runs as that app. */
async function openPage(sb: Sandbox, c: Context, appRequired: boolean): Promise<Response> {
  const b = await body(c);
  const userId = str(b.userId);
  const clientId = str(b.clientId);
  const url = httpUrl(b.url);
  if (!userId || !sb.org.users.has(userId)) return problem(c, 404, `no user ${userId ?? "(userId missing)"}`);
  if (!url) return problem(c, 400, "url must be an absolute http(s) URL");
  if (appRequired && !clientId) return problem(c, 400, "clientId is required");
  if (clientId !== undefined) {
    const app = sb.apps.get(clientId);
    if (!app) return problem(c, 404, `no app ${clientId}`);
    if (!canReach(sb, app, userId)) return problem(c, 403, `${userId} is not a live user in app ${clientId}'s visible range`);
  }
  const ticket = issueTicket(sb, userId, clientId);
  const code = clientId === undefined ? undefined : mintAuthCode(sb, clientId, userId);
  return c.json({ url: withTicket(url, ticket), ticket, userId, ...(clientId === undefined ? {} : { clientId, code }) });
}

/** `data` items of an event: contact events need ids, tenant events and the URL check take none. */
function eventData(sb: Sandbox, eventType: string, raw: unknown): Record<string, unknown>[] | undefined | string {
  const contact = (CONTACT_EVENTS as readonly string[]).includes(eventType);
  const known = contact || (TENANT_EVENTS as readonly string[]).includes(eventType) || eventType === callbackSettings(sb).urlCheckEventType;
  if (!known) return `eventType must be one of ${[...CONTACT_EVENTS, ...TENANT_EVENTS, callbackSettings(sb).urlCheckEventType].join(", ")}`;
  if (!contact) return Array.isArray(raw) ? (raw as Record<string, unknown>[]) : undefined;
  const idKey = eventType.endsWith("User") ? "userId" : "deptCode";
  if (!Array.isArray(raw) || raw.length === 0) return `${eventType} needs data: [{${idKey}, tenantId}]`;
  const items: Record<string, unknown>[] = [];
  for (const item of raw as unknown[]) {
    const id = str((item as Record<string, unknown> | null)?.[idKey]);
    if (!id) return `every data item of ${eventType} needs ${idKey}`;
    items.push({ [idKey]: id, tenantId: str((item as Record<string, unknown>).tenantId) ?? sb.settings.tenantId });
  }
  return items;
}

function readSettings(sb: Sandbox, b: Record<string, unknown>): string | undefined {
  const s = callbackSettings(sb);
  const delays = b.retryDelaysMs;
  if (b.urlCheckEventType !== undefined && !str(b.urlCheckEventType)) return "urlCheckEventType must be a non-empty string";
  if (b.timeoutMs !== undefined && !(Number.isInteger(b.timeoutMs) && (b.timeoutMs as number) > 0)) return "timeoutMs must be a positive integer";
  if (delays !== undefined && !(Array.isArray(delays) && delays.length <= 10 && delays.every((d) => Number.isInteger(d) && d >= 0))) return "retryDelaysMs must be at most 10 non-negative integers";
  if (b.contactEvents !== undefined && typeof b.contactEvents !== "boolean") return "contactEvents must be true or false";
  Object.assign(s, {
    ...(b.urlCheckEventType !== undefined ? { urlCheckEventType: str(b.urlCheckEventType) } : {}),
    ...(b.timeoutMs !== undefined ? { timeoutMs: b.timeoutMs } : {}),
    ...(delays !== undefined ? { retryDelaysMs: delays } : {}),
    ...(b.contactEvents !== undefined ? { contactEvents: b.contactEvents } : {}),
  });
  return undefined;
}

/** Saving a callback URL sends the URL-check event first, like WeLink's console; `check: false` skips it. */
async function registerCallback(sb: Sandbox, c: Context): Promise<Response> {
  const clientId = c.req.param("clientId") ?? "";
  const app = sb.apps.get(clientId);
  if (!app) return problem(c, 404, `no app ${clientId}`);
  const b = await body(c);
  const url = httpUrl(b.url);
  if (!url) return problem(c, 400, "url must be an absolute http(s) URL");
  if (b.check !== false) {
    const check = await deliver(sb, clientId, url, payloadOf(sb, callbackSettings(sb).urlCheckEventType), false);
    if (check.status !== "ok") return problem(c, 422, `the URL check failed: ${check.reason}`, { delivery: check });
  }
  app.callbackUrl = url;
  return c.json({ clientId, callbackUrl: url });
}

async function fireEvent(sb: Sandbox, c: Context): Promise<Response> {
  const b = await body(c);
  const clientId = str(b.clientId) ?? "";
  const app = sb.apps.get(clientId);
  if (!app) return problem(c, 404, `no app ${clientId}`);
  if (!app.callbackUrl) return problem(c, 409, `app ${clientId} has no callback URL (PUT /_sandbox/apps/${clientId}/callback)`);
  const eventType = str(b.eventType) ?? "";
  const data = eventData(sb, eventType, b.data);
  if (typeof data === "string") return problem(c, 400, data);
  const payload = { ...payloadOf(sb, eventType, data), ...(str(b.tenantId) ? { tenantId: str(b.tenantId) } : {}) };
  return c.json(await deliver(sb, clientId, app.callbackUrl, payload));
}

export function inspectPhoneRoutes(sb: Sandbox) {
  watchOrganisation(sb);
  const routes = new Hono();
  routes.post("/_sandbox/open-app", (c) => openPage(sb, c, true));
  routes.post("/_sandbox/scan", (c) => openPage(sb, c, false));
  routes.get("/_sandbox/inbox/:userId", (c) => {
    const userId = c.req.param("userId");
    return c.json({ userId, todos: todosOf(sb, userId), messages: messagesOf(sb, userId) });
  });

  routes.put("/_sandbox/apps/:clientId/callback", (c) => registerCallback(sb, c));
  routes.delete("/_sandbox/apps/:clientId/callback", (c) => {
    const app = sb.apps.get(c.req.param("clientId"));
    if (!app) return problem(c, 404, `no app ${c.req.param("clientId")}`);
    delete app.callbackUrl;
    return c.json({ clientId: app.clientId });
  });
  routes.get("/_sandbox/callback-settings", (c) => c.json(callbackSettings(sb)));
  routes.put("/_sandbox/callback-settings", async (c) => {
    const error = readSettings(sb, await body(c));
    return error ? problem(c, 400, error) : c.json(callbackSettings(sb));
  });
  routes.post("/_sandbox/events", (c) => fireEvent(sb, c));
  routes.get("/_sandbox/events", (c) => c.json({ events: deliveries(sb, c.req.query("clientId")) }));
  return routes;
}
