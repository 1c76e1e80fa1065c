import { BlockList, isIP } from "node:net";
import { PROXY_NETWORK_NAMES as NAMED, type ProxyTrust } from "../../config.ts";

export type { ProxyTrust };

/** Plain address of `ip`: an IPv4-mapped IPv6 address (a dual-stack socket's) as IPv4. */
export const plain = (ip: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip);

/** Whether an address is in one of `networks` (addresses, CIDRs, or the named sets of TRUST_PROXY). */
export function networkMatcher(networks: readonly string[]): (ip: string) => boolean {
  const list = new BlockList();
  for (const n of networks.flatMap((x) => NAMED[x] ?? [x])) {
    const [addr = "", bits] = n.split("/");
    const family = isIP(addr) === 6 ? "ipv6" : "ipv4";
    list.addSubnet(addr, bits === undefined ? (family === "ipv6" ? 128 : 32) : Number(bits), family);
  }
  return (ip) => {
    const family = isIP(ip);
    return family !== 0 && list.check(ip, family === 6 ? "ipv6" : "ipv4");
  };
}

/**
 * The client's address, as proxy-addr finds it: walk from the socket's peer leftwards through
 * X-Forwarded-For while the hop is a trusted proxy, and take the first one that is not. Values
 * left of that are the caller's own words and are never believed. `socket` is undefined when
 * the request did not come over a socket (in process): it then counts as the nearest hop.
 */
export function compileProxyTrust(trust: ProxyTrust): (socket: string | undefined, forwardedFor: string | undefined) => string | undefined {
  if (trust.kind === "none") return (socket) => (socket === undefined ? undefined : plain(socket));
  const inNetworks = trust.kind === "networks" ? networkMatcher(trust.networks) : undefined;
  const hops = trust.kind === "hops" ? trust.hops : 0;
  const trusted = (ip: string, hop: number) => (inNetworks ? inNetworks(ip) : hop < hops);
  return (socket, forwardedFor) => {
    const chain = (forwardedFor ?? "").split(",").map((s) => plain(s.trim())).filter((s) => s !== "").reverse();
    let hop = 0;
    let current: string | undefined;
    if (socket !== undefined) {
      current = plain(socket);
      if (!trusted(current, hop++)) return current;
    } else if (inNetworks) return undefined;
    else hop = 1;
    for (const next of chain) {
      // A value that is no address was not written by a proxy we trust: stop at the last good hop.
      if (!isIP(next)) return current;
      current = next;
      if (!trusted(current, hop++)) return current;
    }
    return current;
  };
}
