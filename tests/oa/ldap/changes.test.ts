import { LOCAL_NET } from "../../../src/kernel/net-policy.ts";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Attribute, Change, Client } from "ldapts";
import type { OaChanges } from "../../../src/oa/contract.ts";
import { createLdapConnector } from "../../../src/oa/ldap/connector.ts";
import { LdapOaSettings } from "../../../src/oa/ldap/settings.ts";
import { BASE_DN, OUS } from "../../helpers/ldap-tree.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";
import { ldapSettings } from "./support.ts";

let d: Slapd;
beforeAll(async () => {
  d = await startSlapd({ people: 2000 });
});
afterAll(() => d?.stop());

async function changes(since: string) {
  const oa = createLdapConnector(LdapOaSettings.parse(ldapSettings(d)), { bindPassword: d.reader.password }, LOCAL_NET);
  const out: OaChanges = { departments: [], users: [], newest: "" };
  for await (const p of oa.listChangedSince!(since)) {
    out.departments.push(...p.departments);
    out.users.push(...p.users);
    if (p.newest > out.newest) out.newest = p.newest;
  }
  return out;
}

/** One second after an LDAP GeneralizedTime (modifyTimestamp has whole seconds). */
function plusOneSecond(t: string): string {
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)/.exec(t)!;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) + 1000;
  return new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z";
}

const dnOf = (uid: string, ou: string, centre: string) => `uid=${uid},ou=${ou},ou=${centre},${BASE_DN}`;

describe("LDAP changes since a time (modifyTimestamp), against slapd", () => {
  test("change, move, disable show; an OU moved shows with its new parent; nothing else does", async () => {
    const everything = await changes("19700101000000Z");
    expect(everything.users.length).toBe(d.facts.people);
    const since = plusOneSecond(everything.newest);
    expect((await changes(since)).users).toEqual([]);
    await Bun.sleep(1100);

    const root = new Client({ url: d.url });
    await root.bind(d.root.dn, d.root.password);
    const find = (uid: string) => everything.users.find((u) => u.account === uid)!;
    const deptIdOf = async (name: string) => {
      const { searchEntries } = await root.search(BASE_DN, { filter: `(ou=${name})`, attributes: ["entryUUID"] });
      return String(searchEntries[0]!.entryUUID);
    };
    const where = (uid: string) => {
      const dept = d.facts.deptOf.get(uid)!;
      const centre = Object.entries(OUS).find(([, v]) => v.includes(dept))![0];
      return dnOf(uid, dept, centre);
    };
    const target = d.facts.deptOf.get("u000043") === "华南销售部" ? "华北销售部" : "华南销售部";
    await root.modify(where("u000042"), new Change({ operation: "replace", modification: new Attribute({ type: "mobile", values: ["13999999999"] }) }));
    await root.modifyDN(where("u000043"), dnOf("u000043", target, "销售中心"));
    await root.modify(where("u000044"), new Change({ operation: "add", modification: new Attribute({ type: "employeeType", values: ["disabled"] }) }));
    await root.del(where("u000045"));
    await root.modifyDN(`ou=财务部,ou=职能部门,${BASE_DN}`, `ou=财务部,ou=研发中心,${BASE_DN}`);
    const after = await changes(since);
    const ids = { target: await deptIdOf(target), finance: await deptIdOf("财务部"), rd: await deptIdOf("研发中心") };
    await root.unbind();

    expect(after.users.map((u) => u.account).sort()).toEqual(["u000042", "u000043", "u000044"]);
    const by = new Map(after.users.map((u) => [u.account, u]));
    expect(by.get("u000042")).toMatchObject({ id: find("u000042").id, mobile: "13999999999" });
    expect(by.get("u000043")).toMatchObject({ id: find("u000043").id, mainDeptId: ids.target });
    expect(by.get("u000044")).toMatchObject({ active: false });
    expect(after.departments).toEqual([expect.objectContaining({ id: ids.finance, name: "财务部", parentId: ids.rd })]);
    expect(after.newest > everything.newest).toBe(true);
  });

  test("a time that is not LDAP's GeneralizedTime is refused with a sentence saying to run a full refresh", async () => {
    const oa = createLdapConnector(LdapOaSettings.parse(ldapSettings(d, { mapping: { modified: undefined } })), { bindPassword: d.reader.password }, LOCAL_NET);
    const drain = async (since: string) => {
      for await (const _ of oa.listChangedSince!(since)) void _;
    };
    await expect(drain("yesterday")).rejects.toMatchObject({ code: "OA_NOT_SUPPORTED" });
  });
});
