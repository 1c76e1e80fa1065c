import { AppError } from "../kernel/errors.ts";
import { fetchChecked, type NetPolicy } from "../kernel/net-policy.ts";
import { badResponse, fromWelinkCode, scrub, unavailable, type WelinkError } from "./errors.ts";
import { isRaw, type Raw, rawList, str, strList } from "./read.ts";

export type Method = "GET" | "POST" | "PUT" | "DELETE";
export type Query = Record<string, string | number | boolean | undefined>;

/** One WeLink API call, as the endpoint modules describe it. */
export type CallSpec = {
  method: Method;
  /** "/api/…": production and the sandbox differ only in the base URL. */
  path: string;
  query?: Query;
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded (OAuth2's token endpoint). */
  form?: Record<string, string | undefined>;
  /** "app": the app's cached token; `userToken`: that token; "none": no header (token endpoints). */
  auth: "app" | "none" | { userToken: string };
  /** WeLink's success code: "0" everywhere except OAuth2's token endpoint ("60001", §2.4). */
  success?: string;
  /**
   * false for sends that a retry after an unclear failure (timeout, 5xx) could duplicate, such as
   * messages: those are retried only on 48503, which WeLink answers without doing anything.
   */
  idempotent?: boolean;
  /** Values of this call (codes, user tokens) to keep out of errors and logs. */
  secrets?: string[];
};

export type Envelope = Raw;
export type TransportOptions = { baseUrl: string; timeoutMs: number; net: NetPolicy };

export const apiOf = (spec: Pick<CallSpec, "method" | "path">) => `${spec.method} ${spec.path}`;

/** One attempt: the request, a timeout, and WeLink's envelope read into an answer or a WelinkError. */
export async function attempt(t: TransportOptions, spec: CallSpec, token: string | undefined, secrets: string[]): Promise<Envelope> {
  const api = apiOf(spec);
  let status: number;
  let text: string;
  try {
    // The timeout covers the body too: a server that stalls mid-answer is a hanging request.
    // Checked where the connection is made; a redirect is not followed (it would carry the token elsewhere).
    const res = await fetchChecked(t.net, "welink", urlOf(t.baseUrl, spec), { ...requestInit(spec, token), signal: AbortSignal.timeout(t.timeoutMs) });
    status = res.status;
    text = await res.text();
  } catch (error) {
    if (error instanceof AppError) throw error;
    // Only the error's name/code: fetch's messages and fields can carry the URL and its query.
    throw unavailable(api, describeFetchError(error, t.timeoutMs));
  }
  return readEnvelope(api, status, text, spec.success ?? "0", secrets);
}

export function urlOf(baseUrl: string, spec: Pick<CallSpec, "path" | "query">): string {
  const url = new URL(baseUrl.replace(/\/+$/, "") + spec.path);
  for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
  return url.toString();
}

function requestInit(spec: CallSpec, token: string | undefined): RequestInit {
  const headers: Record<string, string> = { "Accept-Charset": "UTF-8", Accept: "application/json" };
  if (token !== undefined) headers["x-wlk-Authorization"] = token; // raw, no "Bearer " (§0.1)
  let body: string | undefined;
  if (spec.form) {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(spec.form)) if (v !== undefined) form.set(k, v);
    body = form.toString();
  } else if (spec.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(spec.json);
  }
  return { method: spec.method, headers, body };
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `no answer within ${timeoutMs} ms`;
  const code = typeof e?.code === "string" ? e.code : typeof e?.name === "string" ? e.name : "unknown";
  return `network error (${code})`;
}

/**
 * WeLink's envelope (§0.2): a `code` compared as a string ("0" or 60001 for OAuth), a `message`,
 * and the endpoint's fields. Business errors come with HTTP 200 (or 400 from OAuth); some gateways
 * say `errorcode`/`errorMessage` instead. Anything without a code is judged by the HTTP status.
 */
export function readEnvelope(api: string, httpStatus: number, text: string, success: string, secrets: string[]): Envelope {
  const body = parseJson(text);
  const code = isRaw(body) ? (body.code ?? body.errorcode ?? body.errorCode) : undefined;
  if (isRaw(body) && code !== undefined && code !== null) {
    const welinkCode = String(code);
    if (welinkCode === success) return body;
    const message = str(body.message) ?? str(body.errormessage) ?? str(body.errorMessage) ?? "";
    const error: WelinkError = fromWelinkCode({
      api,
      welinkCode,
      welinkMessage: scrub(message, secrets),
      failedUserIds: failedUsers(body.failedUserId),
      itemId: str(body.itemId),
    });
    if (httpStatus >= 500 && error.code === "WELINK_ERROR") throw unavailable(api, `HTTP ${httpStatus}, code ${welinkCode}`);
    throw error;
  }
  if (httpStatus === 429) throw fromWelinkCode({ api, welinkCode: "48503", welinkMessage: "HTTP 429 Too Many Requests" });
  if (httpStatus >= 500) throw unavailable(api, `HTTP ${httpStatus}`);
  // A 2xx page that is not WeLink JSON is usually a gateway's error page: worth another try.
  if (httpStatus < 300 && !isRaw(body)) throw unavailable(api, `HTTP ${httpStatus} with a body that is not JSON`);
  throw badResponse(api, `HTTP ${httpStatus} without a WeLink code`);
}

/** `failedUserId` is a list of ids, or of objects carrying `userId` in some answers. */
function failedUsers(v: unknown): string[] {
  const ids = strList(v);
  return ids.length > 0 ? ids : rawList(v).map((r) => str(r.userId)).filter((s): s is string => s !== undefined);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
