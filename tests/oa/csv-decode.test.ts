import { describe, expect, test } from "bun:test";
import { decodeCsv, EncodingBroken } from "../../src/oa/csv/decode.ts";
import { readRecords } from "../../src/oa/csv/records.ts";
import { CsvStopped } from "../../src/oa/csv/errors.ts";
import { gb18030, withBom } from "./csv-support.ts";

/** A stream handing the bytes over in pieces of `size`, to cut characters in two. */
function pieces(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function decodeAll(body: Uint8Array | ReadableStream<Uint8Array>) {
  const decoded = decodeCsv(body);
  let text = "";
  for await (const s of decoded.text) text += s;
  return { text, encoding: decoded.encoding() };
}

describe("encoding detection", () => {
  test("the GB18030 fixture bytes are the real ones (中文 = D6D0 CEC4, 研发部 = D1D0 B7A2 B2BF)", () => {
    expect([...gb18030("中文研发部")]).toEqual([0xd6, 0xd0, 0xce, 0xc4, 0xd1, 0xd0, 0xb7, 0xa2, 0xb2, 0xbf]);
    expect(new TextDecoder("gb18030").decode(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]))).toBe("中文");
  });

  test("a UTF-8 BOM means UTF-8, and the BOM is not part of the text", async () => {
    expect(await decodeAll(withBom("姓名,name\n"))).toEqual({ text: "姓名,name\n", encoding: "utf-8-bom" });
  });

  test("UTF-8 without a BOM is recognised", async () => {
    expect(await decodeAll(new TextEncoder().encode("部门路径\n公司>>研发部\n"))).toEqual({ text: "部门路径\n公司>>研发部\n", encoding: "utf-8" });
  });

  test("GB18030 (GBK) is recognised and decoded", async () => {
    expect(await decodeAll(gb18030("部门路径\n公司>>研发部\n"))).toEqual({ text: "部门路径\n公司>>研发部\n", encoding: "gb18030" });
  });

  test("characters cut between chunks decode whole, in either encoding", async () => {
    const text = "人员ID,姓名\n1,张三\n2,李四\n";
    for (const size of [1, 2, 3, 5]) {
      expect(await decodeAll(pieces(new TextEncoder().encode(text), size))).toEqual({ text, encoding: "utf-8" });
      expect(await decodeAll(pieces(gb18030(text), size))).toEqual({ text, encoding: "gb18030" });
      expect(await decodeAll(pieces(withBom(text), size))).toEqual({ text, encoding: "utf-8-bom" });
    }
  });

  test("a long ASCII start does not decide the encoding: the first Chinese bytes do", async () => {
    const text = `id,account,name\n${"1,a,b\n".repeat(20_000)}2,zs,张三\n`;
    expect(await decodeAll(pieces(gb18030(text), 4096))).toEqual({ text, encoding: "gb18030" });
  });

  test("an ASCII-only file is UTF-8", async () => {
    expect((await decodeAll(new TextEncoder().encode("id,name\n1,a\n"))).encoding).toBe("utf-8");
  });

  test("UTF-16 files are refused with a clear reason", async () => {
    await expect(decodeAll(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).rejects.toMatchObject({ code: "CSV_UNSUPPORTED_ENCODING" });
  });

  test("bytes contradicting the encoding chosen at the start stop the file at their line", async () => {
    const utf8 = new TextEncoder().encode(`姓名\n${"张三\n".repeat(5000)}`);
    const bytes = new Uint8Array([...utf8, ...gb18030("李四\n")]);
    await expect(decodeAll(bytes)).rejects.toBeInstanceOf(EncodingBroken);
    // Streamed in small pieces, the rows before the bad bytes come through and the stop names the next line.
    const lines: number[] = [];
    let stopped: unknown;
    try {
      for await (const r of readRecords(decodeCsv(pieces(bytes, 1024)).text)) lines.push(r.line);
    } catch (e) {
      stopped = e;
    }
    expect(stopped).toBeInstanceOf(CsvStopped);
    expect((stopped as CsvStopped).reason).toContain("not UTF-8");
    expect(lines.at(-1)).toBe(5001);
    expect(lines.length).toBeGreaterThan(4800);
    expect((stopped as CsvStopped).line).toBe(lines.at(-1)! + 1);
  });
});

describe("records and their line numbers", () => {
  test("the header is line 1; quoted fields spanning lines and skipped blank lines are counted", async () => {
    const text = 'a,b\n1,"x\ny"\n\n2,z\r\n3,"q\n\nr"\n4,w';
    const got: [number, string[]][] = [];
    for await (const r of readRecords(decodeCsv(new TextEncoder().encode(text)).text)) got.push([r.line, r.fields]);
    expect(got).toEqual([
      [1, ["a", "b"]],
      [2, ["1", "x\ny"]],
      [5, ["2", "z\r"]],
      [6, ["3", "q\n\nr"]],
      [9, ["4", "w"]],
    ]);
  });
});
