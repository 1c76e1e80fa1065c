import { LOCAL_NET } from "../../../src/kernel/net-policy.ts";
import { afterAll, describe, expect, test } from "bun:test";
import { createDemoConnector } from "../../../src/oa/demo/connector.ts";
import { createHttpConnector } from "../../../src/oa/http/connector.ts";
import { startDemoOa } from "../../../src/sandbox/oa/server.ts";
import { demoHttpSettings } from "../../../src/oa/demo/connector.ts";

// The http adapter's write endpoints (the demo connector is the http adapter with the demo's settings) against a running demo OA.
const oa = startDemoOa({ seed: 5, users: 40, depts: 6 });
afterAll(() => oa.stop());
const connector = createDemoConnector({ baseUrl: oa.url }, { token: oa.token }, LOCAL_NET);
const writer = connector.writer!;

async function all<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...page);
  return items;
}

describe("WeLink → OA writes through the http adapter into the demo OA", () => {
  test("says what it can write; without write endpoints there is no writer", () => {
    expect([...writer.capabilities].sort()).toEqual(["createDept", "createUser", "disableDept", "disableUser", "updateDept", "updateUser"]);
    const { writes: _w, ...readOnly } = demoHttpSettings(oa.url);
    expect(createHttpConnector(readOnly, { token: oa.token }, { net: LOCAL_NET }).writer).toBeUndefined();
  });

  test("creates a department and a person in it; a repeated key writes once and answers the same id", async () => {
    const before = oa.state.writes.count;
    const top = oa.org.depts.find((d) => d.parentId === null)!;
    const d = await writer.createDept("k-dept-1", { name: "写回测试部", parentId: top.id, order: 7 });
    const again = await writer.createDept("k-dept-1", { name: "写回测试部", parentId: top.id, order: 7 });
    expect(again.id).toBe(d.id);
    const u = await writer.createUser("k-user-1", { account: "xiehui.ceshi", name: "谢回", mobile: "+86-13900000001", employeeNo: "W0001", mainDeptId: d.id });
    expect((await writer.createUser("k-user-1", { account: "xiehui.ceshi", name: "谢回" })).id).toBe(u.id);
    expect(oa.state.writes.count - before).toBe(2);
    const depts = await all(connector.listDepartments());
    expect(depts.find((x) => x.id === d.id)).toEqual({ id: d.id, parentId: top.id, name: "写回测试部", order: 7 });
    const people = await all(connector.listUsers());
    expect(people.find((x) => x.id === u.id)).toMatchObject({ account: "xiehui.ceshi", name: "谢回", mobile: "+86-13900000001", employeeNo: "W0001", mainDeptId: d.id, active: true });
  });

  test("updates and disables: the person shows as inactive, the emptied department is no longer listed", async () => {
    const d = await writer.createDept("k-dept-2", { name: "临时部", parentId: null, order: 1 });
    const u = await writer.createUser("k-user-2", { account: "linshi", name: "林时", mainDeptId: d.id });
    await writer.updateUser("k-user-2-upd", u.id, { name: "林时新", position: "经理" });
    await writer.updateDept("k-dept-2-upd", d.id, { name: "临时部二" });
    // The OA refuses to disable a department that still holds active people.
    await expect(writer.disableDept("k-dept-2-off-early", d.id)).rejects.toMatchObject({ code: "OA_HTTP_ERROR" });
    await writer.disableUser("k-user-2-off", u.id);
    await writer.disableDept("k-dept-2-off", d.id);
    const people = await all(connector.listUsers());
    expect(people.find((x) => x.id === u.id)).toMatchObject({ name: "林时新", position: "经理", active: false });
    expect((await all(connector.listDepartments())).some((x) => x.id === d.id)).toBe(false);
  });

  test("the OA refuses a write without an idempotency key or with a wrong token", async () => {
    const res = await fetch(`${oa.url}/api/org/users`, { method: "POST", headers: { Authorization: `Bearer ${oa.token}`, "Content-Type": "application/json" }, body: JSON.stringify({ loginName: "x", name: "x" }) });
    expect(res.status).toBe(400);
    const wrong = createDemoConnector({ baseUrl: oa.url }, { token: "nope" }, LOCAL_NET).writer!;
    await expect(wrong.createDept("k-x", { name: "x", parentId: null, order: 0 })).rejects.toMatchObject({ code: "OA_AUTH_FAILED" });
  });
});
