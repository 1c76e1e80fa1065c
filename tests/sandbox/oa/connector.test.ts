import { LOCAL_NET } from "../../../src/kernel/net-policy.ts";
import { afterAll, describe, expect, test } from "bun:test";
import type { OaUser } from "../../../src/oa/contract.ts";
import { createDemoConnector } from "../../../src/oa/demo/connector.ts";
import { startDemoOa } from "../../../src/sandbox/oa/server.ts";

// 450 people read in pages of 200, so the last page is short.
const oa = startDemoOa({ seed: 3, users: 450, depts: 25 });
afterAll(() => oa.stop());
const connector = createDemoConnector({ baseUrl: oa.url }, { token: oa.token }, LOCAL_NET);

async function all<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...page);
  return items;
}

describe("the demo connector (the http adapter with the demo's settings) against a running demo OA", () => {
  test("lists every department with its parent, name and order", async () => {
    const depts = await all(connector.listDepartments());
    expect(depts).toEqual(oa.org.depts.map((d) => ({ id: d.id, parentId: d.parentId, name: d.name, order: d.sort })));
  });

  test("lists every person with every field mapped, and who left as inactive", async () => {
    const users = await all(connector.listUsers());
    expect(users).toHaveLength(450);
    const expected = oa.org.users.map((p): OaUser => {
      const u: OaUser = { id: p.id, account: p.loginName, name: p.name, partTimeDeptIds: p.partTimeDeptIds, active: p.status === "active" };
      if (p.mobile) u.mobile = p.mobile;
      if (p.email) u.email = p.email;
      u.employeeNo = p.jobNumber;
      u.position = p.title;
      if (p.deptId) u.mainDeptId = p.deptId;
      return u;
    });
    expect(users).toEqual(expected);
    expect(users.some((u) => !u.active)).toBe(true);
    expect(users.some((u) => u.partTimeDeptIds.length > 0)).toBe(true);
  });

  test("verifies a password: the person for the right one, nobody for a wrong one or someone who left", async () => {
    const person = oa.org.users.find((u) => u.status === "active")!;
    const left = oa.org.users.find((u) => u.status === "left")!;
    expect(await connector.verifyPassword(person.loginName, person.password)).toMatchObject({ id: person.id, account: person.loginName, active: true });
    expect(await connector.verifyPassword(person.loginName, "wrong")).toBeUndefined();
    expect(await connector.verifyPassword(left.loginName, left.password)).toBeUndefined();
  });

  test("the connection test reads a first page of each list", async () => {
    const report = await connector.testConnection();
    expect(report.detail).toContain("25");
  });

  test("a wrong token fails the connection test as an authentication failure", async () => {
    const wrong = createDemoConnector({ baseUrl: oa.url }, { token: "not-the-token" }, LOCAL_NET);
    await expect(wrong.testConnection()).rejects.toMatchObject({ code: "OA_AUTH_FAILED" });
  });
});
