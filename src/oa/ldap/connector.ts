import type { NetPolicy } from "../../kernel/net-policy.ts";
import { AndFilter, type Client, EqualityFilter, type Entry, FilterParser, GreaterThanEqualsFilter } from "ldapts";
import type { ConnectionReport, OaChanges, OaConnector, OaDept, OaUser } from "../contract.ts";
import { reportOf } from "../connection/report.ts";
import { AppError } from "../../kernel/errors.ts";
import { connectClient, ldapFailure, withServiceClient } from "./client.ts";
import { canonicalDn, parentDn } from "./dn.ts";
import { isLockedOut, PasswordPolicyControl } from "./lockout.ts";
import { BINARY, type DeptOf, first, mapUser, userAttributes } from "./map.ts";
import { groupDepartments, groupOf, type Group, membership } from "./groups.ts";
import { GROUP_FILTERS, type LdapOaSecrets, type LdapOaSettings, mappingOf } from "./settings.ts";
import { createLdapWriter } from "./writer.ts";

const OU_FILTER = "(objectClass=organizationalUnit)";
/** whenChanged / modifyTimestamp: YYYYMMDDHHMMSS, optional fraction, Z. */
const GENERALIZED_TIME = /^\d{14}(?:\.\d{1,6})?Z$/;

/**
 * The LDAP / Active Directory adapter. Every search is paged (RFC 2696, `pageSize` a page), each
 * page handed on as it arrives; filters are built from ldapts's filter objects (RFC 4515 escaping),
 * never by pasting input into text; referrals are not chased.
 */
export function createLdapConnector(s: LdapOaSettings, secrets: LdapOaSecrets, net: NetPolicy): OaConnector {
  const m = mappingOf(s);
  const deptAttr = s.departments.from === "attribute" ? s.departments.attribute : undefined;
  const attributes = userAttributes(m, deptAttr);
  const binary = (attrs: string[]) => attrs.filter((a) => BINARY.has(a.toLowerCase()));
  const baseCanon = canonicalDn(s.baseDn);

  const groups = s.departments.from === "groups" ? s.departments : undefined;

  async function* pages(c: Client, filter: string | AndFilter, attrs: string[], base = s.baseDn): AsyncGenerator<Entry[]> {
    const opts = { scope: "sub" as const, filter, attributes: attrs, explicitBufferAttributes: binary(attrs), paged: { pageSize: s.pageSize } };
    for await (const page of c.searchPaginated(base, opts)) yield page.searchEntries;
  }

  /** Every group under the groups' base DN, in the directory's order (departments from groups). */
  async function groupList(c: Client): Promise<Group[]> {
    if (!groups) return [];
    const out: Group[] = [];
    const attrs = [m.id, groups.nameAttribute, groups.memberAttribute, ...(m.modified ? [m.modified] : [])];
    for await (const page of pages(c, groups.filter ?? GROUP_FILTERS[s.preset], attrs, groups.baseDn)) {
      for (const e of page) {
        const g = groupOf(e, m.id, groups.nameAttribute, groups.memberAttribute, m.modified);
        if (g) out.push(g);
      }
    }
    return out;
  }

  /** Every OU under the base DN (not the base itself): id, name, canonical DN and parent's canonical DN. */
  async function ous(c: Client) {
    const out: { id: string; name: string; dn: string; parent: string }[] = [];
    for await (const page of pages(c, OU_FILTER, [m.id, "ou"])) {
      for (const e of page) {
        const id = first(e, m.id);
        const dn = canonicalDn(e.dn);
        if (id && dn !== baseCanon) out.push({ id, name: first(e, "ou") ?? e.dn, dn, parent: parentDn(e.dn) });
      }
    }
    return out;
  }

  async function deptOf(c: Client): Promise<DeptOf> {
    if (deptAttr) return { kind: "attribute", attribute: deptAttr };
    if (groups) return { kind: "groups", of: membership(await groupList(c)) };
    return { kind: "ou", idOfDn: new Map((await ous(c)).map((o) => [o.dn, o.id])) };
  }

  async function* departmentsFrom(c: Client): AsyncGenerator<OaDept[]> {
    if (deptAttr) {
      const seen = new Set<string>();
      for await (const page of pages(c, s.userFilter, [deptAttr])) {
        const fresh = page.map((e) => first(e, deptAttr)).filter((n): n is string => !!n && !seen.has(n) && !!seen.add(n));
        if (fresh.length) yield fresh.map((name, i) => ({ id: name, parentId: null, name, order: seen.size - fresh.length + i }));
      }
      return;
    }
    const all = groups ? [] : await ous(c);
    const idOf = new Map(all.map((o) => [o.dn, o.id]));
    const depts = groups ? groupDepartments(await groupList(c)) : all.map((o, i) => ({ id: o.id, parentId: idOf.get(o.parent) ?? null, name: o.name, order: i }));
    for (let i = 0; i < depts.length; i += s.pageSize) yield depts.slice(i, i + s.pageSize);
  }

  async function* usersFrom(c: Client): AsyncGenerator<OaUser[]> {
    const dept = await deptOf(c);
    for await (const page of pages(c, s.userFilter, attributes)) {
      yield page.map((e) => mapUser(e, m, dept)).filter((u): u is OaUser => u !== undefined);
    }
  }

  /**
   * OUs and people whose last-changed attribute is at or after `since` (moves show as the moved
   * entry); `since` "" lists everything (a full refresh that also learns the newest time).
   */
  async function* changesFrom(c: Client, since: string): AsyncGenerator<OaChanges> {
    const attr = m.modified;
    if (since !== "" && (!attr || !GENERALIZED_TIME.test(since))) throw new AppError("OA_NOT_SUPPORTED", { variant: "ldapChanges" });
    const after = (f: string) => (since === "" || !attr ? f : new AndFilter({ filters: [FilterParser.parseString(f), new GreaterThanEqualsFilter({ attribute: attr, value: since })] }));
    const newest = (entries: Entry[]) => entries.reduce((max, e) => (attr && (first(e, attr) ?? "") > max ? first(e, attr)! : max), "");
    if (groups) {
      yield* groupChangesFrom(c, since, attr ?? "");
      return;
    }
    if (!deptAttr) {
      const all = await ous(c);
      const idOf = new Map(all.map((o) => [o.dn, o.id]));
      const orderOf = new Map(all.map((o, i) => [o.dn, i]));
      for await (const page of pages(c, after(OU_FILTER), [m.id, "ou", ...(attr ? [attr] : [])])) {
        const departments = page
          .map((e) => ({ id: first(e, m.id), name: first(e, "ou") ?? e.dn, parent: parentDn(e.dn), order: orderOf.get(canonicalDn(e.dn)) ?? -1 }))
          .filter((d): d is typeof d & { id: string } => !!d.id && d.order >= 0)
          .map((d) => ({ id: d.id, parentId: idOf.get(d.parent) ?? null, name: d.name, order: d.order }));
        yield { departments, users: [], newest: newest(page) };
      }
    }
    const dept = await deptOf(c);
    const named = new Set<string>();
    for await (const page of pages(c, after(s.userFilter), attributes)) {
      const users = page.map((e) => mapUser(e, m, dept)).filter((u): u is OaUser => u !== undefined);
      // Departments named by an attribute exist through the people naming them.
      const departments = deptAttr
        ? users.flatMap((u) => (u.mainDeptId && !named.has(u.mainDeptId) && named.add(u.mainDeptId) ? [{ id: u.mainDeptId, parentId: null, name: u.mainDeptId, order: named.size - 1 }] : []))
        : [];
      yield { departments, users, newest: newest(page) };
    }
  }

  /**
   * Departments from groups: a membership change shows on the group, not on the person, so the
   * groups changed since are read again whole (every group, for the parents) and, with the people
   * changed since, every member of a changed group (one pass over the people, only those kept).
   */
  async function* groupChangesFrom(c: Client, since: string, attr: string): AsyncGenerator<OaChanges> {
    const list = await groupList(c);
    const changed = list.filter((g) => (g.modified ?? "") >= since);
    const departments = groupDepartments(list).filter((d) => changed.some((g) => g.id === d.id));
    const touched = new Set(changed.flatMap((g) => g.members));
    const dept: DeptOf = { kind: "groups", of: membership(list) };
    yield { departments, users: [], newest: changed.reduce((max, g) => (g.modified! > max ? g.modified! : max), "") };
    for await (const page of pages(c, s.userFilter, attributes)) {
      const kept = page.filter((e) => (first(e, attr) ?? "") >= since || touched.has(canonicalDn(e.dn)));
      const users = kept.map((e) => mapUser(e, m, dept)).filter((u): u is OaUser => u !== undefined);
      if (users.length) yield { departments: [], users, newest: kept.reduce((max, e) => ((first(e, attr) ?? "") > max ? first(e, attr)! : max), "") };
    }
  }

  /** Streams while holding one bound client open for the whole listing. */
  async function* streamed<T>(list: (c: Client) => AsyncGenerator<T>): AsyncGenerator<T> {
    if (!secrets.bindPassword) throw new AppError("OA_SECRET_MISSING", { variant: "ldap", bindDn: s.bindDn });
    const c = await connectClient(s, net);
    try {
      try {
        await c.bind(s.bindDn, secrets.bindPassword);
      } catch (e) {
        throw ldapFailure(e, s, "bind");
      }
      try {
        yield* list(c);
      } catch (e) {
        throw ldapFailure(e, s, "search");
      }
    } finally {
      await c.unbind().catch(() => undefined);
    }
  }

  return {
    // Present only with write settings, as the contract says: without them the directory is only read.
    ...(s.write && { writer: createLdapWriter(s, secrets, net) }),
    async testConnection(): Promise<ConnectionReport> {
      const started = performance.now();
      return withServiceClient(s, secrets, net, async (c) => {
        await c.search(s.baseDn, { scope: "base", attributes: ["1.1"] });
        const firstOf = async <T>(g: AsyncGenerator<T[]>) => {
          for await (const p of g) return (await g.return(undefined), p);
          return [] as T[];
        };
        const depts = await firstOf(departmentsFrom(c));
        const people = await firstOf(usersFrom(c));
        if (people.length === 0) throw new AppError("OA_LDAP_NO_MATCH", { filter: s.userFilter, baseDn: s.baseDn });
        return reportOf(
          "OA_TEST_LDAP",
          {
            departments: depts.length,
            people: people.length,
            ...(depts[0] && { departmentExample: depts[0].name }),
            personExample: people[0]!.account,
            authName: s.bindDn,
            passwordCheck: m.account,
          },
          started,
        );
      });
    },
    listDepartments: () => streamed(departmentsFrom),
    listUsers: () => streamed(usersFrom),
    listChangedSince: (since: string) => streamed((c) => changesFrom(c, since)),
    async verifyPassword(account: string, password: string): Promise<OaUser | undefined> {
      // An empty password is an unauthenticated bind to LDAP: it would "succeed" for anyone.
      if (account === "" || password === "") return undefined;
      const filter = new AndFilter({ filters: [FilterParser.parseString(s.userFilter), new EqualityFilter({ attribute: m.account, value: account })] });
      const found = await withServiceClient(s, secrets, net, async (c) => {
        const { searchEntries } = await c.search(s.baseDn, { scope: "sub", filter, attributes, explicitBufferAttributes: binary(attributes), sizeLimit: 2 });
        return searchEntries.length === 1 ? { entry: searchEntries[0]!, dept: await deptOf(c) } : undefined;
      }).catch((e: unknown) => {
        // Two people with this account: nobody is signed in rather than a guess.
        if (e instanceof AppError && e.code === "OA_LDAP_ERROR" && String(e.params.resultCode) === "4") return undefined;
        throw e;
      });
      if (!found) return undefined;
      const person = await connectClient(s, net);
      const policy = new PasswordPolicyControl();
      try {
        await person.bind(found.entry.dn, password, policy);
      } catch (e) {
        // Locked by the directory is not a wrong password: the person cannot help it by typing again.
        if (isLockedOut(e, policy)) throw new AppError("OA_LDAP_ACCOUNT_LOCKED", { account });
        const failure = ldapFailure(e, s, "bind");
        if (failure.code === "OA_LDAP_BIND") return undefined;
        throw failure;
      } finally {
        await person.unbind().catch(() => undefined);
      }
      return mapUser(found.entry, m, found.dept);
    },
  };
}
