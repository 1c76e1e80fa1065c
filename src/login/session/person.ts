import { and, eq } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import { findCorp } from "../../corps/index.ts";
import { oaUsers } from "../../oa/index.ts";
import type { SignInSession } from "./session.ts";

/**
 * Who a sign-in session is: its OA person (from the OA directory snapshot) with the WeLink side
 * of the session. The one reading both CAS (attributes) and OIDC (claims) release from.
 */
export type SessionPerson = {
  oaUserId: string;
  /** The OA account: CAS `user`, OIDC `preferred_username`. */
  account: string;
  name: string;
  mobile: string | null;
  email: string | null;
  employeeId: string | null;
  welinkUserId: string;
  /** WeLink's id of the enterprise: stable where its display name may change. */
  welinkCorp: string | null;
  welinkCorpName: string | null;
};

/** The session's OA person, or undefined when they are gone from the OA directory or inactive there. */
export async function sessionPersonOf(deps: Deps, s: Pick<SignInSession, "tenantId" | "oaUserId" | "corpId" | "welinkUserId">): Promise<SessionPerson | undefined> {
  const [oa] = await deps.db.select().from(oaUsers).where(and(eq(oaUsers.tenantId, s.tenantId), eq(oaUsers.id, s.oaUserId)));
  if (!oa || !oa.active) return undefined;
  const corp = await findCorp(deps.db, s.tenantId, s.corpId);
  return {
    oaUserId: oa.id, account: oa.account, name: oa.name, mobile: oa.mobile, email: oa.email, employeeId: oa.employeeNo,
    welinkUserId: s.welinkUserId, welinkCorp: corp?.welinkTenantId ?? null, welinkCorpName: corp?.name ?? null,
  };
}
