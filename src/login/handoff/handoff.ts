import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { randomToken } from "../../kernel/ids.ts";
import { findTenantById } from "../../accounts/index.ts";
import { signingKeyFor, verificationKey } from "./keys.ts";
import { getOaPortalForTenant, type OaPortal, resolveTarget, underBase } from "../../oa/index.ts";
import * as store from "./store.ts";

/**
 * The handoff: a JWT that signs a person in to the OA. Header `{alg, kid, typ: "JWT"}`; claims
 * iss = the bridge's public URL, aud = `oa:<tenant slug>`, sub = the OA user id, jti, iat,
 * exp = iat + 30 s, and `target` (the absolute OA URL to land on). Single use: its jti is stored
 * and redeeming marks it in one conditional UPDATE.
 */

export const HANDOFF_TTL_S = 30;
/** Rows are kept this long past expiry (harmless: an expired token is refused on its exp anyway). */
const PRUNE_AFTER_MS = 10 * 60_000;

export const handoffErrors = {
  invalid: (why: string) => new AppError("HANDOFF_INVALID", { why }),
  // 401 like an invalid token (it no longer proves anything); the code tells the two apart.
  expired: () => new AppError("HANDOFF_EXPIRED", { seconds: HANDOFF_TTL_S }),
  used: () => errors.conflict("HANDOFF_USED"),
  wrongTenant: () => new AppError("HANDOFF_WRONG_TENANT"),
};

export const audienceOf = (tenantSlug: string) => `oa:${tenantSlug}`;

export type IssueHandoffInput = { tenantId: string; oaUserId: string; target?: string };
export type IssuedHandoff = { token: string; url: string; expiresAt: number };

/** The OA's SSO endpoint with the token, e.g. https://oa.example.com/sso/welink-bridge?token=…. */
function ssoUrl(portal: OaPortal, token: string): string {
  const at = underBase(portal.webBaseUrl, portal.ssoPath);
  if (!at) throw errors.internal(new Error(`SSO path ${portal.ssoPath} is not under ${portal.webBaseUrl}`));
  const url = new URL(at);
  url.searchParams.set("token", token);
  return url.href;
}

/** Signs a handoff for one OA user; `target` (an OA path or URL) is kept under the OA's base URL. */
export async function issueHandoff(deps: Deps, input: IssueHandoffInput): Promise<IssuedHandoff> {
  const tenant = await findTenantById(deps.db, input.tenantId);
  if (!tenant) throw errors.notFound("tenant", input.tenantId);
  const portal = await getOaPortalForTenant(deps, tenant.id);
  // Checked again here, whoever resolved it: a token never carries a target outside the OA.
  const target = resolveTarget(portal, { kind: "link", value: input.target ?? "/" });
  const key = await signingKeyFor(deps, portal.handoffAlg);
  const now = deps.clock.now();
  const iat = Math.floor(now / 1000);
  const jti = randomToken(18);
  const token = await new SignJWT({ target })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" })
    .setIssuer(deps.config.publicUrl)
    .setAudience(audienceOf(tenant.slug))
    .setSubject(input.oaUserId)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(iat + HANDOFF_TTL_S)
    .sign(key.privateKey);
  const expiresAt = (iat + HANDOFF_TTL_S) * 1000;
  await store.insertHandoff(deps.db, { jti, tenantId: tenant.id, oaUserId: input.oaUserId, expiresAt, redeemedAt: null });
  await store.pruneHandoffs(deps.db, now - PRUNE_AFTER_MS);
  return { token, url: ssoUrl(portal, token), expiresAt };
}

const Claims = z.object({ sub: z.string().min(1), jti: z.string().min(1), aud: z.string(), target: z.string() });
type Claims = z.infer<typeof Claims>;

/** Signature (by a key still verifying), issuer, type and expiry; the audience is the caller's to check. */
async function verifyHandoff(deps: Deps, token: string): Promise<Claims> {
  let kid: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    throw handoffErrors.invalid("it is not a JWT");
  }
  const key = typeof kid === "string" ? await verificationKey(deps, kid) : undefined;
  if (!key) throw handoffErrors.invalid("it names no key the bridge verifies with (unknown, or retired past its overlap)");
  try {
    const { payload } = await jwtVerify(token, key.key, {
      algorithms: [key.alg],
      issuer: deps.config.publicUrl,
      typ: "JWT",
      currentDate: new Date(deps.clock.now()),
      maxTokenAge: HANDOFF_TTL_S,
      requiredClaims: ["exp", "iat", "jti", "sub", "aud"],
    });
    const claims = Claims.safeParse(payload);
    if (!claims.success) throw handoffErrors.invalid("its claims are not a handoff's");
    return claims.data;
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof joseErrors.JWTExpired) throw handoffErrors.expired();
    throw handoffErrors.invalid(e instanceof joseErrors.JOSEError ? e.code : "it cannot be read");
  }
}

export type RedeemedHandoff = { oaUserId: string; account?: string; name?: string; target: string; tenant: string };

/**
 * Redeems a handoff for the OA of the calling token's tenant, once. The audience is checked
 * before the token is marked, so one tenant's OA cannot burn another tenant's tokens.
 */
export async function redeemHandoff(deps: Deps, ctx: Ctx, token: string): Promise<RedeemedHandoff> {
  if (!ctx.tenant) throw new AppError("FORBIDDEN", { variant: "handoffTenant" });
  const tenant = ctx.tenant;
  const claims = await verifyHandoff(deps, token);
  if (claims.aud !== audienceOf(tenant.slug)) throw handoffErrors.wrongTenant();
  const now = deps.clock.now();
  if (!(await store.markRedeemed(deps.db, tenant.id, claims.jti, now))) {
    const row = await store.findHandoff(deps.db, claims.jti);
    if (!row || row.tenantId !== tenant.id) throw handoffErrors.invalid("the bridge has no record of it");
    throw row.redeemedAt !== null ? handoffErrors.used() : handoffErrors.expired();
  }
  const user = await store.findOaUser(deps.db, tenant.id, claims.sub);
  return { oaUserId: claims.sub, account: user?.account, name: user?.name, target: claims.target, tenant: tenant.slug };
}
