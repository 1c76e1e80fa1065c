/** How long to wait before retry number `attempt` (0 = the first retry). */
export type BackoffPolicy = { baseMs: number; capMs: number };

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, capMs: 10_000 };

/** The upper bound of the delay for a retry: base·2^attempt, capped. */
export function backoffCeiling(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt, 30)));
}

/**
 * Full jitter: a uniform delay in [0, ceiling). Many callers that failed together (a 48503 storm,
 * an outage) then come back spread out instead of in lock-step. `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}
