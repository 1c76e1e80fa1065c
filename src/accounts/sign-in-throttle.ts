/**
 * Failed admin sign-ins, counted per client address + user name (never per account alone: then
 * anyone could lock an admin out, and only real accounts would lock, telling names apart).
 * After FREE failures each further one makes that pair wait, twice as long each time, up to
 * MAX_WAIT_MS. In memory: one process guards its own door; a restart forgets.
 */
export const FREE_FAILURES = 5;
export const FIRST_WAIT_MS = 15_000;
export const MAX_WAIT_MS = 15 * 60_000;

type Entry = { failures: number; until: number; last: number };

export function createSignInThrottle(now: () => number) {
  const entries = new Map<string, Entry>();
  const keyOf = (ip: string | undefined, username: string) => `${ip ?? "unknown"}\n${username.trim().toLowerCase()}`;
  const forgetOld = (t: number) => {
    if (entries.size < 10_000) return;
    for (const [k, e] of entries) if (t - e.last > MAX_WAIT_MS * 2) entries.delete(k);
  };
  return {
    /** Seconds this pair must still wait, or undefined when it may try. */
    waiting(ip: string | undefined, username: string): number | undefined {
      const e = entries.get(keyOf(ip, username));
      const t = now();
      return e && e.until > t ? Math.ceil((e.until - t) / 1000) : undefined;
    },
    /** Counts a failure; returns the seconds to wait from now on, if any. */
    failed(ip: string | undefined, username: string): number | undefined {
      const t = now();
      forgetOld(t);
      const key = keyOf(ip, username);
      const e = entries.get(key) ?? { failures: 0, until: 0, last: t };
      // A pair quiet for longer than the longest wait starts again.
      if (t - e.last > MAX_WAIT_MS * 2) e.failures = 0;
      e.failures++;
      e.last = t;
      entries.set(key, e);
      if (e.failures < FREE_FAILURES) return undefined;
      const wait = Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (e.failures - FREE_FAILURES));
      e.until = t + wait;
      return wait / 1000;
    },
    succeeded(ip: string | undefined, username: string): void {
      entries.delete(keyOf(ip, username));
    },
  };
}
export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
