import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { listDepartmentRows, listRefreshRows, listUserRows } from "../../src/oa/store.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { startHarness, type Harness } from "../helpers/harness.ts";
import { gb18030, upload, uploadOk, withBom } from "./csv-support.ts";

let h: Harness;
let tenantId: string;
beforeAll(async () => {
  h = await startHarness();
  tenantId = (await findTenantBySlug(h.deps.db, "default"))!.id;
});
afterAll(() => h.close());

const depts = async () => (await listDepartmentRows(h.deps.db, tenantId)).map((d) => ({ id: d.id, parentId: d.parentId, name: d.name, order: d.order }));
const person = async (id: string) => (await listUserRows(h.deps.db, tenantId, { q: id, offset: 0, limit: 10 })).rows.find((u) => u.id === id);

describe("departments file", () => {
  test("UTF-8 with a BOM: paths become departments, every missing level above them is created", async () => {
    const s = await uploadOk(h, "departments", withBom("部门路径,排序\n总公司>>研发部>>平台组,3\n总公司>>研发部,2\n总公司 >>  市场部 ,1\n"), { fileName: "部门.csv" });
    expect(s).toMatchObject({ kind: "departments", fileName: "部门.csv", encoding: "utf-8-bom", totalRows: 3, okRows: 3, failedRows: 0, createdDepts: 4, failures: [] });
    expect(await depts()).toEqual(
      expect.arrayContaining([
        { id: "总公司", parentId: null, name: "总公司", order: 0 },
        { id: "总公司>>研发部", parentId: "总公司", name: "研发部", order: 2 },
        { id: "总公司>>研发部>>平台组", parentId: "总公司>>研发部", name: "平台组", order: 3 },
        { id: "总公司>>市场部", parentId: "总公司", name: "市场部", order: 1 },
      ]),
    );
  });

  test("UTF-8 without a BOM, English headers; known departments are not counted as created", async () => {
    const s = await uploadOk(h, "departments", "path,order\n总公司>>研发部,5\n总公司>>财务部,\n");
    expect(s).toMatchObject({ encoding: "utf-8", okRows: 2, createdDepts: 1 });
    expect((await depts()).find((d) => d.id === "总公司>>研发部")?.order).toBe(5);
  });

  test("GB18030: the names arrive as written", async () => {
    const s = await uploadOk(h, "departments", gb18030("部门路径\n总公司>>研发部>>中文组\n"));
    expect(s).toMatchObject({ encoding: "gb18030", okRows: 1, createdDepts: 1 });
    expect((await depts()).find((d) => d.id === "总公司>>研发部>>中文组")).toEqual({ id: "总公司>>研发部>>中文组", parentId: "总公司>>研发部", name: "中文组", order: 0 });
  });

  test("a chunked upload (no Content-Length) is read the same", async () => {
    const bytes = gb18030("部门路径\n总公司>>分块部\n总公司>>分块部>>一组\n");
    let at = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= bytes.length) return controller.close();
        controller.enqueue(bytes.slice(at, (at += 3)));
      },
    });
    const res = await upload(h, "departments", body);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ encoding: "gb18030", okRows: 2, createdDepts: 2 });
  });

  test("each bad row is reported with its line and reason; the good rows are kept", async () => {
    const file = ["部门路径,排序", "总公司>>甲部", "", ",", "总公司>>>>乙部", "总公司>>甲部", "总公司 >> 甲部", '"总公司>>丙部', '（多行）",x', "总公司>>丁部,1"].join("\n");
    const s = await uploadOk(h, "departments", file);
    expect(s.failures).toEqual([
      { line: 5, reason: "the department path has an empty level: '总公司>>>>乙部'", reasons: [{ code: "row.pathLevel", params: { value: "总公司>>>>乙部" } }] },
      { line: 6, reason: "duplicate path (already on line 2)", reasons: [{ code: "row.duplicatePath", params: { line: 2 } }] },
      { line: 7, reason: "duplicate path (already on line 2)", reasons: [{ code: "row.duplicatePath", params: { line: 2 } }] },
      { line: 8, reason: "the order is not a whole number: 'x'", reasons: [{ code: "row.order", params: { value: "x" } }] },
    ]);
    expect(s).toMatchObject({ totalRows: 6, okRows: 2, failedRows: 4 });
    const ids = (await depts()).map((d) => d.id);
    expect(ids).toContain("总公司>>甲部");
    expect(ids).toContain("总公司>>丁部");
    expect(ids).not.toContain("总公司>>丙部 （多行）");
  });

  test("an empty path is a bad row, an empty line is no row at all", async () => {
    const s = await uploadOk(h, "departments", "部门路径,排序\n\n,3\n");
    expect(s.failures).toEqual([{ line: 3, reason: "the department path is empty", reasons: [{ code: "row.pathEmpty" }] }]);
  });
});

describe("refused files", () => {
  test("a missing required column refuses the whole file, listing the columns found and expected", async () => {
    const res = await upload(h, "users", "姓名,手机\n张三,13800138000\n");
    expect(res.status).toBe(422);
    const p = (await res.json()) as { code: string; detail: string };
    expect(p.code).toBe("CSV_MISSING_COLUMNS");
    expect(p.detail).toContain("Found: '姓名', '手机'");
    expect(p.detail).toContain("id (人员ID/用户ID)");
    expect(p.detail).toContain("account (账号/帐号)");
    expect(p.detail).toContain("Expected:");
    expect(await person("张三")).toBeUndefined();
  });

  test("two columns meaning one field, an empty file, a JSON body are refused", async () => {
    expect(((await (await upload(h, "users", "人员ID,ID,账号,姓名,部门\n")).json()) as { code: string }).code).toBe("CSV_DUPLICATE_COLUMN");
    expect(((await (await upload(h, "departments", "")).json()) as { code: string }).code).toBe("CSV_EMPTY");
    expect(((await (await upload(h, "departments", "\n\n")).json()) as { code: string }).code).toBe("CSV_EMPTY");
    expect((await upload(h, "departments", '{"path":"x"}', { contentType: "application/json" })).status).toBe(415);
  });

  test("a global token must name the tenant", async () => {
    const res = await upload(h, "departments", "部门路径\n甲\n", { tenant: "" });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("TENANT_REQUIRED");
  });
});

describe("the record of an import", () => {
  test("each import is audited and dated as a directory refresh", async () => {
    const s = await uploadOk(h, "departments", "部门路径\n总公司>>审计部\n");
    const audit = (await (await h.call("GET", `/api/v1/audit?target=csv-import:${s.id}`, { tenant: "default" })).json()) as { items: { action: string; after: Record<string, unknown> }[] };
    expect(audit.items).toEqual([expect.objectContaining({ action: "oa.csv.import", after: expect.objectContaining({ kind: "departments", okRows: 1, failedRows: 0 }) })]);
    const [refresh] = await listRefreshRows(h.deps.db, tenantId, 1);
    expect(refresh).toMatchObject({ trigger: "import", status: "ok", deptCount: (await depts()).length });
  });

  test("the file name comes from ?fileName= or Content-Disposition, without folders", async () => {
    const named = await uploadOk(h, "departments", "部门路径\n总公司>>命名部\n", {
      headers: { "content-disposition": `attachment; filename="x.csv"; filename*=UTF-8''${encodeURIComponent("C:\\导出\\组织.csv")}` },
    });
    expect(named.fileName).toBe("组织.csv");
    expect((await uploadOk(h, "departments", "部门路径\n总公司>>命名部\n")).fileName).toBe("upload.csv");
  });
});
