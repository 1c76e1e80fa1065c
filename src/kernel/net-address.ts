import { isIP } from "node:net";

/** An IP address as a 128-bit number (IPv4 as its IPv4-mapped IPv6 form), so one CIDR check serves both. */
export type Ip = bigint;
export type Cidr = { base: Ip; bits: number };

const MAPPED = 0xffffn << 32n;

function v4(text: string): Ip | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return MAPPED | parts.reduce((n, p) => (n << 8n) | BigInt(Number(p)), 0n);
}

function v6(text: string): Ip | undefined {
  let s = text.replace(/^\[|\]$/g, "").replace(/%.*$/, "").toLowerCase();
  let tail: bigint[] = [];
  const dotted = s.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const four = v4(dotted[2]!);
    if (four === undefined) return undefined;
    tail = [(four >> 16n) & 0xffffn, four & 0xffffn];
    s = dotted[1]!.endsWith("::") ? dotted[1]! : dotted[1]!.slice(0, -1);
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === "" ? [] : h.split(":"));
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  const missing = 8 - tail.length - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return undefined;
  const all = [...head.map((g) => BigInt(`0x${g}`)), ...Array<bigint>(Math.max(missing, 0)).fill(0n), ...rest.map((g) => BigInt(`0x${g}`)), ...tail];
  return all.reduce((n, g) => (n << 16n) | g, 0n);
}

/** A literal IPv4 or IPv6 address (brackets and zone allowed), or undefined for a host name. */
export function parseIp(text: string): Ip | undefined {
  const bare = text.replace(/^\[|\]$/g, "");
  const kind = isIP(bare.replace(/%.*$/, ""));
  return kind === 4 ? v4(bare) : kind === 6 ? v6(bare) : undefined;
}

/** "10.0.0.0/8", "fd00::/8" or a single address (all its bits). */
export function parseCidr(text: string): Cidr | undefined {
  const [addr, len] = text.split("/");
  const base = parseIp(addr ?? "");
  if (base === undefined) return undefined;
  const isV4 = isIP(addr!) === 4;
  const max = isV4 ? 32 : 128;
  const n = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(n >= 0 && n <= max)) return undefined;
  return { base, bits: isV4 ? n + 96 : n };
}

export function inCidr(ip: Ip, c: Cidr): boolean {
  const shift = BigInt(128 - c.bits);
  return ip >> shift === c.base >> shift;
}

const cidrs = (list: string[]) => list.map((t) => parseCidr(t)!);

/** Link-local, cloud metadata and "this network": reaching them reads the host's own credentials. */
export const NEVER = cidrs(["169.254.0.0/16", "fe80::/10", "fd00:ec2::254", "100.100.100.200", "0.0.0.0/8", "::", "224.0.0.0/4", "ff00::/8", "255.255.255.255"]);
/** The machine itself: its admin ports, databases and the bridge. */
export const LOOPBACK = cidrs(["127.0.0.0/8", "::1"]);
/** Private networks, where an OA usually lives. */
export const PRIVATE = cidrs(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"]);

/** IPv4-mapped (::ffff:a.b.c.d) is the same place as a.b.c.d, and is how IPv4 is kept here. */
export function formatIp(ip: Ip): string {
  if (ip >> 32n === 0xffffn) return [24n, 16n, 8n, 0n].map((s) => String((ip >> s) & 0xffn)).join(".");
  return Array.from({ length: 8 }, (_, i) => ((ip >> BigInt(112 - i * 16)) & 0xffffn).toString(16)).join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}
