/**
 * DN handling the adapter needs (ldapts builds DNs but does not parse them): split a DN into its
 * RDNs per RFC 4514 — `\,` `\+` `\"` `\\` and `\XX` hex escapes, and legacy quoted values — and
 * a canonical form to compare DNs however the server chose to escape them.
 */
export type Rdn = { type: string; value: string }[];

/** The RDNs of a DN, first (leaf) to last; values unescaped. Throws on a malformed DN. */
export function parseDn(dn: string): Rdn[] {
  const rdns: Rdn[] = [];
  let rdn: Rdn = [];
  let i = 0;
  const n = dn.length;
  while (i < n) {
    while (i < n && dn[i] === " ") i++;
    const eq = dn.indexOf("=", i);
    if (eq < 0) throw new Error(`not a DN: ${dn}`);
    const type = dn.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    const bytes: number[] = [];
    const push = (s: string) => bytes.push(...Buffer.from(s, "utf8"));
    if (dn[i] === '"') {
      for (i++; i < n && dn[i] !== '"'; i++) push(dn[i] === "\\" ? dn[++i]! : dn[i]!);
      i++;
      while (i < n && dn[i] === " ") i++;
    } else {
      let trailing = 0;
      for (; i < n && dn[i] !== "," && dn[i] !== "+" && dn[i] !== ";"; i++) {
        if (dn[i] === "\\") {
          const hex = dn.slice(i + 1, i + 3);
          if (/^[0-9A-Fa-f]{2}$/.test(hex)) (bytes.push(parseInt(hex, 16)), (i += 2));
          else push(dn[++i] ?? "");
          trailing = 0;
        } else {
          push(dn[i]!);
          trailing = dn[i] === " " ? trailing + 1 : 0;
        }
      }
      bytes.splice(bytes.length - trailing, trailing);
    }
    rdn.push({ type, value: Buffer.from(bytes).toString("utf8") });
    if (i >= n || dn[i] === "," || dn[i] === ";") (rdns.push(rdn), (rdn = []));
    i++;
  }
  return rdns;
}

/** A DN in one spelling: lowercase types and values (LDAP's usual case-insensitive matching), no escapes. */
export function canonicalDn(dn: string | Rdn[]): string {
  const rdns = typeof dn === "string" ? parseDn(dn) : dn;
  return rdns.map((r) => r.map((p) => `${p.type}=${JSON.stringify(p.value.toLowerCase())}`).sort().join("+")).join(",");
}

/** The canonical DN of the entry's parent ("" at the root). */
export const parentDn = (dn: string): string => canonicalDn(parseDn(dn).slice(1));

/** AD's objectGUID (16 bytes, first three groups little-endian) as the usual GUID text. */
export function guidText(b: Buffer): string {
  if (b.length !== 16) return b.toString("hex");
  const h = (s: number, e: number, le: boolean) => {
    const part = Buffer.from(b.subarray(s, e));
    return (le ? part.reverse() : part).toString("hex");
  };
  return `${h(0, 4, true)}-${h(4, 6, true)}-${h(6, 8, true)}-${h(8, 10, false)}-${h(10, 16, false)}`;
}
