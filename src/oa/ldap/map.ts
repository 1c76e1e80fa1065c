import type { Entry } from "ldapts";
import type { OaUser } from "../contract.ts";
import { canonicalDn, guidText, parentDn } from "./dn.ts";
import type { LdapMapping } from "./settings.ts";

type Value = Entry[string];

/** Attributes whose values are binary and must come back as bytes (read as text they would be mangled). */
export const BINARY = new Set(["objectguid"]);

/** An entry's attributes by lowercase name (LDAP names match case-insensitively), built once per entry. */
type Attrs = Map<string, Value | undefined>;
const byName = new WeakMap<Entry, Attrs>();
function attrsOf(entry: Entry): Attrs {
  const known = byName.get(entry);
  if (known) return known;
  const made: Attrs = new Map(Object.keys(entry).map((k) => [k.toLowerCase(), entry[k]]));
  byName.set(entry, made);
  return made;
}

/** The first value of an attribute as text; binary ids as a GUID. */
export function first(entry: Entry, attr: string | undefined): string | undefined {
  if (!attr) return undefined;
  const raw = attrsOf(entry).get(attr.toLowerCase());
  const v = Array.isArray(raw) ? raw[0] : raw;
  if (v === undefined) return undefined;
  if (Buffer.isBuffer(v)) return BINARY.has(attr.toLowerCase()) ? guidText(v) : v.toString("utf8");
  const text = String(v).trim();
  return text === "" ? undefined : text;
}

export function all(entry: Entry, attr: string): string[] {
  const raw = attrsOf(entry).get(attr.toLowerCase()) ?? [];
  return (Array.isArray(raw) ? raw : [raw]).map((v) => (Buffer.isBuffer(v) ? v.toString("utf8") : String(v)).trim().toLowerCase());
}

/** Every attribute a person search asks for. */
export function userAttributes(m: LdapMapping, deptAttr: string | undefined): string[] {
  const disabledAttr = m.disabled.by === "userAccountControl" ? "userAccountControl" : m.disabled.by === "values" ? m.disabled.attribute : undefined;
  const names = [m.id, m.account, m.name, "cn", ...m.mobile, m.email, m.employeeNo, m.position, m.modified, disabledAttr, deptAttr];
  return [...new Set(names.filter((x): x is string => !!x))];
}

function isActive(entry: Entry, m: LdapMapping): boolean {
  if (m.disabled.by === "userAccountControl") return (Number(first(entry, "userAccountControl") ?? 0) & 2) === 0;
  if (m.disabled.by === "values") {
    const off = new Set(m.disabled.values.map((v) => v.toLowerCase()));
    return !all(entry, m.disabled.attribute).some((v) => off.has(v));
  }
  return true;
}

/** Where a person's department comes from: the OU they sit in (canonical parent DN → OU id), an attribute, or the groups listing them (canonical DN → group ids). */
export type DeptOf = { kind: "ou"; idOfDn: Map<string, string> } | { kind: "attribute"; attribute: string } | { kind: "groups"; of: Map<string, string[]> };

/** The person's main department and part-time ones. */
function deptsOf(entry: Entry, dept: DeptOf): { main: string | undefined; partTime: string[] } {
  if (dept.kind === "ou") return { main: dept.idOfDn.get(parentDn(entry.dn)), partTime: [] };
  if (dept.kind === "attribute") return { main: first(entry, dept.attribute), partTime: [] };
  const [main, ...partTime] = dept.of.get(canonicalDn(entry.dn)) ?? [];
  return { main, partTime };
}

/** A person entry as an OaUser; undefined when it has no id or account (such entries cannot be bound). */
export function mapUser(entry: Entry, m: LdapMapping, dept: DeptOf): OaUser | undefined {
  const id = first(entry, m.id);
  const account = first(entry, m.account);
  if (!id || !account) return undefined;
  const { main: mainDeptId, partTime } = deptsOf(entry, dept);
  const mobile = m.mobile.map((a) => first(entry, a)).find((v) => v !== undefined);
  const opt = (k: keyof OaUser, v: string | undefined) => (v === undefined ? {} : { [k]: v });
  return {
    id,
    account,
    name: first(entry, m.name) ?? first(entry, "cn") ?? account,
    ...opt("mobile", mobile),
    ...opt("email", first(entry, m.email)),
    ...opt("employeeNo", first(entry, m.employeeNo)),
    ...opt("position", first(entry, m.position)),
    ...opt("mainDeptId", mainDeptId),
    partTimeDeptIds: partTime,
    active: isActive(entry, m),
  };
}
