import { describe, expect, test } from "bun:test";
import { backoffCeiling, backoffDelay } from "../../src/welink/backoff.ts";

const policy = { baseMs: 100, capMs: 5000 };

describe("full-jitter backoff", () => {
  test("the ceiling doubles per retry and stops at the cap", () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((a) => backoffCeiling(a, policy))).toEqual([100, 200, 400, 800, 1600, 3200, 5000]);
    expect(backoffCeiling(1000, policy)).toBe(5000);
  });

  test("the delay spans [0, ceiling): zero at random 0, just under the ceiling at random → 1", () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.999999)).toBe(799);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
  });

  test("stays within bounds for many random draws", () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      for (let i = 0; i < 200; i++) {
        const d = backoffDelay(attempt, policy);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(backoffCeiling(attempt, policy));
      }
    }
  });
});
