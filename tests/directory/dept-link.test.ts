import { afterEach, describe, expect, test } from "bun:test";
import { oaDept, push, putOa, seeded, welinkDept, type PushWorld } from "../sync/to-welink/support.ts";
import { json, T } from "../sync/from-welink/support.ts";

let w: PushWorld | undefined;
afterEach(() => {
  w?.close();
  w = undefined;
});

type Item = { object: string; action: string; oaId: string | null; welinkId: string | null; name: string };
const planOf = async (x: PushWorld, runId: string) =>
  (await json<{ items: Item[] }>(await x.h.call("GET", `/api/v1/sync-runs/${runId}/plan?limit=500`, T))).items;
const link = (x: PushWorld, deptCode: string, oaDeptId: string) => x.h.call("PUT", `/api/v1/corps/${x.corpId}/dept-bindings/${encodeURIComponent(deptCode)}`, { ...T, body: { oaDeptId } });
const unlink = (x: PushWorld, deptCode: string) => x.h.call("DELETE", `/api/v1/corps/${x.corpId}/dept-bindings/${encodeURIComponent(deptCode)}`, T);

/** The seed's WeLink (演示部门 > 部门A) plus 销售中心, a WeLink department no OA name matches; pulled into the mirror. */
async function world(): Promise<{ x: PushWorld; sales: string; spare: string }> {
  const x = (w = await seeded());
  const top = [...x.rs.sb.org.depts.values()].find((d) => d.deptNameCn === "演示部门")!.deptCode;
  const sales = welinkDept(x.rs.sb, "销售中心", top);
  const spare = welinkDept(x.rs.sb, "备用部门", top);
  expect((await x.h.call("POST", `/api/v1/corps/${x.corpId}/pull?wait=true`, T)).status).toBe(200);
  return { x, sales, spare };
}

describe("department links by hand", () => {
  test("a hand link makes OA → WeLink planning treat that WeLink department as the OA one (renamed, not created)", async () => {
    const { x, sales } = await world();
    const before = await planOf(x, (await push(x, true)).id);
    expect(before.find((i) => i.oaId === "DB")).toMatchObject({ action: "create", welinkId: null });

    const res = await link(x, sales, "DB");
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ deptCode: sales, oaDeptId: "DB", oaPath: ["演示部门", "部门B"], method: "admin" });

    const after = await planOf(x, (await push(x, true)).id);
    expect(after.find((i) => i.oaId === "DB")).toMatchObject({ action: "update", welinkId: sales });
    expect(after.some((i) => i.object === "dept" && i.action === "create")).toBe(false);

    // Unlinked again, the plan goes back to creating 部门B.
    expect((await unlink(x, sales)).status).toBe(204);
    expect((await planOf(x, (await push(x, true)).id)).find((i) => i.oaId === "DB")).toMatchObject({ action: "create" });
  });

  test("the API lists links with the OA path, refuses an OA department linked elsewhere, unknown departments, and unlinking twice; all audited", async () => {
    const { x, sales, spare } = await world();
    expect((await link(x, sales, "DB")).status).toBe(200);
    const listed = await json<{ items: unknown[] }>(await x.h.call("GET", `/api/v1/corps/${x.corpId}/dept-bindings`, T));
    expect(listed.items).toContainEqual(expect.objectContaining({ deptCode: sales, oaDeptId: "DB", oaPath: ["演示部门", "部门B"] }));

    const taken = await link(x, spare, "DB");
    expect(taken.status).toBe(409);
    const problem = await json<{ code: string; detail: string }>(taken);
    expect(problem.code).toBe("DEPT_BINDING_CONFLICT");
    expect(problem.detail).toContain(sales);
    expect(taken.headers.get("content-type")).toContain("application/problem+json");

    expect(await json(await link(x, "no-such-dept", "DB"))).toMatchObject({ code: "NOT_FOUND" });
    expect((await link(x, spare, "no-such-oa")).status).toBe(404);
    // Re-linking the same department to another OA department replaces its link.
    await putOa(x, [oaDept("DC", "部门C", "D0")], []);
    expect(await json(await link(x, sales, "DC"))).toMatchObject({ oaDeptId: "DC", oaPath: ["演示部门", "部门C"] });
    expect((await link(x, spare, "DB")).status).toBe(200);

    const search = await json<{ items: { id: string; path: string[] }[] }>(await x.h.call("GET", `/api/v1/corps/${x.corpId}/oa-departments?q=${encodeURIComponent("部门C")}`, T));
    expect(search.items).toEqual([{ id: "DC", path: ["演示部门", "部门C"] }]);

    expect((await unlink(x, sales)).status).toBe(204);
    expect(await json(await unlink(x, sales))).toMatchObject({ code: "NOT_FOUND" });
    const audit = await (await x.h.call("GET", "/api/v1/audit?action=dept-binding", T)).text();
    expect(audit).toContain("dept-binding.create");
    expect(audit).toContain("dept-binding.delete");
  });

  test("a read-only enterprise may link too: a link is not an edit of WeLink's organisation", async () => {
    const { x, sales } = await world();
    expect((await x.h.call("PATCH", `/api/v1/corps/${x.corpId}`, { ...T, body: { contactPermission: "read-only" } })).status).toBe(200);
    expect((await link(x, sales, "DB")).status).toBe(200);
  });
});
