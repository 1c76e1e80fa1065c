import { AndFilter, Attribute, Change, type Client, type Entry, EqualityFilter, FilterParser } from "ldapts";
import type { OaUserWrite } from "../contract.ts";
import { all } from "./map.ts";
import type { LdapMapping, LdapOaSettings } from "./settings.ts";
import type { WRITE_PRESETS } from "./write-settings.ts";

/** A person's attributes as the mapping names them, for a new entry and for a change. */

type Fields = { m: LdapMapping; rdnAttr: string; deptAttr: string | undefined };
export type NewPerson = Fields & { preset: (typeof WRITE_PRESETS)[keyof typeof WRITE_PRESETS]; classes: string[] | undefined; rdnValue: string };

/** The person with this account under the base DN (as the reader would see them) with `attrs`, or undefined. */
export async function findAccount(c: Client, s: LdapOaSettings, m: LdapMapping, account: string, attrs: string[] = []): Promise<Entry | undefined> {
  // The account goes in an EqualityFilter (RFC 4515 escaping), never pasted into filter text.
  const filter = new AndFilter({ filters: [FilterParser.parseString(s.userFilter), new EqualityFilter({ attribute: m.account, value: account })] });
  const { searchEntries } = await c.search(s.baseDn, { scope: "sub", filter, attributes: [m.account, ...attrs], sizeLimit: 2 });
  return searchEntries[0];
}

/** Mapped fields of a write, by attribute (lowercase keys keep one value per attribute). */
function mapped(f: Fields, u: Partial<OaUserWrite>): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  const put = (attr: string | undefined, v: string | undefined) => attr && v !== undefined && v !== "" && out.set(attr.toLowerCase(), [attr, v]);
  put(f.m.account, u.account);
  if (u.name !== undefined && f.rdnAttr.toLowerCase() !== "cn") put("cn", u.name);
  put(f.m.name, u.name);
  put(f.m.mobile[0], u.mobile);
  put(f.m.email, u.email);
  put(f.m.employeeNo, u.employeeNo);
  put(f.m.position, u.position);
  if (f.deptAttr) put(f.deptAttr, u.mainDeptId);
  return out;
}

/** A new person's entry: the object classes, the RDN's value, sn and cn (person requires both), the mapped fields. */
export function personAttributes(p: NewPerson, u: OaUserWrite): Record<string, string[]> {
  const attrs = mapped(p, u);
  for (const [k, v] of Object.entries(p.preset.extra)) attrs.set(k.toLowerCase(), [k, v]);
  if (!attrs.has("cn")) attrs.set("cn", ["cn", u.name]);
  attrs.set("sn", ["sn", u.name]);
  attrs.set(p.rdnAttr.toLowerCase(), [p.rdnAttr, p.rdnValue]);
  const out: Record<string, string[]> = { objectClass: [...(p.classes ?? p.preset.objectClasses)] };
  for (const [attr, v] of attrs.values()) out[attr] = [v];
  return out;
}

/**
 * Whether `e` holds every value a create of `u` writes: then it is that create's own entry, made
 * by a first call whose answer a crash lost. Object classes and the preset's fixed values are left
 * out (a server adds classes; AD manages userAccountControl). Compared as LDAP mostly matches:
 * trimmed, case aside.
 */
export function holdsPerson(p: NewPerson, u: OaUserWrite, e: Entry): boolean {
  return Object.entries(personAttributes(p, u)).every(
    ([attr, values]) => attr === "objectClass" || attr in p.preset.extra || values.every((v) => all(e, attr).includes(v.trim().toLowerCase())),
  );
}

/** The replace changes of an update; the RDN's attribute is left to modifyDN (a rename). */
export function personChanges(f: Fields, u: Partial<OaUserWrite>): Change[] {
  const attrs = mapped(f, u);
  attrs.delete(f.rdnAttr.toLowerCase());
  return [...attrs.values()].map(([type, v]) => new Change({ operation: "replace", modification: new Attribute({ type, values: [v] }) }));
}
