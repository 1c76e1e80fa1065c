import type { Deps } from "../../deps.ts";
import { sessionPersonOf } from "../session/person.ts";
import { hashOf } from "./issuer.ts";
import * as store from "./store.ts";

/*
 * /userinfo: the claims an access token's scopes release. The person is the OA account the
 * session signed in as (the OA directory snapshot); the WeLink side comes from the session.
 */

export type Claims = Record<string, string>;
type Tenant = { id: string; slug: string };

/** The access token's claims, or undefined when it is unknown, another tenant's, expired, revoked, or its session ended. */
export async function userInfo(deps: Deps, tenant: Tenant, accessToken: string | undefined): Promise<Claims | undefined> {
  if (!accessToken || accessToken.length > 200) return undefined;
  const now = deps.clock.now();
  const token = await store.findToken(deps.db, hashOf(accessToken));
  if (!token || token.tenantId !== tenant.id || token.revokedAt !== null || token.expiresAt <= now) return undefined;
  const session = await store.findSessionRow(deps.db, tenant.id, token.sessionId);
  if (!session || session.endedAt !== null || session.expiresAt <= now) return undefined;
  return claimsFor(deps, tenant.id, session, token.scope.split(" "));
}

export async function claimsFor(deps: Deps, tenantId: string, session: { oaUserId: string; welinkUserId: string; corpId: string }, scopes: string[]): Promise<Claims> {
  const claims: Claims = { sub: session.oaUserId };
  // Gone from the OA directory or inactive there: the session's own facts only, as CAS refuses such a person.
  const person = await sessionPersonOf(deps, { tenantId, ...session });
  if (scopes.includes("profile")) {
    if (person) Object.assign(claims, { name: person.name, preferred_username: person.account });
    claims.welink_user_id = session.welinkUserId;
    if (person?.welinkCorp) claims.welink_corp = person.welinkCorp;
    if (person?.welinkCorpName) claims.welink_corp_name = person.welinkCorpName;
  }
  if (scopes.includes("email") && person?.email) claims.email = person.email;
  if (scopes.includes("phone") && person?.mobile) claims.phone_number = person.mobile;
  return claims;
}
