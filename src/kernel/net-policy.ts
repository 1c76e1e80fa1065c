import { lookup } from "node:dns/promises";
import { AppError } from "./errors.ts";
import { type Cidr, formatIp, inCidr, type Ip, LOOPBACK, NEVER, parseCidr, parseIp, PRIVATE } from "./net-address.ts";

/**
 * Where the bridge may connect on a tenant's behalf (its OA, a corp's WeLink API base URL).
 * Only a global admin sets it (OUTBOUND_ALLOW, OUTBOUND_ALLOW_PRIVATE): a tenant admin types
 * the addresses, and without it could make the bridge read its own loopback services or the
 * cloud's metadata endpoint and show the answer back (SSRF).
 */
export type NetPolicy = {
  /** Private ranges (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7) for OA connections. */
  allowPrivate: boolean;
  /**
   * Host names (allowed whatever they resolve to, except link-local / metadata) and address
   * ranges (loopback included when listed), as config.ts checked them.
   */
  allow: readonly string[];
};
type Compiled = { hosts: string[]; cidrs: Cidr[] };
const compiledOf = new WeakMap<NetPolicy, Compiled>();
function compiled(policy: NetPolicy): Compiled {
  let c = compiledOf.get(policy);
  if (!c) {
    c = { hosts: [], cidrs: [] };
    for (const entry of policy.allow) {
      const cidr = parseCidr(entry);
      if (cidr) c.cidrs.push(cidr);
      else c.hosts.push(entry.toLowerCase());
    }
    compiledOf.set(policy, c);
  }
  return c;
}

/** OA connections may reach private ranges by default; WeLink is a public service. */
export type Purpose = "oa" | "welink";
export type Refusal = "never" | "loopback" | "private";

/** Why `ip` (reached as `host`) is refused, or undefined when it may be reached. */
export function refusalOf(policy: NetPolicy, purpose: Purpose, host: string, ip: Ip): Refusal | undefined {
  if (NEVER.some((c) => inCidr(ip, c))) return "never";
  const { hosts, cidrs } = compiled(policy);
  if (hosts.includes(host.toLowerCase()) || cidrs.some((c) => inCidr(ip, c))) return undefined;
  if (LOOPBACK.some((c) => inCidr(ip, c))) return "loopback";
  if (PRIVATE.some((c) => inCidr(ip, c)) && !(purpose === "oa" && policy.allowPrivate)) return "private";
  return undefined;
}

export type Lookup = (host: string) => Promise<string[]>;
const systemLookup: Lookup = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Resolves `host` and checks every address it resolves to (a name that also resolves to a
 * refused address is refused: DNS rebinding). Returns the addresses, so a connector can connect
 * to a checked one. A name that does not resolve throws the resolver's own error (ENOTFOUND),
 * which each connector already words.
 */
export async function checkHost(policy: NetPolicy, purpose: Purpose, host: string, resolve: Lookup = systemLookup): Promise<string[]> {
  const bare = host.replace(/^\[|\]$/g, "");
  const literal = parseIp(bare);
  const addresses = literal !== undefined ? [bare] : await resolve(bare);
  for (const address of addresses) {
    const ip = parseIp(address);
    const reason = ip === undefined ? "never" : refusalOf(policy, purpose, bare, ip);
    if (reason) throw outboundRefused(purpose, bare, ip === undefined ? address : formatIp(ip), reason);
  }
  return addresses;
}

export const checkUrl = (policy: NetPolicy, purpose: Purpose, url: string | URL, resolve?: Lookup) =>
  checkHost(policy, purpose, new URL(url).hostname, resolve);

/**
 * fetch for addresses a tenant typed: the host is checked first and redirects are never
 * followed (a 3xx comes back as it is), so an allowed server cannot send the bridge elsewhere.
 */
export async function fetchChecked(policy: NetPolicy, purpose: Purpose, url: string, init: RequestInit, fetchImpl: typeof fetch = fetch): Promise<Response> {
  await checkUrl(policy, purpose, url);
  return fetchImpl(url, { ...init, redirect: "manual" });
}

/** WeLink's private refusal has its own wording: OUTBOUND_ALLOW_PRIVATE does not apply to it. */
export const outboundRefused = (purpose: Purpose, host: string, address: string, reason: Refusal) =>
  purpose === "welink" && reason === "private"
    ? new AppError("OUTBOUND_REFUSED", { host, address })
    : new AppError("OUTBOUND_REFUSED", { variant: reason, host, address });

/** Allows loopback and private ranges: for the demo, the sandbox and tests, never `serve`'s default. */
export const LOCAL_NET: NetPolicy = { allowPrivate: true, allow: ["localhost", "127.0.0.0/8", "::1"] };
