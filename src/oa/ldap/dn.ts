/**
 * DN handling the adapter needs (ldapts builds DNs but does not parse them): split a DN into its
 * RDNs per RFC 4514 — `\,` `\+` `\"` `\\` and `\XX` hex escapes, and legacy quoted values — and
 * a canonical form to compare DNs however the server chose to escape them.
 */
export type Rdn = { type: string; value: string }[];
const HEX = /^[0-9A-Fa-f]{2}$/;

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
    // Text as is; runs of \XX escapes are bytes (one UTF-8 character may take several).
    let value = "";
    let bytes: number[] = [];
    const flush = () => {
      if (bytes.length) (value += Buffer.from(bytes).toString("utf8")), (bytes = []);
    };
    if (dn[i] === '"') {
      for (i++; i < n && dn[i] !== '"'; i++) value += dn[i] === "\\" ? dn[++i]! : dn[i]!;
      i++;
      while (i < n && dn[i] === " ") i++;
    } else {
      let trailing = 0;
      for (; i < n && dn[i] !== "," && dn[i] !== "+" && dn[i] !== ";"; i++) {
        const c = dn[i]!;
        if (c === "\\" && HEX.test(dn.slice(i + 1, i + 3))) {
          bytes.push(parseInt(dn.slice(i + 1, i + 3), 16));
          i += 2;
          trailing = 0;
          continue;
        }
        flush();
        if (c === "\\") (value += dn[++i] ?? ""), (trailing = 0);
        else (value += c), (trailing = c === " " ? trailing + 1 : 0);
      }
      flush();
      if (trailing) value = value.slice(0, value.length - trailing);
    }
    rdn.push({ type, value });
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

/** The bytes of a GUID text (guidText's inverse), to find an entry by objectGUID. */
export function guidFromText(text: string): Buffer {
  const hex = text.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return Buffer.from(text, "utf8");
  const b = Buffer.from(hex, "hex");
  const le = (s: number, e: number) => Buffer.from(b.subarray(s, e)).reverse();
  return Buffer.concat([le(0, 4), le(4, 6), le(6, 8), b.subarray(8, 16)]);
}

/**
 * One RDN as text, its value escaped per RFC 4514 with hex pairs only (`\2c`, `\5c`…): no bare
 * comma or backslash is left, so a DN built from it splits where it should (ldapts's modifyDN
 * splits the new DN at the first comma not after a backslash).
 */
export function rdnText(type: string, value: string): string {
  const hex = (c: string) => [...Buffer.from(c, "utf8")].map((b) => `\\${b.toString(16).padStart(2, "0")}`).join("");
  const body = value.replace(/[,+"\\<>;=\0]/g, hex).replace(/^[ #]/, hex).replace(/ $/, hex);
  return `${type}=${body}`;
}
