import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { issueToken } from "./auth.ts";
import { canReach } from "./messages-store.ts";
import type { App } from "./model.ts";
import { randomText, type Sandbox, slot } from "./sandbox.ts";

/*
 * WeLink's browser OAuth2 login (reference §2.4; codes from WeLink's isv/error.html):
 * `GET /sso/oauth2/authorize` plays login.welink.huaweicloud.com — in the sandbox a person picks
 * who they are (or a test passes `sandbox_user`) — and 302s back with a code valid 5 minutes,
 * single use. `POST /api/oauth2/v1/token` trades it for a user token: success is code "60001",
 * errors are HTTP 400 with a 600xx code. The token lands in `sb.tokens` with `userId`, so
 * `GET /api/auth/v1/userid` answers whose it is.
 */
export const AUTHORIZE_PATH = "/sso/oauth2/authorize";
/** WeLink's message for 60009 says the lock lasts 15 minutes. */
const LOCK_MS = 15 * 60_000;
const PICKER_MAX_USERS = 200;

type Grant = { clientId: string; userId: string; redirectUri: string; state?: string; expiresAt: number; used: boolean };
type OauthState = { grants: Map<string, Grant>; wrongSecrets: Map<string, number[]>; lockedUntil: Map<string, number> };
const state = (sb: Sandbox) => slot<OauthState>(sb, "oauth", () => ({ grants: new Map(), wrongSecrets: new Map(), lockedUntil: new Map() }));

type Problem = { code: string; message: string };
type Params = Record<string, string | undefined>;

/** An absolute http(s) URL without a query string (WeLink: "redirect_uri中不可带有query参数"). */
function redirectTarget(raw: string | undefined): URL | undefined {
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    return /^https?:$/.test(url.protocol) && url.search === "" ? url : undefined;
  } catch {
    return undefined;
  }
}

function clientProblem(sb: Sandbox, clientId: string | undefined): Problem | undefined {
  if ((clientId ?? "").length > 255) return { code: "60004", message: "invalid_request: the length of client_id exceed 255" };
  if (!clientId || !sb.apps.has(clientId)) return { code: "60010", message: "client_id and client_secret auth failed" };
  return undefined;
}

/** response_type must be "code" and scope "backendlogin"; WeLink lists no code for either, so 60013 [inferred]. */
function requestProblem(q: Params): Problem | undefined {
  if (q.response_type !== "code") return { code: "60013", message: "invalid_request: response_type must be code" };
  if (q.scope !== "backendlogin") return { code: "60013", message: "invalid_request: scope must be backendlogin" };
  if ((q.state ?? "").length > 255) return { code: "60006", message: "invalid_request: the length of state exceed 255" };
  return undefined;
}

function back(c: Context, target: URL, params: Params): Response {
  const url = new URL(target);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return c.redirect(url.toString(), 302);
}

function errorPage(c: Context, p: Problem): Response | Promise<Response> {
  return c.html(html`<!doctype html><meta charset="utf-8" /><title>WeLink sandbox login</title><h1>WeLink login error</h1><p><code>${p.code}</code> ${p.message}</p>`, 400);
}

/** The sandbox's login page: who is signing in (any live user the app can see). */
function pickerPage(c: Context, sb: Sandbox, app: App, q: Params, error?: string): Response | Promise<Response> {
  const users = [...sb.org.users.values()].filter((u) => canReach(sb, app, u.userId)).slice(0, PICKER_MAX_USERS);
  const keep = ["client_id", "response_type", "redirect_uri", "scope", "state"].filter((k) => q[k] !== undefined);
  const page = html`<!doctype html>
    <html lang="en"><meta charset="utf-8" /><title>WeLink sandbox login</title>
    <h1>Sign in to ${app.name}</h1>
    ${error ? html`<p role="alert">${error}</p>` : ""}
    <form method="get" action="${AUTHORIZE_PATH}">
      ${keep.map((k) => html`<input type="hidden" name="${k}" value="${q[k]}" />`)}
      <label>WeLink userId <input name="sandbox_user" list="users" required autofocus /></label>
      <datalist id="users">${users.map((u) => html`<option value="${u.userId}">${u.userNameCn}</option>`)}</datalist>
      <button type="submit">Sign in</button>
    </form></html>`;
  return c.html(page, error ? 400 : 200);
}

function mintGrant(sb: Sandbox, grant: Omit<Grant, "expiresAt" | "used">): string {
  const { grants } = state(sb);
  const now = sb.now();
  for (const [code, g] of grants) if (g.expiresAt <= now) grants.delete(code);
  const code = randomText(24);
  grants.set(code, { ...grant, expiresAt: now + sb.settings.oauthCodeTtlSeconds * 1000, used: false });
  return code;
}

function authorizePage(sb: Sandbox, c: Context): Response | Promise<Response> {
  const q: Params = c.req.query();
  const target = redirectTarget(q.redirect_uri);
  // Problems with the client or the redirect address cannot safely be sent back there: shown here.
  if (!target) return errorPage(c, { code: "60019", message: "The redirectUrl is invalid (an absolute http(s) URL without a query string)" });
  const clientIssue = clientProblem(sb, q.client_id);
  const app = q.client_id === undefined ? undefined : sb.apps.get(q.client_id);
  if (clientIssue || !app) return errorPage(c, clientIssue ?? { code: "60010", message: "client_id and client_secret auth failed" });
  const issue = requestProblem(q);
  if (issue) return back(c, target, { code: issue.code, message: issue.message, state: issue.code === "60006" ? undefined : q.state });
  const userId = q.sandbox_user?.trim();
  if (!userId) return pickerPage(c, sb, app, q);
  if (!canReach(sb, app, userId)) return pickerPage(c, sb, app, q, `${userId} is not a live user in ${app.name}'s visible range`);
  const code = mintGrant(sb, { clientId: app.clientId, userId, redirectUri: target.toString(), state: q.state });
  return back(c, target, { code, state: q.state });
}

/** Parameters come as form fields or query parameters (both seen, §2.4); form fields win. */
async function tokenParams(c: Context): Promise<Params> {
  const params: Params = { ...c.req.query() };
  const type = c.req.header("content-type") ?? "";
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    const form = await c.req.parseBody();
    for (const [k, v] of Object.entries(form)) if (typeof v === "string") params[k] = v;
  }
  return params;
}

function shapeProblem(p: Params): Problem | undefined {
  if (p.grant_type !== "authorization_code") return { code: "60013", message: "invalid_request: grant_type param error" };
  if (!p.code) return { code: "60003", message: "invalid_request: code is empty (parameters are read from the query string or a form body)" };
  if (p.code.length > 2000) return { code: "60002", message: "invalid_request: the length of code exceed 2000" };
  if ((p.client_id ?? "").length > 255) return { code: "60004", message: "invalid_request: the length of client_id exceed 255" };
  if ((p.client_secret ?? "").length > 255) return { code: "60005", message: "invalid_request: the length of client_secret exceed 255" };
  if ((p.state ?? "").length > 255) return { code: "60006", message: "invalid_request: the length of state exceed 255" };
  return undefined;
}

/** Wrong secrets lock the client id for 15 minutes after `maxWrongSecrets` within the window. */
function credentialProblem(sb: Sandbox, p: Params): Problem | undefined {
  const s = state(sb);
  const clientId = p.client_id ?? "";
  const now = sb.now();
  if ((s.lockedUntil.get(clientId) ?? 0) > now) return { code: "60009", message: "Your account has been locked. Try again in 15 minutes!" };
  const app = sb.apps.get(clientId);
  if (app && app.clientSecret === p.client_secret) return undefined;
  const recent = (s.wrongSecrets.get(clientId) ?? []).filter((t) => t > now - sb.settings.lockoutWindowMs);
  recent.push(now);
  s.wrongSecrets.set(clientId, recent);
  if (recent.length >= sb.settings.maxWrongSecrets) s.lockedUntil.set(clientId, now + LOCK_MS);
  return { code: "60010", message: "client_id and client_secret auth failed" };
}

/** The code must be one this client got, unused, for the same redirect_uri when one is given. */
function grantFor(sb: Sandbox, p: Params): Grant | Problem {
  const grant = state(sb).grants.get(p.code ?? "");
  const sameTarget = !p.redirect_uri || redirectTarget(p.redirect_uri)?.toString() === grant?.redirectUri;
  if (!grant || grant.used || grant.clientId !== p.client_id || !sameTarget) return { code: "60008", message: "code is invalid" };
  if (grant.expiresAt <= sb.now()) return { code: "60007", message: "code has expired" };
  return grant;
}

function answer(c: Context, status: 200 | 400, fields: Record<string, unknown> & { code: string }): Response {
  c.set("welinkCode" as never, fields.code as never);
  c.header("Cache-Control", "no-store");
  return c.json(fields, status);
}

async function exchange(sb: Sandbox, c: Context): Promise<Response> {
  const p = await tokenParams(c);
  const problem = shapeProblem(p) ?? credentialProblem(sb, p);
  if (problem) return answer(c, 400, problem);
  const grant = grantFor(sb, p);
  if ("code" in grant) return answer(c, 400, grant);
  grant.used = true;
  const app = sb.apps.get(grant.clientId)!;
  c.set("clientId" as never, app.clientId as never);
  const token = issueToken(sb, app, grant.userId);
  const expiresIn = Math.round((token.expiresAt - sb.now()) / 1000);
  // WeLink does not document token_type's value; "Bearer" is the OAuth2 default [inferred].
  const fields = { code: "60001", message: "success", access_token: token.token, token_type: "Bearer", expires_in: expiresIn, state: p.state ?? grant.state };
  return answer(c, 200, fields);
}

export function oauthRoutes(sb: Sandbox) {
  const routes = new Hono();
  routes.get(AUTHORIZE_PATH, (c) => authorizePage(sb, c));
  routes.post("/api/oauth2/v1/token", (c) => exchange(sb, c));
  return routes;
}
