import { and, eq } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import { findCorp } from "../../corps/index.ts";
import { oaUsers } from "../../oa/index.ts";
import { signInSessions } from "../session/schema.ts";
import type { CasAttribute } from "./services.ts";

/** Who a CAS service is told signed in: the bound OA account, and what may be released about the person. */
export type CasPerson = { user: string; attributes: Record<CasAttribute, string | null> };

export type LiveSession = typeof signInSessions.$inferSelect;

/** The session a ticket was issued in, while it is live (not ended, not expired). */
export async function liveSessionById(deps: Deps, tenantId: string, id: string): Promise<LiveSession | undefined> {
  const [row] = await deps.db.select().from(signInSessions).where(and(eq(signInSessions.tenantId, tenantId), eq(signInSessions.id, id)));
  return row && row.endedAt === null && row.expiresAt > deps.clock.now() ? row : undefined;
}

/** The OA person of a session (from the OA directory), or undefined when they are gone or inactive there. */
export async function casPersonOf(deps: Deps, s: Pick<LiveSession, "tenantId" | "oaUserId" | "corpId" | "welinkUserId">): Promise<CasPerson | undefined> {
  const [oa] = await deps.db.select().from(oaUsers).where(and(eq(oaUsers.tenantId, s.tenantId), eq(oaUsers.id, s.oaUserId)));
  if (!oa || !oa.active) return undefined;
  const corp = await findCorp(deps.db, s.tenantId, s.corpId);
  return {
    user: oa.account,
    attributes: {
      name: oa.name,
      mobile: oa.mobile,
      email: oa.email,
      employeeId: oa.employeeNo,
      welinkUserId: s.welinkUserId,
      // WeLink's id of the enterprise: stable where its display name may change.
      welinkCorp: corp?.welinkTenantId ?? null,
    },
  };
}
