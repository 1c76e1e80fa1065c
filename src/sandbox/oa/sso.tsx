/** @jsxImportSource hono/jsx */
import { type Context, Hono } from "hono";
import { html } from "hono/html";
import { errors as joseErrors, jwtVerify } from "jose";
import { SsoErrorPage } from "./pages.tsx";
import type { DemoOaState, SsoLink } from "./state.ts";
import { startSession } from "./session.tsx";

/**
 * The demo OA's side of the handoff, done the way a careful OA would: verify the token against
 * the bridge's key set (signature, issuer, audience, expiry), then redeem it at the bridge —
 * the signature alone cannot tell a replay from the first use, the redeem can. Only then a
 * session starts, and the browser goes to the token's target if it is a page of this OA.
 */

export const SSO_PATH = "/sso/welink-bridge";

type Refusal = { status: 401 | 403 | 502 | 503; zh: string; en: string; code?: string };
type Redeemed = { oaUserId: string; target: string };

const refuse = (c: Context, r: Refusal) =>
  c.html(html`<!DOCTYPE html>${<SsoErrorPage zh={r.zh} en={r.en} code={r.code} />}`, r.status, { "cache-control": "no-store", "referrer-policy": "no-referrer" });

const EXPIRED: Refusal = { status: 401, zh: "登录令牌已过期。", en: "The sign-in token has expired.", code: "HANDOFF_EXPIRED" };
const USED: Refusal = { status: 403, zh: "登录令牌已经使用过，不能再次使用。", en: "The sign-in token was already used.", code: "HANDOFF_USED" };

/** Why the token does not verify here, in words. */
function localRefusal(e: unknown): Refusal {
  if (e instanceof joseErrors.JWTExpired) return EXPIRED;
  if (e instanceof joseErrors.JWTClaimValidationFailed && e.claim === "aud") {
    return { status: 403, zh: "登录令牌不是发给本 OA 的。", en: "The sign-in token is for another OA.", code: e.code };
  }
  const code = e instanceof joseErrors.JOSEError ? e.code : "ERR_UNREADABLE";
  return { status: 401, zh: "登录令牌无效（签名或内容不符）。", en: "The sign-in token is not valid (signature or claims).", code };
}

async function verifyLocally(sso: SsoLink, token: string): Promise<Refusal | undefined> {
  try {
    await jwtVerify(token, sso.jwks, { issuer: sso.bridgeUrl, audience: sso.audience, algorithms: ["ES256", "RS256"], typ: "JWT", maxTokenAge: 30, clockTolerance: 5 });
    return undefined;
  } catch (e) {
    return localRefusal(e);
  }
}

/** Redeems at the bridge with the OA's own token: the user and target, or why the bridge said no. */
async function redeem(sso: SsoLink, token: string): Promise<Redeemed | Refusal> {
  let res: Response;
  try {
    res = await fetch(`${sso.bridgeUrl}/api/v1/handoff/redeem`, {
      method: "POST",
      headers: { authorization: `Bearer ${sso.token}`, "content-type": "application/json" },
      body: JSON.stringify({ token }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return { status: 502, zh: "无法连接 WeLink 桥接服务。", en: "The bridge cannot be reached." };
  }
  const body = (await res.json().catch(() => ({}))) as Partial<Redeemed> & { code?: string };
  if (res.ok && typeof body.oaUserId === "string" && typeof body.target === "string") return { oaUserId: body.oaUserId, target: body.target };
  if (body.code === "HANDOFF_USED") return USED;
  if (body.code === "HANDOFF_EXPIRED") return EXPIRED;
  return { status: res.status === 401 ? 401 : 403, zh: "桥接服务拒绝了登录令牌。", en: "The bridge refused the sign-in token.", code: body.code ?? String(res.status) };
}

/** The target if it is a page of this OA (same origin as the request), else the home page. */
function landing(c: Context, target: string): string {
  try {
    const url = new URL(target);
    return url.origin === new URL(c.req.url).origin ? url.pathname + url.search : "/";
  } catch {
    return "/";
  }
}

export function ssoRoutes(state: DemoOaState) {
  const r = new Hono();
  r.get(SSO_PATH, async (c) => {
    const sso = state.sso;
    if (!sso) return refuse(c, { status: 503, zh: "本 OA 尚未连接 WeLink 桥接服务。", en: "This OA is not connected to a bridge." });
    const token = c.req.query("token") ?? "";
    if (!token) return refuse(c, { status: 401, zh: "缺少登录令牌。", en: "No sign-in token was given." });
    const bad = await verifyLocally(sso, token);
    if (bad) return refuse(c, bad);
    const redeemed = await redeem(sso, token);
    if ("status" in redeemed) return refuse(c, redeemed);
    const person = state.byId.get(redeemed.oaUserId);
    if (!person || person.status !== "active") {
      return refuse(c, { status: 403, zh: "该账号不存在或已停用。", en: "This account does not exist or is disabled." });
    }
    startSession(state, c, person);
    c.header("cache-control", "no-store");
    return c.redirect(landing(c, redeemed.target), 303);
  });
  return r;
}
