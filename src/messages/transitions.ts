import { nextAttemptAt } from "./backoff.ts";

/** Starts a dead delivery's reason; the rest is the last failure's (the admin renders both in its language). */
export const DEAD_PREFIX = "still failing 24 h after the first attempt: ";

/**
 * An attempt row's reason from the moment it starts until its answer is written: when the bridge
 * stops in between, it stays, and WeLink may or may not have received that send.
 */
export const INTERRUPTED_REASON = "the bridge stopped during this attempt; WeLink may have received it";

/** What one attempt came to for one delivery. */
export type Outcome =
  | { kind: "sent" }
  | { kind: "skipped"; code: string; reason: string }
  | { kind: "permanent"; code: string; reason: string }
  | { kind: "transient"; code: string; reason: string };

export type DeliveryState = { attempts: number; firstAttemptAt: number | null };

export type Transition = {
  status: "pending" | "sent" | "skipped" | "failed" | "dead";
  attempts: number;
  firstAttemptAt: number;
  nextAttemptAt: number | null;
  sentAt: number | null;
  reason: string | null;
  welinkCode: string | null;
  claimedAt: null;
  claimedBy: null;
};

/** The next state of a claimed delivery after an attempt at `now`; pure. */
export function transition(d: DeliveryState, outcome: Outcome, now: number, random?: () => number): Transition {
  const attempts = d.attempts + 1;
  const firstAttemptAt = d.firstAttemptAt ?? now;
  const base = { attempts, firstAttemptAt, nextAttemptAt: null, sentAt: null, claimedAt: null, claimedBy: null } as const;
  switch (outcome.kind) {
    case "sent":
      return { ...base, status: "sent", sentAt: now, reason: null, welinkCode: null };
    case "skipped":
      return { ...base, status: "skipped", reason: outcome.reason, welinkCode: outcome.code };
    case "permanent":
      return { ...base, status: "failed", reason: outcome.reason, welinkCode: outcome.code };
    case "transient": {
      const next = nextAttemptAt({ attempt: attempts, firstAttemptAt, now, random });
      if (next === undefined) return { ...base, status: "dead", reason: `${DEAD_PREFIX}${outcome.reason}`, welinkCode: outcome.code };
      return { ...base, status: "pending", nextAttemptAt: next, reason: outcome.reason, welinkCode: outcome.code };
    }
  }
}
