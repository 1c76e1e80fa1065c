import { describe, expect, test } from "bun:test";
import { generateOrg, mulberry32 } from "../../src/sandbox/welink/generate.ts";
import { Org } from "../../src/sandbox/welink/org.ts";

const build = (seed: number, users = 2000, depts = 200) => {
  const org = new Org();
  const summary = generateOrg(org, { seed, users, depts });
  return { org, summary };
};
const snapshot = (org: Org) => JSON.stringify({ depts: [...org.depts.values()], users: [...org.users.values()] });

describe("generated organisations", () => {
  test("the PRNG is deterministic and spreads over [0, 1)", () => {
    const a = mulberry32(9);
    const b = mulberry32(9);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  test("the same seed gives the same organisation; another seed a different one", () => {
    expect(snapshot(build(42).org)).toBe(snapshot(build(42).org));
    expect(snapshot(build(43).org)).not.toBe(snapshot(build(42).org));
  });

  test("the tree is 5 to 8 levels deep, for every seed", () => {
    const depths = new Set<number>();
    for (let seed = 1; seed <= 12; seed++) {
      const { org, summary } = build(seed, 50, 120);
      const deepest = Math.max(...[...org.depts.keys()].map((code) => org.depthOf(code)));
      expect(deepest).toBe(summary.maxDepth);
      expect(deepest).toBeGreaterThanOrEqual(5);
      expect(deepest).toBeLessThanOrEqual(8);
      depths.add(deepest);
    }
    expect(depths.size).toBeGreaterThan(1);
  });

  test("people: Chinese names, unique pinyin ids, unique +86 mobiles, e-mails, employee ids, positions", () => {
    const { org } = build(7);
    const users = [...org.users.values()];
    expect(users.length).toBe(2000);
    for (const u of users) {
      expect(u.userNameCn).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      expect(u.userId).toMatch(/^[a-z]+\d+(_\d+)?@welink$/);
      expect(u.mobileNumber).toMatch(/^\+86-1\d{10}$/);
      expect(u.userEmail).toMatch(/^[a-z0-9_]+@corp\.example\.com$/);
      expect(u.employeeId).toMatch(/^E\d{6}$/);
      expect(u.position).toBeTruthy();
      expect(u.deptCodes.every((code) => org.depts.has(code))).toBe(true);
      expect(Object.keys(u.orderInDepts).sort()).toEqual([...u.deptCodes].sort());
    }
    for (const key of ["userId", "mobileNumber", "corpUserId", "employeeId", "userEmail"] as const) {
      expect(new Set(users.map((u) => u[key])).size).toBe(users.length);
    }
  });

  test("about 5% of people belong to a second department", () => {
    const { org, summary } = build(8, 4000, 300);
    const multi = [...org.users.values()].filter((u) => u.deptCodes.length === 2).length;
    expect(multi).toBe(summary.multiDeptUsers);
    expect(multi / 4000).toBeGreaterThan(0.03);
    expect(multi / 4000).toBeLessThan(0.07);
  });

  test("departments have unique corp codes, sibling-unique names, and a manager where they have people", () => {
    const { org } = build(9);
    const depts = [...org.depts.values()];
    expect(new Set(depts.map((d) => d.corpDeptCode)).size).toBe(depts.length);
    for (const d of depts) {
      const siblings = org.childrenOf(d.parentCode).map((x) => x.deptNameCn);
      expect(siblings.filter((n) => n === d.deptNameCn).length).toBe(1);
      if (d.managerId.length) expect(org.users.get(d.managerId[0]!)?.deptCodes).toContain(d.deptCode);
    }
  });

  test("100,000 people in 10,000 departments (timing printed for the report)", () => {
    const start = performance.now();
    const { org, summary } = build(2024, 100_000, 10_000);
    const ms = Math.round(performance.now() - start);
    console.log(`generate 100k users / 10k depts: ${ms} ms (depth ${summary.maxDepth}, ${summary.multiDeptUsers} in two departments)`);
    expect([org.users.size, org.depts.size]).toEqual([100_000, 10_000]);
    const listStart = performance.now();
    let listed = 0;
    for (const d of org.descendantsOf("0")) listed += org.sortedMembers(d.deptCode).length;
    console.log(`walk every department's members: ${Math.round(performance.now() - listStart)} ms (${listed} memberships)`);
    expect(listed).toBe(100_000 + summary.multiDeptUsers);
  }, 60_000);
});
