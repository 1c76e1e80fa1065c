/**
 * Retry schedule of the outbox: exponential from 5 s (5, 10, 20, …), each cap at most
 * 10 minutes, with full jitter (a random delay in [0, cap]) so a burst of failures does not
 * come back as a burst; a delivery still failing 24 h after its first attempt is dead.
 */
export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 10 * 60_000;
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;

/** The upper bound of the wait after the `attempt`-th failed attempt (1-based). */
export function backoffCap(attempt: number): number {
  const exp = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(BACKOFF_BASE_MS * 2 ** exp, BACKOFF_MAX_MS);
}

/** The wait after the `attempt`-th failure: full jitter in [0, cap]; `random` returns [0, 1). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * (backoffCap(attempt) + 1));
}

/** When to try again, or undefined when the 24 h since the first attempt are used up. */
export function nextAttemptAt(o: { attempt: number; firstAttemptAt: number; now: number; random?: () => number }): number | undefined {
  const at = o.now + backoffDelay(o.attempt, o.random);
  return at - o.firstAttemptAt > GIVE_UP_AFTER_MS ? undefined : at;
}
