import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { ESCAPED, OUS } from "../../helpers/ldap-tree.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";
import { adSettings, connection, ldapSettings } from "./support.ts";

let d: Slapd;
beforeAll(async () => {
  d = await startSlapd({ people: 2000 });
});
afterAll(() => d?.stop());

const T = { tenant: "default" };
type Row = Record<string, unknown>;
const rows = async (h: Harness, sql: string) => (await h.deps.database.client.execute(sql)).rows as unknown as Row[];

async function refreshed(settings: unknown): Promise<Harness> {
  const h = await startHarness();
  expect((await h.call("PUT", "/api/v1/oa/connection", { ...T, body: connection(settings, d.reader.password) })).status).toBe(200);
  const res = await h.call("POST", "/api/v1/oa/refresh", T);
  expect(await res.json()).toMatchObject({ status: "ok" });
  return h;
}

describe("LDAP full refresh, against slapd", () => {
  test("the OU tree becomes departments (Chinese names, parents by DN), people in their OU, disabled ones inactive, escaped DNs intact", async () => {
    const h = await refreshed(ldapSettings(d));
    try {
      const depts = await rows(h, "SELECT id, parent_id AS parentId, name FROM oa_departments");
      const byName = new Map(depts.map((x) => [String(x.name), x]));
      expect(depts.length).toBe(Object.keys(OUS).length + Object.values(OUS).flat().length);
      for (const [centre, children] of Object.entries(OUS)) {
        expect(byName.get(centre)?.parentId).toBeNull();
        for (const c of children) expect(byName.get(c)?.parentId).toBe(byName.get(centre)?.id);
      }
      // entryUUID is the id, not the name or DN.
      for (const x of depts) expect(String(x.id)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      const nameOf = new Map(depts.map((x) => [x.id, String(x.name)]));
      const people = await rows(h, "SELECT id, account, name, mobile, email, employee_no AS no, main_dept_id AS dept, active FROM oa_users");
      expect(people.length).toBe(d.facts.people);
      // Every person sits in the OU the generator put them in.
      const wrong = people.filter((p) => nameOf.get(p.dept) !== d.facts.deptOf.get(String(p.account)));
      expect(wrong).toEqual([]);
      const inactive = people.filter((p) => !Number(p.active)).map((p) => String(p.account)).sort();
      expect(inactive).toEqual([...d.facts.disabled].sort());
      expect(inactive.length).toBeGreaterThan(10);
      for (const e of ESCAPED) expect(people.find((p) => p.account === e.uid)).toMatchObject({ name: e.cn });
      expect(people.find((p) => p.account === "u000042")).toMatchObject({ email: "u000042@example.com", no: "E000042", mobile: "13810000042" });
    } finally {
      h.close();
    }
  });

  test("the AD preset: objectGUID rendered as a GUID, sAMAccountName accounts, userAccountControl's disabled bit", async () => {
    const h = await refreshed(adSettings(d));
    try {
      const people = await rows(h, "SELECT id, account, name, active, employee_no AS no, main_dept_id AS dept FROM oa_users");
      expect(people.length).toBe(d.facts.ad.people);
      for (const p of people) expect(p.id).toBe(d.facts.ad.guidOf.get(String(p.account)));
      expect(people.filter((p) => !Number(p.active)).map((p) => p.account).sort()).toEqual([...d.facts.ad.disabled].sort());
      expect(people.find((p) => p.account === "sales4")).toMatchObject({ name: "Sales 用户 4", no: "AD1004" });
      const depts = await rows(h, "SELECT id, parent_id AS parentId, name FROM oa_departments ORDER BY name");
      expect(depts.map((x) => x.name)).toEqual(["Engineering", "Sales"]);
      for (const x of depts) expect(String(x.id)).toMatch(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/);
      const sales = depts.find((x) => x.name === "Sales")!;
      expect(people.filter((p) => p.dept === sales.id).length).toBe(20);
    } finally {
      h.close();
    }
  });

  test("departments from an attribute: one flat department per value, people in theirs", async () => {
    const h = await refreshed(adSettings(d, { departments: { from: "attribute", attribute: "department" } }));
    try {
      const depts = await rows(h, "SELECT id, parent_id AS parentId, name FROM oa_departments ORDER BY name");
      expect(depts).toEqual([{ id: "Engineering", parentId: null, name: "Engineering" }, { id: "Sales", parentId: null, name: "Sales" }]);
      expect((await rows(h, "SELECT count(*) AS n FROM oa_users WHERE main_dept_id = 'Engineering'"))[0]?.n).toBe(20);
    } finally {
      h.close();
    }
  });
});
