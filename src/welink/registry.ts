import { createHash } from "node:crypto";
import { type Clock, systemClock } from "../kernel/clock.ts";
import { RateLimiter } from "./rate-limiter.ts";
import { DEFAULT_TOKEN_CACHE, TokenCache, type TokenCacheOptions } from "./token-cache.ts";

/**
 * State that must outlive one client object: the bridge may build a client per request, but
 * WeLink counts calls per app and per source address, and a token per request would be both
 * slow and rate limited. Clients built on the same registry for the same app share its token
 * cache and its rate-limit buckets.
 */
export type WelinkRegistry = {
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly limiter: RateLimiter;
  tokenCache(key: TokenCacheKey): TokenCache;
};

export type TokenCacheKey = { baseUrl: string; clientId: string; clientSecret: string; tenantId?: string; tokenApi: string };

export type RegistryOptions = {
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
  tokenCache?: Partial<TokenCacheOptions>;
};

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function createWelinkRegistry(options: RegistryOptions = {}): WelinkRegistry {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? realSleep;
  const cacheOptions = { ...DEFAULT_TOKEN_CACHE, ...options.tokenCache };
  const caches = new Map<string, TokenCache>();
  return {
    clock,
    sleep,
    limiter: new RateLimiter(clock, sleep),
    tokenCache(key) {
      // The secret's hash is part of the key: after the secret is corrected, a held
      // "wrong secret" answer (token-cache.ts) must not stand in for the new one.
      const id = [key.baseUrl, key.clientId, key.tenantId ?? "", key.tokenApi, digest(key.clientSecret)].join("|");
      let cache = caches.get(id);
      if (!cache) caches.set(id, (cache = new TokenCache(clock, cacheOptions)));
      return cache;
    },
  };
}

const digest = (secret: string) => createHash("sha256").update(secret).digest("base64url").slice(0, 22);

/** The process-wide registry used when a client is given neither a registry nor a clock. */
export const defaultRegistry: WelinkRegistry = createWelinkRegistry();
