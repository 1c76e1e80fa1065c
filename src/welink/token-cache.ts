import type { Clock } from "../kernel/clock.ts";
import { WelinkError } from "./errors.ts";

export type TokenLease = {
  value: string;
  fetchedAt: number;
  /** Fetched because an older token got 501: a second 501 with it is a real missing permission. */
  afterPermissionError: boolean;
};
export type FetchedToken = { accessToken: string; expiresIn: number };
export type TokenFetcher = () => Promise<FetchedToken>;

export type TokenCacheOptions = {
  /** Refresh this long before WeLink's `expires_in` runs out (the docs advise 300 s, §1.1). */
  marginSeconds: number;
  /**
   * After WeLink rejects the credentials (10007) or reports a lock (41403), answer every caller
   * with that error for this long instead of asking again: WeLink locks a client_id after a few
   * wrong secrets, and our own retries must never be what locks it.
   */
  failureHoldMs: number;
};
export const DEFAULT_TOKEN_CACHE: TokenCacheOptions = { marginSeconds: 300, failureHoldMs: 5 * 60_000 };

type Cached = TokenLease & { refreshAt: number };

/** One app's access token: cached, refreshed ahead of expiry, one fetch in flight at a time. */
export class TokenCache {
  private current: Cached | undefined;
  private inflight: Promise<TokenLease> | undefined;
  private failure: { error: unknown; until: number } | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly options: TokenCacheOptions = DEFAULT_TOKEN_CACHE,
  ) {}

  /** A token good for now; callers arriving during a fetch share it. */
  get(fetch: TokenFetcher): Promise<TokenLease> {
    const c = this.current;
    if (c && this.clock.now() < c.refreshAt) return Promise.resolve(c);
    return this.refresh(fetch, false);
  }

  /** WeLink refused `stale`: drop it and fetch another, unless a newer one is already here or coming. */
  renew(stale: TokenLease, fetch: TokenFetcher, afterPermissionError: boolean): Promise<TokenLease> {
    const c = this.current;
    if (c && c.value !== stale.value && this.clock.now() < c.refreshAt) return Promise.resolve(c);
    if (c?.value === stale.value) this.current = undefined;
    return this.refresh(fetch, afterPermissionError);
  }

  /** Forgets the token and any held credential failure (e.g. after the secret was changed). */
  clear(): void {
    this.current = undefined;
    this.failure = undefined;
  }

  private refresh(fetch: TokenFetcher, afterPermissionError: boolean): Promise<TokenLease> {
    if (this.inflight) return this.inflight;
    if (this.failure && this.clock.now() < this.failure.until) return Promise.reject(this.failure.error);
    const p = this.fetchInto(fetch, afterPermissionError);
    this.inflight = p;
    const done = () => {
      if (this.inflight === p) this.inflight = undefined;
    };
    p.then(done, done);
    return p;
  }

  private async fetchInto(fetch: TokenFetcher, afterPermissionError: boolean): Promise<TokenLease> {
    try {
      const t = await fetch();
      const fetchedAt = this.clock.now();
      const margin = this.options.marginSeconds;
      // A short-lived token (tests, or WeLink changing expires_in) is used for half its life.
      const lifeSeconds = t.expiresIn > 2 * margin ? t.expiresIn - margin : t.expiresIn / 2;
      this.current = { value: t.accessToken, fetchedAt, afterPermissionError, refreshAt: fetchedAt + lifeSeconds * 1000 };
      this.failure = undefined;
      return this.current;
    } catch (error) {
      if (error instanceof WelinkError && (error.code === "WELINK_AUTH_FAILED" || error.code === "WELINK_LOCKED")) {
        this.failure = { error, until: this.clock.now() + this.options.failureHoldMs };
      }
      throw error;
    }
  }
}
