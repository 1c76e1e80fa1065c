import { afterEach, describe, expect, test } from "bun:test";
import { type OaDept } from "../../../src/oa/contract.ts";
import { T } from "../from-welink/support.ts";
import { oaDept, oaUser, push, pushSettings, putOa, startPushWorld, type PushWorld, welinkDept } from "./support.ts";
import { all, baseSettings, connect, fixtureOa, json } from "../../oa/http-support.ts";

/*
 * The OA → WeLink scope by branch (分部): an OA branch sits in the tree above its departments,
 * choosing it takes everything under it, and the plan says which scope rule decided.
 */
let world: PushWorld | undefined;
afterEach(() => world?.close());

const branch = (id: string, name: string): OaDept => ({ ...oaDept(id, name, "G"), kind: "branch" });
type Item = { object: string; action: string; oaId: string | null; reason: string; scopeRule: { code: string; params?: { name: string; id: string } } | null };

async function planOf(w: PushWorld, dryRun: boolean): Promise<Item[]> {
  const run = await push(w, dryRun);
  const res = await w.h.call("GET", `/api/v1/sync-runs/${run.id}/plan?limit=200`, T);
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: Item[] }).items;
}

async function branchWorld(): Promise<PushWorld> {
  const w = (world = await startPushWorld());
  // WeLink's top department matches the OA's by name; the two branches sit under it.
  welinkDept(w.rs.sb, "集团");
  await putOa(w, [oaDept("G", "集团", null), branch("B1", "华东分部"), oaDept("DA", "上海研发部", "B1"), oaDept("DA2", "测试组", "DA"), branch("B2", "华南分部"), oaDept("DB", "广州销售部", "B2")], [
    oaUser("U1", "张一", "DA", 1), oaUser("U2", "张二", "DA2", 2), oaUser("U3", "张三", "DB", 3),
  ]);
  return w;
}

describe("scope by OA branch (分部)", () => {
  test("the OA's departments API lists a branch with its kind", async () => {
    const w = await branchWorld();
    const res = await w.h.call("GET", "/api/v1/oa/departments", T);
    const items = ((await res.json()) as { items: OaDept[] }).items;
    expect(items.find((d) => d.id === "B1")).toMatchObject({ kind: "branch", name: "华东分部" });
    expect(items.find((d) => d.id === "DA")?.kind).toBeUndefined();
  });

  test("choosing a branch puts everything under it in scope, and each item names the branch that put it there", async () => {
    const w = await branchWorld();
    await pushSettings(w, { addNewPeople: true, scope: { depts: ["B1"], include: [], exclude: [] } });
    const items = await planOf(w, true);
    const oaIds = items.map((i) => i.oaId);
    expect(oaIds).toEqual(expect.arrayContaining(["B1", "DA", "DA2", "U1", "U2"]));
    expect(oaIds).not.toContain("U3");
    expect(oaIds).not.toContain("DB");
    expect(oaIds).not.toContain("B2");
    const u2 = items.find((i) => i.oaId === "U2")!;
    expect(u2.scopeRule).toEqual({ code: "scope.underBranch", params: { name: "华东分部", id: "B1" } });
    expect(u2.reason).toContain("Scope: under the chosen branch “华东分部”.");
    expect(items.find((i) => i.oaId === "DA2")!.scopeRule?.code).toBe("scope.underBranch");
  });

  test("a department chosen inside a branch is named as a department; people leaving the scope say which rule put them out", async () => {
    const w = await branchWorld();
    await pushSettings(w, { addNewPeople: true });
    expect((await push(w)).status).toBe("ok");
    await pushSettings(w, { addNewPeople: true, scope: { depts: ["DA2", "B2"], include: [], exclude: ["U3"] } });
    const items = await planOf(w, true);
    const byId = (id: string) => items.find((i) => i.oaId === id)!;
    expect(byId("U2").scopeRule).toEqual({ code: "scope.underDept", params: { name: "测试组", id: "DA2" } });
    expect(byId("U1")).toMatchObject({ action: "remove", scopeRule: { code: "scope.notUnder" } });
    expect(byId("U1").reason).toBe("The person is outside the sync's scope. Scope: under none of the chosen departments or branches.");
    expect(byId("U3")).toMatchObject({ action: "remove", scopeRule: { code: "scope.excluded" } });
    // DA goes only because the chosen 测试组 sits under it.
    expect(byId("DA").scopeRule?.code).toBe("scope.holds");
    expect(byId("DB").scopeRule).toEqual({ code: "scope.underBranch", params: { name: "华南分部", id: "B2" } });
  });

  test("with no scope set the plan stays quiet about scope", async () => {
    const w = await branchWorld();
    await pushSettings(w, { addNewPeople: true });
    const items = await planOf(w, true);
    expect(items.every((i) => i.scopeRule === null)).toBe(true);
  });
});

describe("the http connector passes the branch mark through", () => {
  test("branch, subcompany and true mark a branch; anything else is a department", async () => {
    const oa = fixtureOa(() =>
      json({ data: { items: [
        { id: "1", parentId: null, name: "华东", order: 1, type: "subcompany" },
        { id: "2", parentId: "1", name: "研发", order: 1, type: "dept" },
        { id: "3", parentId: null, name: "华南", order: 2, type: true },
        { id: "4", parentId: "3", name: "销售", order: 1 },
      ] } }),
    );
    const settings = baseSettings(oa.baseUrl, { departments: { path: "/depts", itemsPath: "data.items", fields: { id: "id", parentId: "parentId", name: "name", order: "order", kind: "type" } } });
    const { items } = await all(connect(settings).listDepartments());
    expect(items.map((d) => [d.id, d.kind ?? "dept"])).toEqual([["1", "branch"], ["2", "dept"], ["3", "branch"], ["4", "dept"]]);
  });
});
