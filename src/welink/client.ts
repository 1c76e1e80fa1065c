import type { NetPolicy } from "../kernel/net-policy.ts";
import type { Clock } from "../kernel/clock.ts";
import type { Logger } from "../kernel/log.ts";
import { type AppCredentials, appTokenFetcher, authApi, type AuthApi } from "./auth.ts";
import { type BackoffPolicy, DEFAULT_BACKOFF } from "./backoff.ts";
import { createCaller } from "./caller.ts";
import { contactsListApi, type ContactsListApi } from "./contacts-list.ts";
import { contactsReadApi, type ContactsReadApi } from "./contacts-read.ts";
import { type ContactsWriteApi, contactsWriteApi } from "./contacts-write.ts";
import { messagesApi, type MessagesApi } from "./messages.ts";
import { type BucketLimit, DEFAULT_LIMITS, type RateLimits } from "./rate-limiter.ts";
import { createWelinkRegistry, defaultRegistry, type WelinkRegistry } from "./registry.ts";
import type { TokenFetcher } from "./token-cache.ts";
import { todoApi, type TodoApi } from "./todo.ts";

/** Production; tests and sandbox mode pass the sandbox's URL instead (paths are the same). */
export const WELINK_BASE_URL = "https://open.welink.huaweicloud.com";

export type LimitsOption =
  | { perApi?: Partial<BucketLimit>; egress?: Partial<BucketLimit>; pauseMs?: number; maxPauseMs?: number }
  /** No client-side rate limiting at all (only for a sandbox whose caps are lifted). */
  | "unlimited";

export type WelinkClientOptions = {
  baseUrl: string;
  /** The global allow-list (config.outbound): a corp's base URL is typed by a tenant admin. */
  net: NetPolicy;
  clientId: string;
  clientSecret: string;
  /** ISV apps only: act in the tenant that installed the app (§1.1). */
  tenantId?: string;
  tokenApi?: "v2" | "v1";
  /** Builds a private registry on this clock when no `registry` is given (tests freeze time). */
  clock?: Clock;
  log?: Logger;
  /** Defaults to 80 % of WeLink's published limits (rate-limiter.ts). */
  limits?: LimitsOption;
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  /** Retries after the first attempt, for failures that may pass on another try; default 4. */
  retries?: number;
  backoff?: Partial<BackoffPolicy>;
  /** Shares tokens and rate-limit buckets between clients of one app; default: the process-wide one. */
  registry?: WelinkRegistry;
  random?: () => number;
};

export type WelinkClient = {
  auth: AuthApi;
  contacts: ContactsReadApi & ContactsWriteApi & { list: ContactsListApi };
  todo: TodoApi;
  messages: MessagesApi;
  /** Checks the credentials by getting an app token (cached if still good). Throws a WelinkError. */
  testConnection(): Promise<{ ok: true; ms: number }>;
};

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export function resolveLimits(o: LimitsOption | undefined): RateLimits {
  if (o === undefined || o === "unlimited") return DEFAULT_LIMITS;
  return {
    perApi: { ...DEFAULT_LIMITS.perApi, ...o.perApi },
    egress: { ...DEFAULT_LIMITS.egress, ...o.egress },
    pauseMs: o.pauseMs ?? DEFAULT_LIMITS.pauseMs,
    maxPauseMs: o.maxPauseMs ?? DEFAULT_LIMITS.maxPauseMs,
  };
}

export function createWelinkClient(o: WelinkClientOptions): WelinkClient {
  const registry = o.registry ?? (o.clock ? createWelinkRegistry({ clock: o.clock }) : defaultRegistry);
  const baseUrl = o.baseUrl.replace(/\/+$/, "");
  const creds: AppCredentials = { clientId: o.clientId, clientSecret: o.clientSecret, tenantId: o.tenantId, tokenApi: o.tokenApi ?? "v2" };
  const tokens = registry.tokenCache({ baseUrl, ...creds });
  let fetchToken: TokenFetcher | undefined;
  const call = createCaller({
    transport: { baseUrl, timeoutMs: o.timeoutMs ?? 10_000, net: o.net },
    appKey: `${baseUrl}|${o.clientId}`,
    clientSecret: o.clientSecret,
    tokens,
    fetchToken: () => fetchToken!,
    limiter: o.limits === "unlimited" ? undefined : registry.limiter,
    limits: resolveLimits(o.limits),
    retries: o.retries ?? 4,
    backoff: { ...DEFAULT_BACKOFF, ...o.backoff },
    clock: registry.clock,
    sleep: registry.sleep,
    random: o.random ?? Math.random,
    log: o.log ?? silent,
  });
  fetchToken = appTokenFetcher(call, creds);
  const read = contactsReadApi(call);
  return {
    auth: authApi(call, creds),
    contacts: { ...read, ...contactsWriteApi(call, registry.clock, registry.sleep), list: contactsListApi(read) },
    todo: todoApi(call),
    messages: messagesApi(call),
    async testConnection() {
      const started = performance.now();
      await tokens.get(fetchToken!);
      return { ok: true, ms: Math.round(performance.now() - started) };
    },
  };
}
