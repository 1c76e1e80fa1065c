import type { Clock } from "../kernel/clock.ts";
import type { Logger } from "../kernel/log.ts";
import { backoffDelay, type BackoffPolicy } from "./backoff.ts";
import { NO_PERMISSION_CODE, RATE_LIMITED_CODE, TOKEN_ERROR_CODES, WelinkError } from "./errors.ts";
import type { RateLimiter, RateLimits } from "./rate-limiter.ts";
import type { TokenCache, TokenFetcher, TokenLease } from "./token-cache.ts";
import { apiOf, attempt, type CallSpec, type Envelope, type TransportOptions } from "./transport.ts";

export type Call = (spec: CallSpec) => Promise<Envelope>;

export type CallerDeps = {
  transport: TransportOptions;
  /** Names this app in rate-limit keys: base URL and client id. */
  appKey: string;
  clientSecret: string;
  tokens: TokenCache;
  /** Fetches the app token; set once the caller exists, since fetching goes through the caller. */
  fetchToken: () => TokenFetcher;
  /** Undefined when limits are lifted. */
  limiter: RateLimiter | undefined;
  limits: RateLimits;
  retries: number;
  backoff: BackoffPolicy;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  log: Logger;
};

/** After a 501 the token is renewed at most this often (a grant is picked up; a refusal costs little). */
const PERMISSION_RECHECK_MS = 60_000;

/**
 * Every WeLink call goes through here: wait for the rate limiter, attach the app token, one
 * attempt, then on failure: a fresh token and one retry on a token error, a paused bucket on
 * 48503, and full-jitter backoff for what may pass on another try.
 */
export function createCaller(d: CallerDeps): Call {
  const egressKey = new URL(d.transport.baseUrl).host;
  return async function call(spec: CallSpec): Promise<Envelope> {
    const api = apiOf(spec);
    const apiKey = `${d.appKey}|${api}`;
    const baseSecrets = [d.clientSecret, ...(spec.secrets ?? [])];
    let renewed = false;
    for (let retry = 0; ; ) {
      if (d.limiter) {
        await d.limiter.acquire(apiKey, d.limits.perApi);
        await d.limiter.acquire(egressKey, d.limits.egress);
      }
      const lease = spec.auth === "app" ? await d.tokens.get(d.fetchToken()) : undefined;
      const token = lease?.value ?? (typeof spec.auth === "object" ? spec.auth.userToken : undefined);
      const sentAt = d.clock.now();
      const started = performance.now();
      try {
        const answer = await attempt(d.transport, spec, token, token ? [...baseSecrets, token] : baseSecrets);
        d.limiter?.succeeded(apiKey);
        d.log.debug("welink call", { api, retry, ms: elapsed(started) });
        return answer;
      } catch (error) {
        if (!(error instanceof WelinkError)) throw error;
        d.log.debug("welink call failed", { api, retry, ms: elapsed(started), error: error.code, welinkCode: error.welinkCode });
        if (error.welinkCode === RATE_LIMITED_CODE) d.limiter?.rateLimited(apiKey, sentAt, d.limits);
        else d.limiter?.succeeded(apiKey);
        if (lease && !renewed && needsNewToken(error, lease, d.clock.now())) {
          renewed = true;
          await d.tokens.renew(lease, d.fetchToken(), error.welinkCode === NO_PERMISSION_CODE);
          continue;
        }
        if (!mayRetry(error, spec) || retry >= d.retries) throw error;
        const delayMs = backoffDelay(retry, d.backoff, d.random);
        d.log.warn("welink call failed; retrying", { api, retry: retry + 1, delayMs, error: error.code, welinkCode: error.welinkCode });
        await d.sleep(delayMs);
        retry++;
      }
    }
  };
}

function needsNewToken(error: WelinkError, lease: TokenLease, now: number): boolean {
  if (error.welinkCode !== undefined && TOKEN_ERROR_CODES.has(error.welinkCode)) return true;
  // 501 from a token fetched before a grant (§0.4); a token fetched for that reason is not renewed again soon.
  return error.welinkCode === NO_PERMISSION_CODE && (!lease.afterPermissionError || now - lease.fetchedAt >= PERMISSION_RECHECK_MS);
}

function mayRetry(error: WelinkError, spec: CallSpec): boolean {
  if (error.code === "WELINK_RATE_LIMITED") return true;
  // A token refused even after renewal will not be accepted on another try.
  if (error.code === "WELINK_TOKEN_INVALID") return false;
  return error.retryable && spec.idempotent !== false;
}

const elapsed = (started: number) => Math.round(performance.now() - started);
