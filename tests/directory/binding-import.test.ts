import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { ADMIN_TOKEN } from "../helpers/harness.ts";
import { bindingsOf, seedOa, seedWelink, startBindingWorld, type BindingWorld } from "./binding-support.ts";

let w: BindingWorld;

beforeAll(async () => {
  w = await startBindingWorld();
  await seedOa(w, [
    { id: "oa1", mobile: "13800000001", employeeNo: "E1" },
    { id: "oa2", mobile: "13800000002", employeeNo: "E2" },
    { id: "oa3", mobile: "13800000003", employeeNo: "E3" },
    { id: "oa4", mobile: "13800000004", employeeNo: "E4" },
    { id: "twin-a", mobile: "13800000005" },
    { id: "twin-b", mobile: "+86 13800000005" },
  ]);
  await seedWelink(w, w.corpId, [{ userId: "w1", name: "张三", mobile: "+86-13800000001" }, { userId: "w2" }, { userId: "w3" }, { userId: "w4" }, { userId: "w5" }]);
  await w.call("PUT", `/api/v1/corps/${w.corpId}/bindings/w4`, { oaUserId: "oa4" });
});
afterAll(() => w.h.close());

const post = (csv: string | Uint8Array, field: string, type = "text/csv") =>
  w.h.call("POST", `/api/v1/corps/${w.corpId}/bindings/import?field=${field}`, { tenant: "default", body: csv as string, headers: { "content-type": type } });

async function upload(csv: string, field = "mobile") {
  const res = await post(csv, field);
  expect(res.status).toBe(200);
  return (await res.json()) as { totalRows: number; bound: number; unchanged: number; skipped: number; failed: number; failures: { line: number; reason: string }[]; resultCsv: string };
}

describe("binding by file", () => {
  test("the export lists the WeLink people with their current bindings; the template leaves them empty; formula-like cells are escaped", async () => {
    const res = await w.call("GET", `/api/v1/corps/${w.corpId}/bindings/export.csv`);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const rows = parse((await res.text()).replace(/^\uFEFF/, "")) as string[][];
    expect(rows[0]).toEqual(["welink_user_id", "name", "mobile", "email", "employee_id", "department", "oa_user_id", "oa_account", "oa_name", "oa_value"]);
    // "+86-…" would start a formula in a spreadsheet: it is written with a leading apostrophe.
    expect(rows[1]).toEqual(["w1", "张三", "'+86-13800000001", "", "", "", "", "", "", ""]);
    const w4 = rows.find((r) => r[0] === "w4")!;
    expect(w4[6]).toBe("oa4");
    expect(rows).toHaveLength(6);
    const template = parse((await (await w.call("GET", `/api/v1/corps/${w.corpId}/bindings/export.csv?template=true`)).text()).replace(/^\uFEFF/, "")) as string[][];
    expect(template.find((r) => r[0] === "w4")!.slice(6)).toEqual(["", "", "", ""]);
  });

  test("good rows bind, bad rows come back with line and reason, and the fixed result file re-imports", async () => {
    const sheet = stringify([
      ["welink_user_id", "name", "oa_value"],
      ["w1", "a", "+86 138 0000 0001"],
      ["ghost", "b", "13800000002"],
      ["w2", "c", "13999999999"],
      ["w3", "d", "13800000005"],
      ["w4", "e", "13800000003"],
      ["w5", "f", ""],
    ]);
    const first = await upload(sheet);
    expect(first).toMatchObject({ totalRows: 6, bound: 1, unchanged: 0, skipped: 1, failed: 4 });
    expect(first.failures.map((f) => f.line)).toEqual([3, 4, 5, 6]);
    expect(first.failures[0]!.reason).toContain("No WeLink person 'ghost'");
    expect(first.failures[1]!.reason).toContain("No active OA person");
    expect(first.failures[2]!.reason).toContain("2 OA people");
    expect(first.failures[3]!.reason).toContain("Already bound");

    const result = parse(first.resultCsv) as string[][];
    expect(result[0]).toEqual(["line", "reason", "welink_user_id", "name", "oa_value"]);
    expect(result.slice(1).map((r) => r[2])).toEqual(["ghost", "w2", "w3", "w4"]);

    // The admin fixes two rows of the result file and uploads only it (line and reason are ignored).
    const fixed = result.map((r, i) => (i === 0 ? r : r[2] === "w2" ? [...r.slice(0, 4), "13800000002"] : r[2] === "w3" ? [...r.slice(0, 4), "13800000003"] : r));
    const second = await upload(stringify(fixed));
    expect(second).toMatchObject({ totalRows: 4, bound: 2, failed: 2 });
    expect(await bindingsOf(w, w.corpId)).toEqual({
      w1: { oaUserId: "oa1", method: "import" },
      w2: { oaUserId: "oa2", method: "import" },
      w3: { oaUserId: "oa3", method: "import" },
      w4: { oaUserId: "oa4", method: "admin" },
    });
    // Uploading the same good row again changes nothing.
    expect(await upload(stringify([["welink_user_id", "oa_value"], ["w1", "13800000001"]]))).toMatchObject({ unchanged: 1, failed: 0 });
  });

  test("the OA column can hold another field", async () => {
    await w.call("DELETE", `/api/v1/corps/${w.corpId}/bindings/w4`);
    expect(await upload(stringify([["welink_user_id", "oa_value"], ["w4", "E4"]]), "employeeNo")).toMatchObject({ bound: 1, failed: 0 });
  });

  test("the current-bindings export imports back: unchanged rows stay, an oa_user_id filled in binds, a formula cell is read unescaped", async () => {
    await w.call("DELETE", `/api/v1/corps/${w.corpId}/bindings/w5`);
    const rows = parse((await (await w.call("GET", `/api/v1/corps/${w.corpId}/bindings/export.csv`)).text()).replace(/^\uFEFF/, "")) as string[][];
    const edited = rows.map((r) => (r[0] === "w5" ? [...r.slice(0, 6), "twin-a", "", "", ""] : r));
    const result = await upload(stringify(edited));
    expect(result).toMatchObject({ bound: 1, failed: 0, skipped: 0 });
    expect(result.unchanged).toBe(4);
    expect((await bindingsOf(w, w.corpId)).w5).toEqual({ oaUserId: "twin-a", method: "import" });
    // A value written escaped by the bridge is matched as it was meant: "'+86 …" is the mobile "+86 …".
    await w.call("DELETE", `/api/v1/corps/${w.corpId}/bindings/w1`);
    expect(await upload(stringify([["welink_user_id", "oa_value"], ["w1", "'+86 138 0000 0001"]]))).toMatchObject({ bound: 1, failed: 0 });
    // An unknown OA id is a failure in words.
    const bad = await upload(stringify([["welink_user_id", "oa_user_id"], ["w2", "nobody"]]));
    expect(bad.failures[0]!.reason).toContain("No active OA person has the id 'nobody'");
  });

  test("a file without the columns is refused whole", async () => {
    const res = await post("a,b\r\n1,2\r\n", "mobile");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe("CSV_INVALID");
  });

  test("the sheet is a file body: JSON is refused (415), an unknown field is 422, GBK from Chinese Excel is read", async () => {
    expect((await w.call("POST", `/api/v1/corps/${w.corpId}/bindings/import?field=mobile`, { csv: "welink_user_id,oa_value" })).status).toBe(415);
    expect((await post("welink_user_id,oa_value\r\n", "phone")).status).toBe(422);
    await w.call("DELETE", `/api/v1/corps/${w.corpId}/bindings/w4`);
    // "姓名" (name) in GBK: D0D5 C3FB; the row binds w4 by employee number.
    const gbk = new Uint8Array([...new TextEncoder().encode("welink_user_id,"), 0xd0, 0xd5, 0xc3, 0xfb, ...new TextEncoder().encode(",oa_value\r\nw4,x,E4\r\n")]);
    const res = await w.h.app.request(`/api/v1/corps/${w.corpId}/bindings/import?field=employeeNo`, {
      method: "POST", body: gbk, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "x-bridge-tenant": "default", "content-type": "text/csv" },
    });
    expect(await res.json()).toMatchObject({ bound: 1, failed: 0 });
  });

  test("a sheet larger than the JSON limit but within the upload limit is accepted", async () => {
    const filler = Array.from({ length: 80_000 }, (_, i) => `nobody-${i},`).join("\r\n");
    const sheet = `welink_user_id,oa_value\r\n${filler}\r\n`;
    expect(sheet.length).toBeGreaterThan(1024 * 1024);
    const res = await post(sheet, "mobile");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ totalRows: 80_000, skipped: 80_000 });
  });
});
