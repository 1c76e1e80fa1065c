import type { Clock } from "../kernel/clock.ts";
import { TokenBucket } from "./token-bucket.ts";

export type BucketLimit = { ratePerSecond: number; burst: number };

export type RateLimits = {
  /** Per (app, API). WeLink allows 40 calls/s or 1500/min per client_id and interface (§0.5). */
  perApi: BucketLimit;
  /** Every call from this process to one WeLink host. WeLink allows 3000 per 20 s per source IP. */
  egress: BucketLimit;
  /** How long a bucket pauses after a 48503; doubled for each further one, up to `maxPauseMs`. */
  pauseMs: number;
  maxPauseMs: number;
};

/**
 * Under the published limits. Per API, 90 % of the sustained cap: 1500/min → 22.5/s (a bulk push
 * of 11,000 writes must reach ≥ 85 % of WeLink's rate); at most 9 + 1350 = 1359 calls in any
 * minute. Bursts: a bucket lets through at most burst + rate in any one second, so 9 + 22.5 =
 * 31.5 stays under 80 % of the 40/s cap. Overall, 80 %: 3000/20 s → 120/s; 120 + 2400 in any
 * 20 s stays at 84 % of the 3000 cap.
 */
export const DEFAULT_LIMITS: RateLimits = {
  perApi: { ratePerSecond: 22.5, burst: 9 },
  egress: { ratePerSecond: 120, burst: 120 },
  // One second clears WeLink's per-second window; the per-minute window needs the doublings.
  pauseMs: 1000,
  maxPauseMs: 60_000,
};

type Slot = { bucket: TokenBucket; strikes: number; lastPauseAt: number };

/** Token buckets by key, shared by every client of one registry (see registry.ts). */
export class RateLimiter {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly clock: Clock,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Waits until `key` may make one more call. A bucket's limits are fixed by its first user. */
  async acquire(key: string, limit: BucketLimit): Promise<void> {
    const slot = this.slot(key, limit);
    for (;;) {
      const epoch = slot.bucket.epoch;
      const wait = slot.bucket.take(this.clock.now());
      if (wait > 0) await this.sleep(wait);
      // A pause that began while we slept cancelled our reservation: queue again behind it.
      if (slot.bucket.epoch === epoch) return;
    }
  }

  /**
   * WeLink answered 48503 to a call that left at `sentAt`: pause the bucket. Calls that left
   * before the current pause began belong to the same burst and do not lengthen it, so a storm
   * of concurrent refusals costs one pause, not one per call. Returns the pause in ms (0 = none).
   */
  rateLimited(key: string, sentAt: number, limits: RateLimits): number {
    const slot = this.slots.get(key);
    if (!slot || sentAt <= slot.lastPauseAt) return 0;
    slot.strikes++;
    const ms = Math.min(limits.maxPauseMs, limits.pauseMs * 2 ** Math.min(slot.strikes - 1, 20));
    const now = this.clock.now();
    slot.lastPauseAt = now;
    slot.bucket.pause(now, now + ms);
    return ms;
  }

  /** A call through `key` got an answer other than 48503: the next storm starts from the short pause. */
  succeeded(key: string): void {
    const slot = this.slots.get(key);
    if (slot) slot.strikes = 0;
  }

  /** The bucket's state, for tests and diagnostics. */
  peek(key: string): { pausedUntil: number; strikes: number } | undefined {
    const slot = this.slots.get(key);
    return slot && { pausedUntil: slot.bucket.pausedUntil, strikes: slot.strikes };
  }

  private slot(key: string, limit: BucketLimit): Slot {
    let slot = this.slots.get(key);
    if (!slot) {
      const bucket = new TokenBucket(limit.ratePerSecond, Math.max(1, limit.burst), this.clock.now());
      this.slots.set(key, (slot = { bucket, strikes: 0, lastPauseAt: Number.NEGATIVE_INFINITY }));
    }
    return slot;
  }
}
