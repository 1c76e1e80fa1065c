/**
 * A token bucket that hands out reservations: `take()` always succeeds and returns how long the
 * caller must wait first. The level may go negative (calls already promised a slot), so callers
 * that arrive together are spaced 1/rate apart in arrival order instead of racing.
 *
 * Pure: time is passed in (epoch ms), nothing sleeps here.
 */
export class TokenBucket {
  private level: number;
  /** The time `level` refers to. During a pause it lies in the future: nothing refills before it. */
  private at: number;
  /** Bumped by every pause, so a caller that reserved before it knows to reserve again. */
  private pauses = 0;

  constructor(
    readonly ratePerSecond: number,
    readonly capacity: number,
    now: number,
  ) {
    if (!(ratePerSecond > 0) || !(capacity >= 1)) throw new RangeError("a token bucket needs rate > 0 and capacity ≥ 1");
    this.level = capacity;
    this.at = now;
  }

  get epoch(): number {
    return this.pauses;
  }

  /** When the bucket may next hand out a call without waiting (for tests and diagnostics). */
  get pausedUntil(): number {
    return this.at;
  }

  /** Reserves one call; returns the milliseconds to wait before making it (0 = go now). */
  take(now: number): number {
    this.refill(now);
    this.level -= 1;
    const debtMs = this.level < 0 ? (-this.level * 1000) / this.ratePerSecond : 0;
    return Math.max(0, this.at - now) + debtMs;
  }

  /**
   * Stops handing out calls until `until`, and empties the bucket so that it restarts slowly.
   * Outstanding reservations are forgiven: their holders see the new epoch and reserve again.
   */
  pause(now: number, until: number): void {
    this.refill(now);
    this.level = 0;
    this.at = Math.max(this.at, until);
    this.pauses++;
  }

  private refill(now: number): void {
    if (now <= this.at) return;
    this.level = Math.min(this.capacity, this.level + ((now - this.at) * this.ratePerSecond) / 1000);
    this.at = now;
  }
}
