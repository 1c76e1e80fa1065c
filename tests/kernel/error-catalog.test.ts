/**
 * The error catalog is complete and well-formed: every code the source can throw or answer is in
 * it, and every entry speaks both languages with the same named parameters.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { CATALOG, ERROR_CODES, renderError, WORDS, type CatalogEntry } from "../../src/kernel/error-catalog.ts";
import { AppError, errors, messageOf } from "../../src/kernel/errors.ts";

const SRC = join(import.meta.dir, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

// Every way a code reaches an error: the constructors and typed helpers, WeLink's mapping table,
// comparisons against a caught error's code, and `code: "…"` literals of problem-like bodies.
const CODE_SITES = [
  /new AppError\(\s*"([A-Z][A-Z0-9_]*)"/g,
  /errors\.conflict\(\s*"([A-Z][A-Z0-9_]*)"/g,
  /(?:WelinkError|ScanError)(?:\.of)?\(\s*"([A-Z][A-Z0-9_]*)"/g,
  /super\(\s*"([A-Z][A-Z0-9_]*)"/g,
  /\brule\(\s*\[[^\]]*\],\s*"([A-Z][A-Z0-9_]*)"/g,
  /\b(?:e|err|error)\.code\s*[!=]==?\s*"([A-Z][A-Z0-9_]*)"/g,
  /\bcode:\s*"([A-Z][A-Z0-9_]*)"/g,
];
// Not error answers: per-recipient outcomes of a delivery, kept in the delivery log (messages/),
// the kinds of a successful OA connection test's report (oa/connection), and the CAS protocol's
// own failure codes (login/cas), answered inside CAS documents as the spec names them.
const CAS_PROTOCOL = ["INVALID_REQUEST", "INVALID_TICKET", "INVALID_SERVICE", "INVALID_PROXY_CALLBACK", "UNAUTHORIZED_SERVICE", "UNAUTHORIZED_SERVICE_PROXY", "INTERNAL_ERROR"];
const OTHER_VOCABULARIES = new Set(["NO_WELINK_USER", "APP_UNAVAILABLE", "OA_TEST_HTTP", "OA_TEST_CSV", ...CAS_PROTOCOL]);

describe("every code in the source is in the catalog", () => {
  test("scanning src/**/*.ts(x) finds no code the catalog lacks", () => {
    const missing: string[] = [];
    let seen = 0;
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, "utf8");
      for (const site of CODE_SITES) {
        for (const m of text.matchAll(site)) {
          const code = m[1]!;
          seen++;
          if (!(code in CATALOG) && !OTHER_VOCABULARIES.has(code)) missing.push(`${relative(SRC, file)}: ${code}`);
        }
      }
    }
    expect(seen).toBeGreaterThan(80); // the scan still finds the call sites it is meant to check
    expect(missing).toEqual([]);
  });

  test("an unknown code, or a wording's missing parameter, does not compile", () => {
    // @ts-expect-error — not a catalog code
    expect(() => new AppError("NO_SUCH_CODE")).toThrow();
    // @ts-expect-error — NOT_FOUND names {kind} and {id}
    expect(new AppError("NOT_FOUND", { kind: "corp" }).message).toContain("{id}");
    // @ts-expect-error — `kind` takes a key of the kind table, not words
    expect(errors.notFound("WeLink enterprise", "c1").status).toBe(404);
  });
});

const paramsOf = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
const wordings = (code: string, e: CatalogEntry) => [
  { name: code, zh: e.zh, en: e.en },
  ...Object.entries(e.variants ?? {}).map(([v, t]) => ({ name: `${code}/${v}`, zh: t.zh, en: t.en })),
];

describe("every entry speaks both languages", () => {
  test("codes are SCREAMING_SNAKE with an HTTP error status", () => {
    for (const code of ERROR_CODES) {
      expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      const { status } = CATALOG[code] as CatalogEntry;
      expect(status >= 400 && status <= 599).toBe(true);
    }
  });

  test("each wording has a non-empty zh and en using the same named parameters", () => {
    const problems: string[] = [];
    for (const code of ERROR_CODES) {
      for (const w of wordings(code, CATALOG[code] as CatalogEntry)) {
        if (typeof w.zh !== "string" || w.zh.trim() === "") problems.push(`${w.name}: no zh`);
        if (typeof w.en !== "string" || w.en.trim() === "") problems.push(`${w.name}: no en`);
        if (paramsOf(w.zh).join() !== paramsOf(w.en).join()) problems.push(`${w.name}: zh {${paramsOf(w.zh)}} ≠ en {${paramsOf(w.en)}}`);
        // The Chinese is written for a Chinese admin, not left in English.
        if (!/[\u4e00-\u9fff]/.test(w.zh)) problems.push(`${w.name}: zh has no Chinese`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("every word of every word table has both languages", () => {
    for (const [table, words] of Object.entries(WORDS)) {
      for (const [key, w] of Object.entries(words as Record<string, { zh: string; en: string }>)) {
        expect(`${table}.${key}:${w.zh.trim() !== "" && w.en.trim() !== ""}`).toBe(`${table}.${key}:true`);
      }
    }
  });

  test("params render in the language asked: word keys become that language's words, the rest stays as given", () => {
    const err = errors.notFound("corp", "acme");
    expect(err.message).toBe("WeLink enterprise 'acme' was not found.");
    expect(messageOf(err, "zh-CN")).toBe("找不到WeLink 企业“acme”：它可能已被删除，或不属于当前租户。");
    expect(renderError("RUN_NOT_HELD", "zh-CN", { runStatus: "ok" })).toContain("“已完成”");
    expect(renderError("RUN_NOT_HELD", "en", { runStatus: "ok" })).toBe("This run is ok; only a held run's removals can be approved or dismissed.");
  });

  test("status and retryable come from the catalog unless the thrower overrides them", () => {
    expect(new AppError("WELINK_RATE_LIMITED", { welinkCode: "48503", welinkMessage: "", api: "GET /x" })).toMatchObject({ status: 503, retryable: true });
    expect(new AppError("OA_HTTP_ERROR", { httpStatus: 404, path: "/x" }, { retryable: false }).retryable).toBe(false);
    expect(new AppError("HTTP_ERROR", {}, { status: 408 }).status).toBe(408);
  });
});
