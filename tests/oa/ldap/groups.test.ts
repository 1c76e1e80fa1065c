import { LOCAL_NET } from "../../../src/kernel/net-policy.ts";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Attribute, Change, Client } from "ldapts";
import type { OaChanges } from "../../../src/oa/contract.ts";
import { createLdapConnector } from "../../../src/oa/ldap/connector.ts";
import { groupDepartments } from "../../../src/oa/ldap/groups.ts";
import { GROUP_FILTERS, LdapOaSettings } from "../../../src/oa/ldap/settings.ts";
import { startHarness } from "../../helpers/harness.ts";
import { groupDn, GROUPS, GROUPS_DN } from "../../helpers/ldap-tree.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";
import { connection, ldapSettings } from "./support.ts";

let d: Slapd;
beforeAll(async () => {
  d = await startSlapd({ people: 300 });
});
afterAll(() => d?.stop());

const fromGroups = (extra: Record<string, unknown> = {}) => ldapSettings(d, { departments: { from: "groups", baseDn: GROUPS_DN, ...extra } });
type Row = Record<string, unknown>;

describe("departments from groups (groupOfNames / member), against slapd", () => {
  test("full refresh: each group a department with its entryUUID, nesting as parents, a loop cut; people in the first group listing them, the others part-time", async () => {
    const h = await startHarness();
    try {
      expect((await h.call("PUT", "/api/v1/oa/connection", { tenant: "default", body: connection(fromGroups(), d.reader.password) })).status).toBe(200);
      expect(await (await h.call("POST", "/api/v1/oa/refresh", { tenant: "default" })).json()).toMatchObject({ status: "ok" });
      const rows = async (sql: string) => (await h.deps.database.client.execute(sql)).rows as unknown as Row[];
      const depts = await rows("SELECT id, parent_id AS parentId, name FROM oa_departments");
      expect(depts.map((x) => x.name).sort()).toEqual(Object.keys(GROUPS).sort());
      for (const x of depts) expect(String(x.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const id = (name: string) => depts.find((x) => x.name === name)!.id;
      const parent = (name: string) => depts.find((x) => x.name === name)!.parentId;
      expect(parent("全体员工")).toBeNull();
      expect(parent("技术委员会")).toBe(id("全体员工"));
      expect(parent("销售团队")).toBe(id("全体员工"));
      // 项目甲 and 项目乙 hold each other: the link that closes the loop goes, 项目甲 (listed first) is the root.
      expect(parent("项目甲")).toBeNull();
      expect(parent("项目乙")).toBe(id("项目甲"));

      const people = await rows("SELECT account, main_dept_id AS main, part_time_dept_ids AS part FROM oa_users");
      expect(people.length).toBe(d.facts.people);
      const of = (account: string) => people.find((p) => p.account === account)!;
      expect(of("u000001")).toMatchObject({ main: id("技术委员会"), part: "[]" });
      expect(of("u000005")).toMatchObject({ main: id("技术委员会"), part: JSON.stringify([id("销售团队")]) });
      // A DN with an escaped comma is matched however the member value escapes it.
      expect(of("escaped.comma")).toMatchObject({ main: id("技术委员会"), part: JSON.stringify([id("销售团队")]) });
      expect(of("u000011")).toMatchObject({ main: id("销售团队") });
      expect(of("u000020")).toMatchObject({ main: id("全体员工") });
      expect(of("u000022")).toMatchObject({ main: id("项目乙") });
      // Someone no group lists has no department.
      expect(of("u000100").main).toBeNull();
    } finally {
      h.close();
    }
  });

  test("the group filter defaults to the preset's and a given one is used: a filter matching no group gives no departments", async () => {
    expect(LdapOaSettings.parse(fromGroups()).departments).toEqual({ from: "groups", baseDn: GROUPS_DN, memberAttribute: "member", nameAttribute: "cn" });
    expect(GROUP_FILTERS).toEqual({ ad: "(objectClass=group)", openldap: "(objectClass=groupOfNames)" });
    const oa = createLdapConnector(LdapOaSettings.parse(fromGroups({ filter: "(cn=项目*)" })), { bindPassword: d.reader.password }, LOCAL_NET);
    const names: string[] = [];
    for await (const page of oa.listDepartments()) names.push(...page.map((x) => x.name));
    expect(names.sort()).toEqual(["项目乙", "项目甲"].sort());
  });

  test("changes since a time: a person added to a group shows with that group, though their own entry did not change", async () => {
    const oa = createLdapConnector(LdapOaSettings.parse(fromGroups()), { bindPassword: d.reader.password }, LOCAL_NET);
    const changes = async (since: string) => {
      const out: OaChanges = { departments: [], users: [], newest: "" };
      for await (const p of oa.listChangedSince!(since)) {
        out.departments.push(...p.departments);
        out.users.push(...p.users);
        if (p.newest > out.newest) out.newest = p.newest;
      }
      return out;
    };
    const everything = await changes("19700101000000Z");
    expect(everything.departments.length).toBe(Object.keys(GROUPS).length);
    // modifyTimestamp has whole seconds: the change lands in a later second than the load.
    await Bun.sleep(1100);
    const since = `${new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
    const root = new Client({ url: d.url });
    await root.bind(d.root.dn, d.root.password);
    const { searchEntries } = await root.search(d.baseDn, { filter: "(uid=u000150)", attributes: ["1.1"] });
    await root.modify(groupDn("销售团队"), new Change({ operation: "add", modification: new Attribute({ type: "member", values: [searchEntries[0]!.dn] }) }));
    await root.unbind();
    const after = await changes(since);
    const sales = everything.departments.find((x) => x.name === "销售团队")!;
    expect(after.departments.map((x) => x.name)).toEqual(["销售团队"]);
    expect(after.users.find((u) => u.account === "u000150")).toMatchObject({ mainDeptId: sales.id });
    // Every member of the changed group is read again (their part-time lists may have changed), nobody else.
    expect(after.users.map((u) => u.account).sort()).toEqual([...GROUPS["销售团队"]!.people, "u000150"].sort());
    expect(after.newest >= since).toBe(true);
  });

  test("nesting that loops through a group further up cuts the loop, not the group hanging under it", () => {
    const g = (id: string, members: string[]) => ({ id, name: id, dn: `cn=${id}`, members: members.map((m) => `cn=${m}`) });
    // C under A; A and B hold each other.
    const depts = groupDepartments([g("C", []), g("A", ["C", "B"]), g("B", ["A"])]);
    expect(depts.map((x) => [x.id, x.parentId])).toEqual([["C", "A"], ["A", null], ["B", "A"]]);
  });
});
