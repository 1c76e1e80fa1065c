import { BlockList, isIP } from "node:net";

/**
 * Which hops in front of the bridge are its own proxies (TRUST_PROXY): none, the nearest `hops`,
 * or those whose address is in `networks` (CIDRs; the names loopback, private, linklocal).
 */
export type ProxyTrust = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "networks"; networks: string[] };

const NAMED: Record<string, string[]> = {
  loopback: ["127.0.0.0/8", "::1/128"],
  private: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
  linklocal: ["169.254.0.0/16", "fe80::/10"],
};

/** Why `entry` is not a network TRUST_PROXY can name, or undefined when it is one. */
export function proxyNetworkProblem(entry: string): string | undefined {
  if (NAMED[entry]) return undefined;
  const [addr = "", bits, extra] = entry.split("/");
  const family = isIP(addr);
  if (!family || extra !== undefined) return `"${entry}" is not an address, a CIDR (10.0.0.0/8) or one of ${Object.keys(NAMED).join(", ")}`;
  const max = family === 4 ? 32 : 128;
  if (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max)) return `"${entry}": the prefix must be 0–${max}`;
  return undefined;
}

/** Plain address of `ip`: an IPv4-mapped IPv6 address (a dual-stack socket's) as IPv4. */
const plain = (ip: string) => (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(ip) ? ip.slice(7) : ip);

function networkMatcher(networks: readonly string[]): (ip: string) => boolean {
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
