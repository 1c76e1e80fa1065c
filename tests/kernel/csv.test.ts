import { expect, test } from "bun:test";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { SAFE_CSV, safeCell, unescapeCell } from "../../src/kernel/csv.ts";

test("cells that a spreadsheet would run as a formula get a leading apostrophe; others are untouched", () => {
  for (const bad of ["=1+1", "+86-13800000000", "-2", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://evil")']) expect(safeCell(bad)).toBe(`'${bad}`);
  for (const fine of ["张三", "13800000000", "a=b", " =1", "", "'quoted"]) expect(safeCell(fine)).toBe(fine);
});

test("the bridge's imports read an escaped cell back as it was, and leave other apostrophes alone", () => {
  for (const v of ["=1+1", "+86-1", "-2", "@x", "\tx", "plain", "'kept"]) expect(unescapeCell(safeCell(v))).toBe(v);
  expect(unescapeCell("'text")).toBe("'text");
});

test("SAFE_CSV writes CRLF records with escaped cells, header included", () => {
  const csv = stringify([["=h", "b"], ["+86-1", "x"]], SAFE_CSV);
  expect(csv).toBe("'=h,b\r\n'+86-1,x\r\n");
  expect(parse(csv)).toEqual([["'=h", "b"], ["'+86-1", "x"]]);
});
