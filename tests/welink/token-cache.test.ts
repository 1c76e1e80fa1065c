import { describe, expect, test } from "bun:test";
import { frozenClock } from "../../src/kernel/clock.ts";
import { fromWelinkCode, unavailable } from "../../src/welink/errors.ts";
import { TokenCache, type FetchedToken } from "../../src/welink/token-cache.ts";

/** A fetcher that hands out t1, t2, … and counts its calls. */
function fetcher(expiresIn = 7200) {
  let n = 0;
  const f = Object.assign(
    async (): Promise<FetchedToken> => {
      n++;
      f.calls = n;
      return { accessToken: `t${n}`, expiresIn };
    },
    { calls: 0 },
  );
  return f;
}

describe("token cache", () => {
  test("reuses the token until expires_in − 300 s, then fetches a new one", async () => {
    const clock = frozenClock();
    const cache = new TokenCache(clock);
    const f = fetcher(7200);
    expect((await cache.get(f)).value).toBe("t1");
    clock.advance(6899_000);
    expect((await cache.get(f)).value).toBe("t1");
    clock.advance(1000);
    expect((await cache.get(f)).value).toBe("t2");
    expect(f.calls).toBe(2);
  });

  test("a short-lived token is used for half its life", async () => {
    const clock = frozenClock();
    const cache = new TokenCache(clock);
    const f = fetcher(60);
    await cache.get(f);
    clock.advance(29_999);
    expect((await cache.get(f)).value).toBe("t1");
    clock.advance(1);
    expect((await cache.get(f)).value).toBe("t2");
  });

  test("one fetch in flight: fifty concurrent callers share it", async () => {
    const cache = new TokenCache(frozenClock());
    const f = fetcher();
    const leases = await Promise.all(Array.from({ length: 50 }, () => cache.get(f)));
    expect(new Set(leases.map((l) => l.value))).toEqual(new Set(["t1"]));
    expect(f.calls).toBe(1);
  });

  test("renewing a refused token fetches once, however many callers saw it refused", async () => {
    const cache = new TokenCache(frozenClock());
    const f = fetcher();
    const stale = await cache.get(f);
    const renewed = await Promise.all(Array.from({ length: 10 }, () => cache.renew(stale, f, false)));
    expect(new Set(renewed.map((l) => l.value))).toEqual(new Set(["t2"]));
    // A caller that saw the old token refused later gets the new one without another fetch.
    expect((await cache.renew(stale, f, false)).value).toBe("t2");
    expect(f.calls).toBe(2);
  });

  test("a token renewed after a 501 is marked, so a second 501 is not renewed again soon", async () => {
    const cache = new TokenCache(frozenClock());
    const f = fetcher();
    const stale = await cache.get(f);
    expect(stale.afterPermissionError).toBe(false);
    expect((await cache.renew(stale, f, true)).afterPermissionError).toBe(true);
  });

  test("a wrong secret is remembered: callers get the same error without asking WeLink again", async () => {
    const clock = frozenClock();
    const cache = new TokenCache(clock, { marginSeconds: 300, failureHoldMs: 60_000 });
    let calls = 0;
    const wrong = async (): Promise<FetchedToken> => {
      calls++;
      throw fromWelinkCode({ api: "POST /api/auth/v2/tickets", welinkCode: "10007", welinkMessage: "wrong" });
    };
    for (let i = 0; i < 5; i++) await expect(cache.get(wrong)).rejects.toMatchObject({ code: "WELINK_AUTH_FAILED" });
    expect(calls).toBe(1);
    clock.advance(60_000);
    await expect(cache.get(wrong)).rejects.toMatchObject({ code: "WELINK_AUTH_FAILED" });
    expect(calls).toBe(2);
    cache.clear();
    expect((await cache.get(fetcher())).value).toBe("t1");
  });

  test("a transient failure is not remembered", async () => {
    const cache = new TokenCache(frozenClock());
    let calls = 0;
    const flaky = async (): Promise<FetchedToken> => {
      if (++calls === 1) throw unavailable("POST /api/auth/v2/tickets", "HTTP 503");
      return { accessToken: "ok", expiresIn: 7200 };
    };
    await expect(cache.get(flaky)).rejects.toMatchObject({ code: "WELINK_UNAVAILABLE" });
    expect((await cache.get(flaky)).value).toBe("ok");
  });

  test("a fetcher that throws synchronously does not wedge the cache", async () => {
    const cache = new TokenCache(frozenClock());
    const boom = (() => {
      throw new Error("boom");
    }) as unknown as () => Promise<FetchedToken>;
    await expect(cache.get(boom)).rejects.toThrow("boom");
    expect((await cache.get(fetcher())).value).toBe("t1");
  });
});
