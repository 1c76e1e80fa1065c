import { describe, expect, test } from "bun:test";
import { frozenClock } from "../../src/kernel/clock.ts";
import { DEFAULT_LIMITS, RateLimiter } from "../../src/welink/rate-limiter.ts";

/** A limiter on a frozen clock whose sleep moves the clock: waits are exact and instant. */
function setup() {
  const clock = frozenClock(1_000_000);
  const slept: number[] = [];
  const limiter = new RateLimiter(clock, async (ms) => {
    slept.push(ms);
    clock.advance(ms);
  });
  return { clock, slept, limiter };
}

const limit = { ratePerSecond: 10, burst: 2 };

describe("rate limiter", () => {
  test("the defaults stay under WeLink's published limits: 90 % per API per minute, 80 % of the per-second and per-IP caps", () => {
    expect(DEFAULT_LIMITS.perApi.ratePerSecond * 60).toBe(1500 * 0.9);
    expect(DEFAULT_LIMITS.perApi.burst + DEFAULT_LIMITS.perApi.ratePerSecond * 60).toBeLessThan(1500);
    expect(DEFAULT_LIMITS.perApi.burst + DEFAULT_LIMITS.perApi.ratePerSecond).toBeLessThanOrEqual(40 * 0.8);
    expect(DEFAULT_LIMITS.egress.ratePerSecond * 20).toBe(3000 * 0.8);
  });

  test("waits once the burst is spent; buckets of different keys are independent", async () => {
    const { limiter, slept } = setup();
    for (let i = 0; i < 4; i++) await limiter.acquire("a", limit);
    await limiter.acquire("b", limit);
    expect(slept).toEqual([100, 100]);
  });

  test("a 48503 pauses the bucket; refusals of calls sent before the pause do not lengthen it", () => {
    const { limiter, clock } = setup();
    void limiter.acquire("a", limit);
    const sentAt = clock.now();
    expect(limiter.rateLimited("a", sentAt, DEFAULT_LIMITS)).toBe(1000);
    expect(limiter.rateLimited("a", sentAt, DEFAULT_LIMITS)).toBe(0);
    expect(limiter.peek("a")).toEqual({ pausedUntil: sentAt + 1000, strikes: 1 });
  });

  test("48503s after a pause double it up to the maximum; an answer resets the doubling", () => {
    const { limiter, clock } = setup();
    void limiter.acquire("a", limit);
    const pauses: number[] = [];
    for (let i = 0; i < 9; i++) {
      clock.advance(1);
      pauses.push(limiter.rateLimited("a", clock.now(), DEFAULT_LIMITS));
    }
    expect(pauses).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    limiter.succeeded("a");
    clock.advance(1);
    expect(limiter.rateLimited("a", clock.now(), DEFAULT_LIMITS)).toBe(1000);
  });

  test("a caller already waiting when a pause begins queues again behind the pause", async () => {
    const clock = frozenClock(1_000_000);
    let pauseDuringSleep = false;
    const limiter: RateLimiter = new RateLimiter(clock, async (ms) => {
      if (pauseDuringSleep) {
        pauseDuringSleep = false;
        limiter.rateLimited("a", clock.now(), DEFAULT_LIMITS); // a 1 s pause begins
      }
      clock.advance(ms);
    });
    await limiter.acquire("a", limit);
    await limiter.acquire("a", limit);
    pauseDuringSleep = true;
    const start = clock.now();
    await limiter.acquire("a", limit); // had a slot 100 ms out; after the pause it gets the first one
    expect(clock.now() - start).toBe(1100);
  });

  test("unknown keys are ignored by rateLimited and succeeded", () => {
    const { limiter } = setup();
    expect(limiter.rateLimited("nope", 0, DEFAULT_LIMITS)).toBe(0);
    limiter.succeeded("nope");
    expect(limiter.peek("nope")).toBeUndefined();
  });
});
