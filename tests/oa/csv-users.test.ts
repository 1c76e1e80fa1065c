import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parse } from "csv-parse/sync";
import { listDepartmentRows, listUserRows } from "../../src/oa/store.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { startHarness, type Harness } from "../helpers/harness.ts";
import { gb18030, upload, uploadOk, withBom, type Summary } from "./csv-support.ts";

let h: Harness;
let tenantId: string;
beforeAll(async () => {
  h = await startHarness();
  tenantId = (await findTenantBySlug(h.deps.db, "default"))!.id;
});
afterAll(() => h.close());

const person = async (id: string) => (await listUserRows(h.deps.db, tenantId, { q: id, offset: 0, limit: 50 })).rows.find((u) => u.id === id);
const deptIds = async () => (await listDepartmentRows(h.deps.db, tenantId)).map((d) => d.id);

const HEADER = "人员ID,账号,姓名,手机,邮箱,工号,职位,部门,兼职部门,状态";
// Line numbers below count the header as line 1; line 9's quoted address spans two lines.
const FILE = [
  HEADER,
  "u1,zhangsan,张三,+86 138-0013-8000,zs@example.cn,E001,工程师,集团>>研发中心>>平台组,集团>>项目办;集团>>研发中心>>平台组,在职",
  "u2,lisi,,13800138001,,,,集团>>研发中心,,",
  ",wangwu,王五,,,,,集团>>研发中心,,",
  "u1,zhangsan2,张三二,,,,,集团>>研发中心,,",
  "u5,zhaoliu,赵六,12345,,,,集团>>研发中心,,",
  "u6,sunqi,孙七,,not-an-email,,,集团>>研发中心,,",
  "u7,zhouba,周八,,,,,集团>>>>研发中心,,",
  '"u8","wujiu","吴九","","","","高级\n工程师","集团>>销售部","集团>>销售部>>华东","离职"',
  "u10,zhengshi,郑十,+44 20 7946 0958,,,,集团>>研发中心,集团||,active",
  "u11,zhangsan,张十一,,,,,集团>>研发中心,,",
  "u12,feng,冯十二,,,,,,,",
  "u13,chen,陈十三,,,,,集团>>研发中心,,在职?",
].join("\r\n");

// The API words each reason in English and gives it as a code with params beside.
const EXPECTED_FAILURES = [
  { line: 3, reason: "the name is empty", reasons: [{ code: "row.nameEmpty" }] },
  { line: 4, reason: "the person id is empty", reasons: [{ code: "row.idEmpty" }] },
  { line: 5, reason: "duplicate person id (already on line 2)", reasons: [{ code: "row.duplicateId", params: { line: 2 } }] },
  { line: 6, reason: "the mobile number is not valid: '12345'", reasons: [{ code: "row.mobile", params: { value: "12345" } }] },
  { line: 7, reason: "the e-mail address is not valid: 'not-an-email'", reasons: [{ code: "row.email", params: { value: "not-an-email" } }] },
  { line: 8, reason: "the department path has an empty level: '集团>>>>研发中心'", reasons: [{ code: "row.pathLevel", params: { value: "集团>>>>研发中心" } }] },
  { line: 12, reason: "duplicate account (already on line 2)", reasons: [{ code: "row.duplicateAccount", params: { line: 2 } }] },
  { line: 13, reason: "the department path is empty", reasons: [{ code: "row.pathEmpty" }] },
  {
    line: 14,
    reason: "the status is not recognised: '在职?' (在职/离职, active/inactive, 1/0)",
    reasons: [{ code: "row.active", params: { value: "在职?", accepted: "在职/离职, active/inactive, 1/0" } }],
  },
];
const englishOnly = EXPECTED_FAILURES.map(({ line, reason }) => ({ line, reason }));

let first: Summary;

describe("people file", () => {
  test("every bad row is reported with its line and reason, and the good rows are kept", async () => {
    first = await uploadOk(h, "users", withBom(FILE), { fileName: "people.csv" });
    expect(first.failures).toEqual(EXPECTED_FAILURES);
    expect(first).toMatchObject({ kind: "users", encoding: "utf-8-bom", totalRows: 12, okRows: 3, failedRows: 9 });
    expect(await person("u1")).toEqual({
      id: "u1",
      account: "zhangsan",
      name: "张三",
      mobile: "13800138000",
      email: "zs@example.cn",
      employeeNo: "E001",
      position: "工程师",
      mainDeptId: "集团>>研发中心>>平台组",
      partTimeDeptIds: ["集团>>项目办"],
      active: true,
    });
    expect(await person("u8")).toMatchObject({ position: "高级\n工程师", mainDeptId: "集团>>销售部", partTimeDeptIds: ["集团>>销售部>>华东"], active: false });
    expect(await person("u10")).toMatchObject({ mobile: "+442079460958", partTimeDeptIds: ["集团"], active: true });
    expect(await person("u2")).toBeUndefined();
  });

  test("departments a people file names are created, with every level above them", async () => {
    expect(first.createdDepts).toBe(6);
    expect((await deptIds()).sort()).toEqual(["集团", "集团>>研发中心", "集团>>研发中心>>平台组", "集团>>项目办", "集团>>销售部", "集团>>销售部>>华东"].sort());
  });

  test("the result file holds only the failed rows, as uploaded, with line and reason, behind a BOM", async () => {
    const res = await h.call("GET", `/api/v1/oa/csv/imports/${first.id}/result.csv`, { tenant: "default" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="people.result.csv"; filename*=UTF-8''people.result.csv`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(new TextDecoder().decode(bytes.subarray(3))) as string[][];
    expect(rows[0]).toEqual(["line", "reason", ...HEADER.split(",")]);
    // The API's download is in English, like its answers; the admin's is in the admin's language (pages.test.ts).
    expect(rows.slice(1).map((r) => ({ line: Number(r[0]), reason: r[1] }))).toEqual(englishOnly);
    expect(rows[2]).toEqual(["4", "the person id is empty", "", "wangwu", "王五", "", "", "", "", "集团>>研发中心", "", ""]);
  });

  test("uploading the corrected failed rows completes the import without touching the good ones", async () => {
    const text = await (await h.call("GET", `/api/v1/oa/csv/imports/${first.id}/result.csv`, { tenant: "default" })).text();
    const fixes: Record<string, (r: string[]) => void> = {
      "3": (r) => (r[4] = "李四"),
      "4": (r) => (r[2] = "u4"),
      "5": (r) => (r[2] = "u3"),
      "6": (r) => (r[5] = "13912345678"),
      "7": (r) => (r[6] = "sunqi@example.cn"),
      "8": (r) => (r[9] = "集团>>研发中心"),
      "12": (r) => (r[3] = "zhangshiyi"),
      "13": (r) => (r[9] = "集团>>研发中心"),
      "14": (r) => (r[11] = "在职"),
    };
    const rows = parse(text, { bom: true }) as string[][];
    for (const r of rows.slice(1)) fixes[r[0]!]!(r);
    const { stringify } = await import("csv-stringify/sync");
    const u1Before = await person("u1");
    const again = await uploadOk(h, "users", stringify(rows), { fileName: "people.result.csv" });
    expect(again).toMatchObject({ totalRows: 9, okRows: 9, failedRows: 0, createdDepts: 0, failures: [] });
    expect(await person("u1")).toEqual(u1Before!);
    const all = await listUserRows(h.deps.db, tenantId, { offset: 0, limit: 100 });
    expect(all.total).toBe(12);
    expect(await person("u2")).toMatchObject({ name: "李四", account: "lisi" });
  });

  test("GB18030 people file", async () => {
    const s = await uploadOk(h, "users", gb18030("人员ID,账号,姓名,部门\ng1,gb,中文名,集团>>研发部\n"));
    expect(s).toMatchObject({ encoding: "gb18030", okRows: 1, createdDepts: 1 });
    expect(await person("g1")).toMatchObject({ name: "中文名", mainDeptId: "集团>>研发部" });
  });

  test("English headers, in any case, with template marks", async () => {
    const s = await uploadOk(h, "users", "User_ID,*Account,Name,Department,Mobile (optional),E-mail,Status,Whatever\ne1,en,Ann,集团,0086 139 1234 5679,ann@example.com,inactive,x\n");
    expect(s.failures).toEqual([]);
    expect(await person("e1")).toMatchObject({ account: "en", mobile: "13912345679", email: "ann@example.com", active: false });
  });
});

describe("reading imports", () => {
  test("the list and one import's summary", async () => {
    const list = (await (await h.call("GET", "/api/v1/oa/csv/imports?limit=50", { tenant: "default" })).json()) as { items: Summary[] };
    expect(list.items.map((i) => i.id)).toContain(first.id);
    expect(list.items[0]).not.toHaveProperty("failures");
    const one = (await (await h.call("GET", `/api/v1/oa/csv/imports/${first.id}`, { tenant: "default" })).json()) as Summary;
    expect(one).toMatchObject({ id: first.id, okRows: 3, failedRows: 9, failures: EXPECTED_FAILURES });
  });

  test("another tenant cannot see or download an import (404), and its list does not show it", async () => {
    const other = await h.tenantToken("other", ["admin"]);
    expect((await h.call("GET", `/api/v1/oa/csv/imports/${first.id}`, { token: other })).status).toBe(404);
    expect((await h.call("GET", `/api/v1/oa/csv/imports/${first.id}/result.csv`, { token: other })).status).toBe(404);
    const list = await (await h.call("GET", "/api/v1/oa/csv/imports", { token: other })).text();
    expect(list).not.toContain(first.id);
    const own = await h.tenantToken("default", ["read"]);
    expect((await h.call("GET", `/api/v1/oa/csv/imports/${first.id}`, { token: own })).status).toBe(200);
    expect((await upload(h, "users", FILE, { token: own })).status).toBe(403);
  });
});

describe("formula-like cells in the result file", () => {
  test("are written with a leading apostrophe, and read back as they were when the file is uploaded again", async () => {
    const name = '=HYPERLINK("http://evil.example","x")';
    const summary = await uploadOk(h, "users", [HEADER, `f1,formula,"${name.replaceAll('"', '""')}",12345,,,,集团>>研发中心,,`].join("\r\n"), { fileName: "formula.csv" });
    expect(summary).toMatchObject({ failedRows: 1 });
    const text = await (await h.call("GET", `/api/v1/oa/csv/imports/${(summary as { id: string }).id}/result.csv`, { tenant: "default" })).text();
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows[1]![4]).toBe(`'${name}`);
    rows[1]![5] = "13912345670";
    const { stringify } = await import("csv-stringify/sync");
    expect(await uploadOk(h, "users", stringify(rows), { fileName: "formula.result.csv" })).toMatchObject({ okRows: 1, failedRows: 0 });
    expect((await person("f1"))?.name).toBe(name);
  });
});
