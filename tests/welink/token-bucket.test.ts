import { describe, expect, test } from "bun:test";
import { TokenBucket } from "../../src/welink/token-bucket.ts";

const T0 = 1_000_000;

describe("token bucket", () => {
  test("lets a burst through, then spaces calls 1/rate apart in arrival order", () => {
    const b = new TokenBucket(10, 3, T0);
    expect([b.take(T0), b.take(T0), b.take(T0)]).toEqual([0, 0, 0]);
    expect([b.take(T0), b.take(T0), b.take(T0)]).toEqual([100, 200, 300]);
  });

  test("refills at its rate, never above its capacity", () => {
    const b = new TokenBucket(10, 2, T0);
    b.take(T0);
    b.take(T0);
    expect(b.take(T0 + 50)).toBe(50); // half a token back after 50 ms
    const later = T0 + 60_000;
    expect([b.take(later), b.take(later), b.take(later)]).toEqual([0, 0, 100]);
  });

  test("at most capacity + rate·t calls start within any window of t", () => {
    const b = new TokenBucket(20, 12, T0);
    const starts: number[] = [];
    for (let i = 0; i < 500; i++) starts.push(T0 + b.take(T0));
    const inFirstSecond = starts.filter((s) => s < T0 + 1000).length;
    expect(inFirstSecond).toBeLessThanOrEqual(32);
    expect(inFirstSecond).toBeGreaterThanOrEqual(31);
  });

  test("a pause holds every call until it ends and restarts from an empty bucket", () => {
    const b = new TokenBucket(10, 5, T0);
    b.pause(T0, T0 + 2000);
    expect(b.pausedUntil).toBe(T0 + 2000);
    expect(b.take(T0)).toBe(2100);
    expect(b.take(T0 + 1000)).toBe(1200);
  });

  test("a pause forgives outstanding reservations (their holders reserve again) and bumps the epoch", () => {
    const b = new TokenBucket(10, 1, T0);
    for (let i = 0; i < 20; i++) b.take(T0); // 1.9 s of debt
    const epoch = b.epoch;
    b.pause(T0, T0 + 1000);
    expect(b.epoch).toBe(epoch + 1);
    expect(b.take(T0)).toBe(1100);
  });

  test("a shorter pause never shortens a longer one", () => {
    const b = new TokenBucket(10, 1, T0);
    b.pause(T0, T0 + 5000);
    b.pause(T0, T0 + 1000);
    expect(b.pausedUntil).toBe(T0 + 5000);
  });

  test("refuses a rate or capacity that cannot work", () => {
    expect(() => new TokenBucket(0, 1, T0)).toThrow(RangeError);
    expect(() => new TokenBucket(1, 0, T0)).toThrow(RangeError);
  });
});
