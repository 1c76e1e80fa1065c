import { type Client, EqualityFilter, type Entry, ResultCodeError } from "ldapts";
import { AppError } from "../../kernel/errors.ts";
import { guidFromText, parseDn } from "./dn.ts";
import { BINARY, first } from "./map.ts";

/** The few reads the writer needs around its writes, and its failures named. */

/** Result codes where the schema refused an entry: undefinedAttributeType, invalidAttributeSyntax, namingViolation, objectClassViolation, notAllowedOnRDN, objectClassModsProhibited. */
const SCHEMA = new Set([17, 21, 64, 65, 67, 69]);
const firstLine = (e: Error) => e.message.split("\n")[0]!.slice(0, 300);

/** A write's failure as a catalog error; anything else is left for ldapFailure (connection, timeouts, the server's own words). */
export function writeFailure(e: unknown, dn: string, bindDn: string): unknown {
  if (!(e instanceof ResultCodeError)) return e;
  if (e.code === 50) return new AppError("OA_LDAP_WRITE_ACCESS", { bindDn, dn });
  if (SCHEMA.has(e.code)) return new AppError("OA_LDAP_OBJECT_CLASS", { dn, resultCode: e.code, reason: firstLine(e) });
  if (e.code === 32) return new AppError("OA_LDAP_NOT_FOUND", { variant: "dn", dn });
  if (e.code === 68) return new AppError("OA_LDAP_ENTRY_EXISTS", { dn });
  return e;
}

/** Runs one write, naming its failure. */
export async function writing<T>(dn: string, bindDn: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    throw writeFailure(e, dn, bindDn);
  }
}

export const isAlreadyThere = (e: unknown) => e instanceof AppError && e.code === "OA_LDAP_ENTRY_EXISTS";

export type Finder = { baseDn: string; idAttr: string };
const binaryOf = (attrs: string[]) => attrs.filter((a) => BINARY.has(a.toLowerCase()));

/** The entry whose immutable id is `id`, with `attrs`; objectGUID is matched as the bytes its text stands for. */
export async function entryById(c: Client, f: Finder, id: string, attrs: string[]): Promise<Entry | undefined> {
  const value = f.idAttr.toLowerCase() === "objectguid" ? guidFromText(id) : id;
  const attributes = [f.idAttr, ...attrs];
  const { searchEntries } = await c.search(f.baseDn, { scope: "sub", filter: new EqualityFilter({ attribute: f.idAttr, value }), attributes, explicitBufferAttributes: binaryOf(attributes), sizeLimit: 2 });
  return searchEntries.length === 1 ? searchEntries[0] : undefined;
}

export async function mustById(c: Client, f: Finder, id: string, attrs: string[] = []): Promise<Entry> {
  const e = await entryById(c, f, id, attrs);
  if (!e) throw new AppError("OA_LDAP_NOT_FOUND", { id });
  return e;
}

/** The entry at `dn` (undefined when there is none), with `attrs`. */
export async function entryAt(c: Client, dn: string, attrs: string[]): Promise<Entry | undefined> {
  try {
    const { searchEntries } = await c.search(dn, { scope: "base", attributes: attrs, explicitBufferAttributes: binaryOf(attrs) });
    return searchEntries[0];
  } catch (e) {
    if (e instanceof ResultCodeError && e.code === 32) return undefined;
    throw e;
  }
}

/** The immutable id of the entry at `dn`, read back after a write (the server made it). */
export async function idAt(c: Client, f: Finder, dn: string): Promise<string> {
  const e = await entryAt(c, dn, [f.idAttr]);
  const id = e && first(e, f.idAttr);
  if (!id) throw new AppError("OA_LDAP_ERROR", { resultCode: "-", reason: `no ${f.idAttr} on ${dn} after writing it` });
  return id;
}

/** How many entries sit directly under `dn`. */
export async function childCount(c: Client, dn: string): Promise<number> {
  const { searchEntries } = await c.search(dn, { scope: "one", attributes: ["1.1"], sizeLimit: 1000 });
  return searchEntries.length;
}

/** The DN of an entry's parent, as the server spelled it (to build a sibling's DN). */
export function parentText(dn: string): string {
  const rdns = parseDn(dn);
  if (rdns.length < 2) return "";
  // Cut after the first RDN: its separator is the first comma not escaped.
  for (let i = 0, escaped = false, quoted = false; i < dn.length; i++) {
    const ch = dn[i]!;
    if (escaped) escaped = false;
    else if (ch === "\\") escaped = true;
    else if (ch === '"') quoted = !quoted;
    else if ((ch === "," || ch === ";") && !quoted) return dn.slice(i + 1).trim();
  }
  return "";
}
