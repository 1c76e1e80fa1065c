import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { importUsersCsv } from "../../src/oa/csv/import-users.ts";
import { getCsvImport, listCsvImports } from "../../src/oa/csv/imports.ts";
import type { Ctx } from "../../src/kernel/actor.ts";
import { listUserRows } from "../../src/oa/store.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { startHarness, type Harness } from "../helpers/harness.ts";
import { gb18030, uploadOk } from "./csv-support.ts";

let h: Harness;
let ctx: Ctx;
beforeAll(async () => {
  h = await startHarness();
  const t = (await findTenantBySlug(h.deps.db, "default"))!;
  ctx = { actor: { label: "user:admin", global: true, tenantId: null }, tenant: { id: t.id, slug: t.slug } };
});
afterAll(() => h.close());

const people = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `s${from + i},acc${from + i},员工${from + i},集团>>停止测试`).join("\n");
const userCount = async () => (await listUserRows(h.deps.db, ctx.tenant!.id, { q: "acc", offset: 0, limit: 1 })).total;

describe("a file that stops being readable part-way", () => {
  test("a quote never closed: the rows before it are kept, the stop is the last failure", async () => {
    const s = await uploadOk(h, "users", `人员ID,账号,姓名,部门\n${people(1, 3000)}\ns3001,"acc3001,断,集团\ns3002,acc3002,后,集团\n`);
    expect(s).toMatchObject({ okRows: 3000, failedRows: 1 });
    expect(s.failures).toEqual([
      {
        line: 3002,
        reason: expect.stringContaining("reading stopped: this and later rows were not imported: the CSV is malformed here: "),
        reasons: [{ code: "row.stopped", cause: { code: "row.malformed", params: { detail: expect.any(String) } } }],
      },
    ]);
  });

  test("GB18030 bytes after a UTF-8 start: the stop names the line, the earlier rows are kept", async () => {
    const utf8 = new TextEncoder().encode(`人员ID,账号,姓名,部门\n${people(5001, 9000)}\n`);
    const bytes = new Uint8Array([...utf8, ...gb18030("s9001,acc9001,李四,集团\n")]);
    const s = await uploadOk(h, "users", bytes);
    expect(s).toMatchObject({ encoding: "utf-8", okRows: 4000, failedRows: 1 });
    expect(s.failures[0]).toMatchObject({ line: 4002, reason: expect.stringContaining("this line has bytes that are not UTF-8"), reasons: [{ code: "row.stopped", cause: { code: "row.notEncoding", params: { encoding: "UTF-8" } } }] });
  });

  test("an upload that breaks off: the kept rows are recorded as an import, and the caller gets the error", async () => {
    const before = await userCount();
    const head = new TextEncoder().encode(`人员ID,账号,姓名,部门\n${people(20001, 21200)}\n`);
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error("connection reset"));
        sent = true;
        controller.enqueue(head);
      },
    });
    await expect(importUsersCsv(h.deps, ctx, { fileName: "broken.csv", body })).rejects.toThrow("connection reset");
    expect((await userCount()) - before).toBe(1200);
    const [last] = await listCsvImports(h.deps, ctx);
    expect(last).toMatchObject({ fileName: "broken.csv", okRows: 1200, failedRows: 1 });
    expect((await getCsvImport(h.deps, ctx, last!.id)).failures).toEqual([
      { line: 1202, reason: "the upload broke off: this and later rows were not imported: connection reset", reasons: [{ code: "row.brokeOff", params: { detail: "connection reset" } }] },
    ]);
  });

  test("a file unreadable before its header is refused whole", async () => {
    const res = await importUsersCsv(h.deps, ctx, { fileName: "x.csv", body: new TextEncoder().encode('"人员ID,账号\n') }).catch((e: unknown) => e);
    expect(res).toMatchObject({ code: "CSV_UNREADABLE", status: 422 });
  });
});
