import type { NetPolicy } from "../../kernel/net-policy.ts";
import { Attribute, Change, type Client, type Entry } from "ldapts";
import { AppError } from "../../kernel/errors.ts";
import type { OaDeptWrite, OaUserWrite, OaWriteCapability, OaWriter } from "../contract.ts";
import { withServiceClient } from "./client.ts";
import { canonicalDn, parseDn, rdnText } from "./dn.ts";
import { all, first } from "./map.ts";
import { type LdapOaSecrets, type LdapOaSettings, mappingOf } from "./settings.ts";
import { childCount, entryAt, type Finder, idAt, isAlreadyThere, mustById, parentText, writing } from "./write-entry.ts";
import { findAccount, holdsPerson, type NewPerson, personAttributes, personChanges } from "./write-person.ts";
import { WRITE_PRESETS } from "./write-settings.ts";

/*
 * WeLink → OA writes into LDAP / AD, under the write OU, bound as the write account. How each
 * write is idempotent by key (a resumed run repeats a call whose answer was lost):
 * - createDept: the new OU's DN follows from the write (ou=<name> under the parent), so a repeat
 *   meets "already exists" (68) and answers the OU found there; an OU of that name under that
 *   parent is the department asked for (the plan matches departments by name under their parent).
 * - createUser: the person is looked up by account first; found at the DN this write names and
 *   holding the values it writes, it is the first call's entry and its id is answered; found
 *   elsewhere, or another person's entry at that DN (same account, other values), the account
 *   is taken.
 * - updates replace attribute values (a repeat writes the same values) and move or rename only
 *   when the entry is not yet where the write says (modifyDN is skipped on a repeat).
 * - disableUser sets the disabled mark (again the same value); disableDept deletes an empty OU
 *   and answers at once when the id is gone (deleted by the first call).
 * Departments cannot be disabled in place in LDAP (an OU has no such mark), and moving one
 * aside would take its people out of the directory the OA signs in against: an empty OU is
 * deleted, a non-empty one is refused (OA_LDAP_DEPT_NOT_EMPTY) for an admin to decide.
 * Department order is not written: an OU has no order.
 */

const PERSON_READ = ["objectClass", "cn", "ou"];

export function createLdapWriter(s: LdapOaSettings, secrets: LdapOaSecrets, net: NetPolicy): OaWriter {
  const m = mappingOf(s);
  const w = s.write;
  const deptAttr = s.departments.from === "attribute" ? s.departments.attribute : undefined;
  const preset = WRITE_PRESETS[s.preset];
  const rdnAttr = w?.rdn ?? preset.rdn;
  const f: Finder = { baseDn: s.baseDn, idAttr: m.id };
  const bindDn = w?.bindDn ?? s.bindDn;
  const canDisable = m.disabled.by !== "none";
  const capabilities = new Set<OaWriteCapability>(
    !w ? [] : [...(deptAttr ? [] : (["createDept", "updateDept", "disableDept"] as const)), "createUser", "updateUser", ...(canDisable ? (["disableUser"] as const) : [])],
  );

  async function bound<T>(cap: OaWriteCapability, use: (c: Client) => Promise<T>): Promise<T> {
    if (!w) throw new AppError("OA_LDAP_NO_WRITE");
    if (deptAttr && cap.endsWith("Dept")) throw new AppError("OA_LDAP_DEPT_ATTRIBUTE", { attribute: deptAttr, what: cap });
    if (cap === "disableUser" && !canDisable) throw new AppError("OA_LDAP_NO_DISABLE", { id: "-" });
    const password = w.bindDn ? secrets.writeBindPassword : secrets.bindPassword;
    if (!password) throw new AppError("OA_LDAP_NO_WRITE", { variant: "password", bindDn });
    return withServiceClient({ ...s, bindDn }, { bindPassword: password }, net, use);
  }

  /** The DN new children of a department go under: its OU, or the write OU at the top. */
  const deptDn = async (c: Client, id: string | null | undefined) => (id ? (await mustById(c, f, id)).dn : w!.ou);
  const sameDn = (a: string, b: string) => canonicalDn(a) === canonicalDn(b);

  /** Moves / renames `e` to `rdn` under `parent` unless it is there already. */
  async function place(c: Client, e: Entry, rdn: string, parent: string): Promise<void> {
    const target = `${rdn},${parent}`;
    if (sameDn(e.dn, target)) return;
    await writing(target, bindDn, () => c.modifyDN(e.dn, target));
  }

  async function createDept(c: Client, d: OaDeptWrite): Promise<{ id: string }> {
    const dn = `${rdnText("ou", d.name)},${await deptDn(c, d.parentId)}`;
    try {
      await writing(dn, bindDn, () => c.add(dn, { objectClass: [...preset.ouClasses], ou: d.name }));
    } catch (e) {
      if (!isAlreadyThere(e)) throw e;
      const there = await entryAt(c, dn, PERSON_READ);
      if (!there || !all(there, "objectClass").includes("organizationalunit")) throw e;
    }
    return { id: await idAt(c, f, dn) };
  }

  async function updateDept(c: Client, id: string, d: Partial<OaDeptWrite>): Promise<void> {
    const e = await mustById(c, f, id, ["ou"]);
    const name = d.name ?? first(e, "ou") ?? parseDn(e.dn)[0]![0]!.value;
    const parent = d.parentId === undefined ? parentText(e.dn) : await deptDn(c, d.parentId);
    await place(c, e, rdnText("ou", name), parent);
  }

  async function disableDept(c: Client, id: string): Promise<void> {
    const e = await mustById(c, f, id).catch((err: unknown) => (err instanceof AppError && err.code === "OA_LDAP_NOT_FOUND" ? undefined : Promise.reject(err)));
    if (!e) return;
    const count = await childCount(c, e.dn);
    if (count > 0) throw new AppError("OA_LDAP_DEPT_NOT_EMPTY", { dn: e.dn, count });
    await writing(e.dn, bindDn, () => c.del(e.dn));
  }

  /** The RDNs a person may be named by, in order: a second one only when the first names another entry. */
  const rdnsOf = (u: { account: string; name: string }) => {
    if (rdnAttr.toLowerCase() === m.account.toLowerCase()) return [rdnText(rdnAttr, u.account)];
    return [rdnText(rdnAttr, u.name), rdnText(rdnAttr, `${u.name} (${u.account})`)];
  };
  const rdnValue = (rdn: string) => parseDn(rdn)[0]![0]!.value;

  const newPerson = (rdn: string): NewPerson => ({ m, preset, classes: w!.objectClasses, rdnAttr, rdnValue: rdnValue(rdn), deptAttr });

  async function createUser(c: Client, u: OaUserWrite): Promise<{ id: string }> {
    const parent = deptAttr ? w!.ou : await deptDn(c, u.mainDeptId);
    const rdns = rdnsOf(u);
    const found = await findAccount(c, s, m, u.account, Object.keys(personAttributes(newPerson(rdns[0]!), u)));
    if (found) {
      // The DN alone does not make the entry ours: another person with this account may sit there
      // (in the directory before, or a second WeLink person with the same employee number). Only
      // an entry holding what this write writes is answered; anyone else's is never bound to.
      const rdn = rdns.find((r) => sameDn(found.dn, `${r},${parent}`));
      if (rdn && holdsPerson(newPerson(rdn), u, found)) return { id: await idAt(c, f, found.dn) };
      throw new AppError("OA_LDAP_ACCOUNT_TAKEN", { account: u.account, dn: found.dn });
    }
    for (const rdn of rdns) {
      const dn = `${rdn},${parent}`;
      const attrs = personAttributes(newPerson(rdn), u);
      try {
        await writing(dn, bindDn, () => c.add(dn, attrs));
        return { id: await idAt(c, f, dn) };
      } catch (e) {
        if (!isAlreadyThere(e)) throw e;
      }
    }
    throw new AppError("OA_LDAP_ENTRY_EXISTS", { dn: `${rdns.at(-1)},${parent}` });
  }

  async function updateUser(c: Client, id: string, u: Partial<OaUserWrite>): Promise<void> {
    const e = await mustById(c, f, id, [m.account, "cn"]);
    const changes = personChanges({ m, rdnAttr, deptAttr }, u);
    if (changes.length) await writing(e.dn, bindDn, () => c.modify(e.dn, changes));
    if (deptAttr) return;
    const parent = u.mainDeptId === undefined ? parentText(e.dn) : await deptDn(c, u.mainDeptId);
    const renamed = rdnAttr.toLowerCase() === m.account.toLowerCase() ? u.account !== undefined : u.name !== undefined;
    const current = parseDn(e.dn)[0]!.map((p) => rdnText(p.type, p.value)).join("+");
    const rdns = renamed ? rdnsOf({ account: u.account ?? first(e, m.account) ?? "", name: u.name ?? first(e, "cn") ?? "" }) : [current];
    if (rdns.some((r) => sameDn(e.dn, `${r},${parent}`))) return;
    for (const [i, rdn] of rdns.entries()) {
      try {
        return await place(c, e, rdn, parent);
      } catch (err) {
        if (!isAlreadyThere(err) || i === rdns.length - 1) throw err;
      }
    }
  }

  async function disableUser(c: Client, id: string): Promise<void> {
    const d = m.disabled;
    if (d.by === "none") throw new AppError("OA_LDAP_NO_DISABLE", { id });
    const attr = d.by === "userAccountControl" ? "userAccountControl" : d.attribute;
    const e = await mustById(c, f, id, [attr]);
    const value = d.by === "userAccountControl" ? String(Number(first(e, attr) ?? 512) | 2) : d.values[0]!;
    const change = new Change({ operation: "replace", modification: new Attribute({ type: attr, values: [value] }) });
    await writing(e.dn, bindDn, () => c.modify(e.dn, change));
  }

  return {
    capabilities,
    // An OU has no order: without this, WeLink's order would be a change on every run.
    keepsDeptOrder: false,
    createDept: (_key, d) => bound("createDept", (c) => createDept(c, d)),
    updateDept: (_key, id, d) => bound("updateDept", (c) => updateDept(c, id, d)),
    disableDept: (_key, id) => bound("disableDept", (c) => disableDept(c, id)),
    createUser: (_key, u) => bound("createUser", (c) => createUser(c, u)),
    updateUser: (_key, id, u) => bound("updateUser", (c) => updateUser(c, id, u)),
    disableUser: (_key, id) => bound("disableUser", (c) => disableUser(c, id)),
  };
}
