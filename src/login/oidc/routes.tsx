/** @jsxImportSource hono/jsx */
import { Hono, type Context } from "hono";
import { cors } from "hono/cors";
import type { Child } from "hono/jsx";
import type { Deps } from "../../deps.ts";
import { findTenantBySlug } from "../../accounts/index.ts";
import { AppError } from "../../kernel/errors.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { randomToken } from "../../kernel/ids.ts";
import { langFrom } from "../../ui/index.ts";
import { sendEntryPage } from "../entry/pages.tsx";
import { publicJwks } from "../handoff/keys.ts";
import { currentSession, endSession } from "../session/session.ts";
import { sessionPersonOf } from "../session/person.ts";
import { logSso } from "../session/sso-log.ts";
import { authorize } from "./authorize.ts";
import { discoveryOf } from "./discovery.ts";
import { planLogout, revokeSessionTokens } from "./logout.ts";
import { LoggedOutPage, LogoutConfirmPage, OidcErrorPage, type OidcPageError } from "./pages.tsx";
import { basicCredentials, exchangeCode } from "./token.ts";
import { userInfo } from "./userinfo.ts";

/*
 * The OpenID Connect provider, per tenant under /t/{slug}/oidc (inside the session cookie's path).
 * Built on jose rather than panva's oidc-provider: that one is a Koa / node:http application with
 * its own server, sessions and storage adapter, while here every endpoint is a Hono route over
 * the bridge's own session, keys and database, in this process and in the one compiled binary.
 */

const BASE = "/t/:slug/oidc";
const noStore = { "Cache-Control": "no-store", Pragma: "no-cache" };

async function tenantOf(deps: Deps, c: Context) {
  const slug = c.req.param("slug") ?? "";
  const row = slug.length <= 64 ? await findTenantBySlug(deps.db, slug) : undefined;
  if (!row) throw new AppError("NOT_FOUND", { kind: "tenant", id: slug });
  return { id: row.id, slug: row.slug };
}

function page(c: Context, status: number, draw: (nonce: string, lang: ReturnType<typeof langFrom>) => Child) {
  const nonce = randomToken(16);
  return sendEntryPage(c, draw(nonce, langFrom(c.req.header("accept-language"))), { status, nonce });
}
const errorPage = (c: Context, error: OidcPageError) => page(c, 400, (nonce, lang) => <OidcErrorPage lang={lang} nonce={nonce} error={error} />);

const formOf = async (c: Context): Promise<Record<string, string | undefined>> => {
  const body = await c.req.parseBody();
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === "string")) as Record<string, string>;
};

export function oidcRoutes(deps: Deps) {
  const r = new Hono<AppEnv>();
  // Machine endpoints a browser-based (public) client may call from its own origin; no cookies there.
  r.use(`${BASE}/.well-known/*`, cors());
  for (const p of ["jwks", "token", "userinfo"]) r.use(`${BASE}/${p}`, cors({ origin: "*", allowHeaders: ["authorization", "content-type"] }));

  r.get(`${BASE}/.well-known/openid-configuration`, async (c) => c.json(discoveryOf(deps, (await tenantOf(deps, c)).slug)));
  r.get(`${BASE}/jwks`, async (c) => {
    await tenantOf(deps, c);
    return c.json(await publicJwks(deps), 200, { "Cache-Control": "public, max-age=300" });
  });

  const authorizeHandler = async (c: Context) => {
    const tenant = await tenantOf(deps, c);
    const q = c.req.method === "POST" ? new URLSearchParams(Object.entries(await formOf(c)) as [string, string][]) : new URL(c.req.url).searchParams;
    const session = await currentSession(deps, c, tenant.id);
    const outcome = await authorize(deps, tenant, q, session);
    if (outcome.reason) await logSso(deps, c, { tenantId: tenant.id, channel: "oidc", reason: outcome.reason, session, person: session ? await sessionPersonOf(deps, session) : undefined });
    if (outcome.kind === "page") return errorPage(c, outcome.error);
    return c.redirect(outcome.url, 302);
  };
  r.get(`${BASE}/authorize`, authorizeHandler);
  r.post(`${BASE}/authorize`, authorizeHandler);

  r.post(`${BASE}/token`, async (c) => {
    const tenant = await tenantOf(deps, c);
    const basic = basicCredentials(c.req.header("authorization"));
    if (basic === "bad") return c.json({ error: "invalid_client", error_description: "malformed Basic credentials" }, 401, { ...noStore, "WWW-Authenticate": 'Basic realm="oidc"' });
    const answer = await exchangeCode(deps, tenant, { basic, form: await formOf(c) });
    if ("error" in answer) {
      const headers: Record<string, string> = { ...noStore, ...(answer.basic ? { "WWW-Authenticate": 'Basic realm="oidc"' } : {}) };
      return c.json({ error: answer.error, error_description: answer.description }, answer.status, headers);
    }
    return c.json(answer, 200, noStore);
  });

  const userinfoHandler = async (c: Context) => {
    const tenant = await tenantOf(deps, c);
    const auth = c.req.header("authorization");
    const token = auth?.toLowerCase().startsWith("bearer ") ? auth.slice(7).trim() : undefined;
    const claims = await userInfo(deps, tenant, token);
    if (!claims) return c.json({ error: "invalid_token", error_description: "the access token is unknown, expired or revoked" }, 401, { ...noStore, "WWW-Authenticate": 'Bearer error="invalid_token"' });
    return c.json(claims, 200, noStore);
  };
  r.get(`${BASE}/userinfo`, userinfoHandler);
  r.post(`${BASE}/userinfo`, userinfoHandler);

  const logoutHandler = async (c: Context) => {
    const tenant = await tenantOf(deps, c);
    const q = c.req.method === "POST" ? await formOf(c) : c.req.query();
    const plan = await planLogout(deps, tenant, q);
    if (plan.kind === "error") return errorPage(c, plan.error);
    // A cross-site POST carries no SameSite=Lax cookie, so only the bridge's own form can confirm.
    if (plan.confirm && !(c.req.method === "POST" && q.confirm === "1")) {
      const fields = Object.fromEntries(["client_id", "post_logout_redirect_uri", "state"].flatMap((k) => (q[k] ? [[k, q[k]!]] : [])));
      return page(c, 200, (nonce, lang) => <LogoutConfirmPage lang={lang} nonce={nonce} action={c.req.path} fields={fields} />);
    }
    const ended = await endSession(deps, c, tenant.id, tenant.slug);
    if (ended) await revokeSessionTokens(deps, tenant.id, ended.id);
    if (plan.redirect) return c.redirect(plan.redirect, 302);
    return page(c, 200, (nonce, lang) => <LoggedOutPage lang={lang} nonce={nonce} />);
  };
  r.get(`${BASE}/logout`, logoutHandler);
  r.post(`${BASE}/logout`, logoutHandler);
  return r;
}
