/** A fixed-window counter per key, in memory (enough for one process guarding its own door). */
export type WindowCounter = ReturnType<typeof createWindowCounter>;

export function createWindowCounter(limit: number, windowMs: number, now: () => number) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    /** Counts one event; returns the seconds to wait when the key is over its limit. */
    hit(key: string): number | undefined {
      const t = now();
      let w = windows.get(key);
      if (!w || t - w.start >= windowMs) {
        if (windows.size > 10_000) windows.clear();
        w = { start: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return w.count > limit ? (w.start + windowMs - t) / 1000 : undefined;
    },
    blocked(key: string): number | undefined {
      const w = windows.get(key);
      if (!w || now() - w.start >= windowMs || w.count <= limit) return undefined;
      return (w.start + windowMs - now()) / 1000;
    },
  };
}
