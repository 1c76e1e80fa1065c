/** Sliding windows of call times, per key: exact counts over the last `windowMs`. */
export class SlidingWindow {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly windowMs: number) {}

  /** Records a call at `now` unless the key already has `limit` calls in the window. */
  tryHit(key: string, limit: number, now: number): boolean {
    let times = this.hits.get(key);
    if (!times) this.hits.set(key, (times = []));
    const cutoff = now - this.windowMs;
    let drop = 0;
    while (drop < times.length && times[drop]! <= cutoff) drop++;
    if (drop) times.splice(0, drop);
    if (times.length >= limit) return false;
    times.push(now);
    return true;
  }

  clear(): void {
    this.hits.clear();
  }
}
