import { and, eq } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import { sessionPersonOf } from "../session/person.ts";
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

/** The OA person of a session in CAS terms, or undefined when they are gone or inactive in the OA directory. */
export async function casPersonOf(deps: Deps, s: Pick<LiveSession, "tenantId" | "oaUserId" | "corpId" | "welinkUserId">): Promise<CasPerson | undefined> {
  const p = await sessionPersonOf(deps, s);
  if (!p) return undefined;
  return {
    user: p.account,
    attributes: { name: p.name, mobile: p.mobile, email: p.email, employeeId: p.employeeId, welinkUserId: p.welinkUserId, welinkCorp: p.welinkCorp },
  };
}
