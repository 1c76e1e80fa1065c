import { AppError } from "../../kernel/errors.ts";
import { fetchChecked, type NetPolicy } from "../../kernel/net-policy.ts";
import { oaErrors } from "../connection/errors.ts";
import type { HttpOaSecrets, HttpOaSettings } from "./settings.ts";

/** One request to the OA, answered with its status and parsed JSON, or an OA_* error. */
export type OaHttp = {
  /** GETs a JSON answer (any 2xx). */
  getJson(path: string, query: Record<string, string>): Promise<unknown>;
  /**
   * POSTs JSON; a status listed in `quiet` comes back with no body instead of becoming an error.
   * `hide`: values of this call (a person's password) to keep out of errors, like the connection's secrets.
   */
  postJson(path: string, json: unknown, quiet: readonly number[], hide: readonly string[]): Promise<{ status: number; body: unknown }>;
  /** Sends a write (POST / PATCH) with extra headers (the idempotency key); any 2xx answer's JSON (or null when empty). */
  writeJson(method: "POST" | "PATCH", path: string, json: unknown, headers: Record<string, string>): Promise<unknown>;
  /** Masks the connection's secrets in text that came from the OA (an OA may echo what it was sent). */
  scrub(text: string): string;
};

type Fetch = (input: string, init: RequestInit) => Promise<Response>;
type Call = { method: "GET" | "POST" | "PATCH"; path: string; query: Record<string, string>; json?: unknown; quiet: readonly number[]; hide: readonly string[]; extra?: Record<string, string> };

export function createOaHttp(settings: HttpOaSettings, secrets: HttpOaSecrets, net: NetPolicy, fetchImpl: Fetch = fetch): OaHttp {
  const base = new URL(settings.baseUrl);
  const timeoutMs = settings.timeoutMs;
  const secretValues = [secrets.token, secrets.password, secrets.headerValue, basicCredentials(settings.auth, secrets)];
  const scrub = (text: string, hide: readonly string[] = []) =>
    [...secretValues, ...hide].reduce<string>((out, s) => (s ? out.split(s).join("***") : out), text);

  async function send({ method, path, query, json, quiet, hide, extra }: Call) {
    const url = urlOf(base, path, query);
    const shown = `${url.origin}${url.pathname}`; // never the query or base-URL credentials
    const headers: Record<string, string> = { Accept: "application/json", ...extra, ...authHeaders(settings.auth, secrets) };
    if (json !== undefined) headers["Content-Type"] = "application/json";
    let status: number;
    let contentType: string;
    let text: string;
    try {
      // Redirects are not followed: a custom auth header would go along to whatever host the OA names.
      // The timeout also covers the body, so an OA that stalls mid-answer is a timeout too.
      // The host is checked against the global allow-list where the connection is made.
      const res = await fetchChecked(net, "oa", url.toString(), {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      }, fetchImpl as typeof fetch);
      status = res.status;
      contentType = res.headers.get("content-type") ?? "";
      if (quiet.includes(status)) await res.body?.cancel();
      text = quiet.includes(status) ? "" : await res.text();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw networkError(error, shown, timeoutMs);
    }
    if (quiet.includes(status)) return { status, body: undefined };
    if (status === 401 || status === 403) throw oaErrors.authFailed(status);
    if (status < 200 || status > 299) throw oaErrors.httpError(status, path);
    if (method !== "GET" && method !== "POST" && text.trim() === "") return { status, body: null };
    try {
      return { status, body: JSON.parse(text) as unknown };
    } catch {
      throw oaErrors.badResponse(path, `the body is not JSON (HTTP ${status}, ${scrub(mediaType(contentType), hide)})`);
    }
  }

  return {
    getJson: async (path, query) => (await send({ method: "GET", path, query, quiet: [], hide: [] })).body,
    postJson: (path, json, quiet, hide) => send({ method: "POST", path, query: {}, json, quiet, hide }),
    writeJson: async (method, path, json, extra) => (await send({ method, path, query: {}, json, quiet: [], hide: [], extra })).body,
    scrub,
  };
}

/**
 * Base URL + path + query. The base may carry a path prefix ("https://oa/api/") and its own
 * query; the path is appended to the prefix as text, so "//host" in a path cannot change the host.
 */
export function urlOf(base: URL, path: string, query: Record<string, string>): URL {
  const url = new URL(`${base.origin}${base.pathname.replace(/\/+$/, "")}${path}`);
  for (const [k, v] of base.searchParams) if (!url.searchParams.has(k)) url.searchParams.append(k, v);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  return url;
}

export function authHeaders(auth: HttpOaSettings["auth"], secrets: HttpOaSecrets): Record<string, string> {
  switch (auth.type) {
    case "none":
      return {};
    case "bearer":
      if (!secrets.token) throw oaErrors.secretMissing();
      return { Authorization: `Bearer ${secrets.token}` };
    case "basic":
      if (!secrets.password) throw oaErrors.secretMissing({ variant: "basic", username: auth.username });
      return { Authorization: `Basic ${basicCredentials(auth, secrets)}` };
    case "header":
      if (!secrets.headerValue) throw oaErrors.secretMissing({ variant: "header", header: auth.name });
      return { [auth.name]: secrets.headerValue };
  }
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name could not be resolved just now",
  ECONNRESET: "the connection was reset",
  EPIPE: "the connection was closed",
  ETIMEDOUT: "the connection timed out",
  EHOSTUNREACH: "no route to the host",
  ENETUNREACH: "the network is unreachable",
  ConnectionClosed: "the connection was closed",
};

/** Only the error's name or code goes into the message: fetch's own messages can carry the URL. */
function networkError(error: unknown, shown: string, timeoutMs: number): AppError {
  const e = error as { name?: unknown; code?: unknown } | undefined;
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return oaErrors.timeout(shown, timeoutMs / 1000);
  const code = typeof e?.code === "string" ? e.code : typeof e?.name === "string" ? e.name : "unknown";
  const reason = REASONS[code] ?? (/CERT|SSL|TLS/i.test(code) ? `a TLS certificate problem (${code})` : `a network error (${code})`);
  return oaErrors.unreachable(shown, reason);
}

/** "text/html" out of "text/html; charset=utf-8"; anything stranger is not repeated. */
function mediaType(contentType: string): string {
  const type = contentType.split(";")[0]?.trim() ?? "";
  return type === "" ? "no content type" : /^[\w.+-]{1,40}\/[\w.+-]{1,60}$/.test(type) ? type : "an unusual content type";
}

function basicCredentials(auth: HttpOaSettings["auth"], secrets: HttpOaSecrets): string | undefined {
  if (auth.type !== "basic" || !secrets.password) return undefined;
  return Buffer.from(`${auth.username}:${secrets.password}`, "utf8").toString("base64");
}
