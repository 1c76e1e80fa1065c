import { describe, expect, test } from "bun:test";
import { deriveOaOrg, generateDemoOaOrg } from "../../../src/sandbox/oa/generate.ts";
import { generateOrg } from "../../../src/sandbox/welink/generate.ts";
import { Org } from "../../../src/sandbox/welink/org.ts";

/** How a binding rule would compare: mobiles by their last 11 digits, e-mails without case. */
const mobileKey = (m: string | null | undefined) => (m ? m.replace(/\D/g, "").slice(-11) : undefined);
const emailKey = (e: string | null | undefined) => e?.toLowerCase();

const built = generateDemoOaOrg({ seed: 11, users: 2000, depts: 120 });
const { org, welink } = built;
const welinkUsers = [...welink.users.values()];
const welinkMobiles = new Set(welinkUsers.map((u) => mobileKey(u.mobileNumber)));
const welinkEmails = new Set(welinkUsers.map((u) => emailKey(u.userEmail)));
const sharesContact = (p: (typeof org.users)[number]) => welinkMobiles.has(mobileKey(p.mobile)) || welinkEmails.has(emailKey(p.email));
const share = (n: number) => n / org.users.length;

describe("the demo OA's organisation", () => {
  test("the same seed gives the same organisation; another seed a different one", () => {
    const again = generateDemoOaOrg({ seed: 11, users: 2000, depts: 120 }).org;
    expect(JSON.stringify(again)).toBe(JSON.stringify(org));
    expect(JSON.stringify(generateDemoOaOrg({ seed: 12, users: 2000, depts: 120 }).org)).not.toBe(JSON.stringify(org));
  });

  test("derived from a WeLink organisation of the same seed, whoever generated it", () => {
    const other = new Org();
    generateOrg(other, { seed: 11, users: 2000, depts: 120 });
    expect(JSON.stringify(deriveOaOrg(other, 11))).toBe(JSON.stringify(org));
  });

  test("about 90 % share a mobile or an e-mail with a WeLink person, about 10 % do not", () => {
    const sharing = org.users.filter(sharesContact).length;
    expect(share(sharing)).toBeGreaterThanOrEqual(0.85);
    expect(share(sharing)).toBeLessThanOrEqual(0.95);
    const outside = org.users.filter((p) => p.welinkUserId === null);
    expect(share(outside.length)).toBeGreaterThanOrEqual(0.05);
    expect(share(outside.length)).toBeLessThanOrEqual(0.15);
    // Nobody outside WeLink shares anything with it: those are the real misses.
    expect(outside.filter(sharesContact)).toEqual([]);
  });

  test("each counterpart shares a mobile or e-mail with its own WeLink person, often written differently", () => {
    let differentlyWritten = 0;
    for (const p of org.users.filter((u) => u.welinkUserId)) {
      const w = welink.users.get(p.welinkUserId!)!;
      expect(mobileKey(p.mobile) === mobileKey(w.mobileNumber) || emailKey(p.email) === emailKey(w.userEmail)).toBe(true);
      expect(p.name).toBe(w.userNameCn);
      if ((p.mobile && p.mobile !== w.mobileNumber) || (p.email && p.email !== w.userEmail)) differentlyWritten++;
    }
    expect(differentlyWritten).toBeGreaterThan(org.users.length / 2);
    expect(org.users.some((p) => p.mobile === null)).toBe(true);
    expect(org.users.some((p) => p.email === null)).toBe(true);
  });

  test("the OA has its own ids, and the WeLink truth behind each department", () => {
    const deptCodes = new Set(welink.depts.keys());
    expect(org.depts.length).toBe(welink.depts.size);
    expect(org.depts.every((d) => /^d\d+$/.test(d.id) && !deptCodes.has(d.id))).toBe(true);
    expect(org.users.every((u) => /^u\d{6}$/.test(u.id) && !welink.users.has(u.id))).toBe(true);
    expect(new Set(org.users.map((u) => u.id)).size).toBe(org.users.length);
    expect(new Set(org.users.map((u) => u.loginName)).size).toBe(org.users.length);
    const ids = new Set(org.depts.map((d) => d.id));
    expect(org.depts.every((d) => d.parentId === null || ids.has(d.parentId))).toBe(true);
    expect(org.users.every((u) => u.deptId !== null && ids.has(u.deptId) && u.partTimeDeptIds.every((id) => ids.has(id)))).toBe(true);
  });

  test("top-level names are WeLink's; a few lower ones are renamed the OA's way", () => {
    const renamed = org.depts.filter((d) => d.name !== welink.depts.get(d.welinkDeptCode)!.deptNameCn);
    for (const d of org.depts.filter((x) => x.parentId === null)) expect(d.name).toBe(welink.depts.get(d.welinkDeptCode)!.deptNameCn);
    expect(renamed.every((d) => d.parentId !== null && /(中心|小组)\d*$/.test(d.name))).toBe(true);
    expect(renamed.length / org.depts.length).toBeGreaterThan(0.05);
    expect(renamed.length / org.depts.length).toBeLessThan(0.25);
  });

  test("about 3 % have left; some work in a second department; everyone has a job number and a title", () => {
    const left = org.users.filter((u) => u.status === "left").length;
    expect(share(left)).toBeGreaterThan(0.01);
    expect(share(left)).toBeLessThan(0.05);
    expect(org.users.filter((u) => u.partTimeDeptIds.length > 0).length).toBeGreaterThan(20);
    expect(org.users.every((u) => u.jobNumber && u.title && u.password === `demo-${u.loginName}`)).toBe(true);
  });
});
