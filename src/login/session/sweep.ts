import { and, eq, isNull, lt, lte, notInArray, or } from "drizzle-orm";
import type { Deps } from "../../deps.ts";
import { singleLogout } from "../cas/logout.ts";
import { casTickets } from "../cas/schema.ts";
import { pruneHandoffs } from "../handoff/store.ts";
import { pruneExpired } from "../oidc/store.ts";
import { signInSessions } from "./schema.ts";

/*
 * The sign-in sessions' housekeeping, across tenants (a system job, not a request): sessions past
 * their time end as "expired" and get single logout like a logout; what can no longer be used goes.
 */

const DAY_MS = 86_400_000;
/** Sessions ended by expiry per run: a backlog (the bridge was down for a day) drains over a few minutes. */
const EXPIRE_BATCH = 500;

export type SweepResult = { expired: number; ticketsDeleted: number; sessionsDeleted: number };

export async function sweepSignIn(deps: Deps): Promise<SweepResult> {
  const now = deps.clock.now();
  // 1. Expired sessions end, then their CAS services hear of it (the session is gone for them too).
  const due = await deps.db
    .select()
    .from(signInSessions)
    .where(and(isNull(signInSessions.endedAt), lte(signInSessions.expiresAt, now)))
    .limit(EXPIRE_BATCH);
  let expired = 0;
  for (const s of due) {
    const ended = await deps.db
      .update(signInSessions)
      .set({ endedAt: s.expiresAt, endReason: "expired" })
      .where(and(eq(signInSessions.id, s.id), isNull(signInSessions.endedAt)))
      .returning({ id: signInSessions.id });
    if (ended.length === 0) continue; // ended meanwhile (logout, revocation): that path did single logout
    expired++;
    await singleLogout(deps, s);
  }
  // 2. Tickets nobody can validate any more, and those of sessions that ended (a new proof replaced them).
  const live = deps.db.select({ id: signInSessions.id }).from(signInSessions).where(isNull(signInSessions.endedAt));
  const tickets = await deps.db
    .delete(casTickets)
    .where(or(and(isNull(casTickets.usedAt), lt(casTickets.expiresAt, now)), notInArray(casTickets.sessionId, live)))
    .returning({ h: casTickets.ticketHash });
  // 3. OIDC codes and tokens past their life or revoked; one-time sign-in proofs (handoffs table) a day past theirs.
  await pruneExpired(deps.db, now);
  await pruneHandoffs(deps.db, now - DAY_MS);
  // 4. Sessions ended (or expired) more than a day ago: the admin list's "all" shows the last day.
  const cutoff = now - DAY_MS;
  // Expired ones count too: step 1 ended them at their expiry.
  const sessions = await deps.db.delete(signInSessions).where(lt(signInSessions.endedAt, cutoff)).returning({ id: signInSessions.id });
  return { expired, ticketsDeleted: tickets.length, sessionsDeleted: sessions.length };
}

/** Every minute, so single logout follows an expiry closely; each step rides an index. */
export function registerSignInJobs(deps: Deps): void {
  deps.scheduler.set("sign-in:sweep", "* * * * *", () => sweepSignIn(deps));
}
