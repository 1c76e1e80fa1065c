import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createWriteStream, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import { stringify } from "csv-stringify";
import { directoryCounts } from "../../src/oa/store.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { startHarness, type Harness } from "../helpers/harness.ts";
import { upload, type Summary } from "./csv-support.ts";

const PEOPLE = 100_000;
const BAD_EVERY = 10_000; // a few bad rows: the result file must stay small
// The point is streaming: the import holds rows a batch at a time, never the file. Fixed
// ceilings, far above what the streaming import needs and far below holding 100,000 people:
const MAX_HEAP_GROWTH_MB = 200;
// RSS gets a larger allowance because the storage driver itself (libsql 0.5.29, under Bun and
// Node alike) never frees ~3.6 KB per statement and ~0.15–0.7 KB per bound value: about 200 MB
// for 100,000 upserted people of 11 columns, whoever writes them (tursodatabase/libsql-js#153).
const MAX_RSS_GROWTH_MB = 400;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

/** Writes the test file row by row (so the test itself never holds it whole). */
async function writePeople(path: string): Promise<void> {
  const out = createWriteStream(path);
  const csv = stringify({ header: true, columns: ["人员ID", "账号", "姓名", "手机", "邮箱", "工号", "职位", "部门", "兼职部门", "状态"] });
  csv.pipe(out);
  for (let i = 1; i <= PEOPLE; i++) {
    const dept = `集团>>事业部${i % 20}>>中心${i % 7}>>组${i % 13}`;
    const mobile = i % BAD_EVERY === 0 ? "bad-mobile" : `13${String(i).padStart(9, "0")}`;
    const row = [`P${i}`, `user${i}`, `员工${i}号`, mobile, `user${i}@example.cn`, `E${i}`, "工程师", dept, i % 3 ? "" : "集团>>项目办", i % 50 ? "在职" : "离职"];
    if (!csv.write(row)) await new Promise((r) => csv.once("drain", r));
  }
  csv.end();
  await finished(out);
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The kernel's record of this process's peak RSS (VmHWM), which `reset` sets back to the current RSS. */
const peakRss = {
  reset: () => writeFileSync("/proc/self/clear_refs", "5"),
  read: () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1] ?? 0) * 1024,
};

/**
 * The file as the request body, in 64 KiB pieces, sampling memory as each piece is pulled: the
 * import pulls only as fast as it writes, so the samples span the whole import. (A timer would
 * not: the import rarely yields to the timer queue.)
 */
function sampledBody(path: string, peak: { rss: number; heap: number; samples: number }): ReadableStream<Uint8Array> {
  const PIECE = 64 * 1024;
  return Bun.file(path)
    .stream()
    .pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          for (let at = 0; at < chunk.length; at += PIECE) {
            const m = process.memoryUsage();
            peak.rss = Math.max(peak.rss, m.rss);
            peak.heap = Math.max(peak.heap, m.heapUsed);
            peak.samples++;
            controller.enqueue(chunk.subarray(at, at + PIECE));
          }
        },
      }),
    );
}

describe("a 100,000-person file", () => {
  test(
    "is imported streaming, in bounded memory",
    async () => {
      const file = join(h.dir, "people-100k.csv");
      await writePeople(file);
      const size = statSync(file).size;
      Bun.gc(true);
      const base = process.memoryUsage();
      const peak = { rss: base.rss, heap: base.heapUsed, samples: 0 };
      peakRss.reset();
      const started = performance.now();
      const res = await upload(h, "users", sampledBody(file, peak), { headers: { "content-length": String(size) }, fileName: "people-100k.csv" });
      const summary = (await res.json()) as Summary;
      const seconds = (performance.now() - started) / 1000;
      const kernelPeak = peakRss.read();

      const growth = { rss: mb(Math.max(peak.rss, kernelPeak) - base.rss), heap: mb(peak.heap - base.heapUsed) };
      console.log(
        `[csv 100k] ${PEOPLE} people, file ${mb(size)} MB, imported in ${seconds.toFixed(1)} s (${Math.round(PEOPLE / seconds)} rows/s); ` +
          `RSS ${mb(base.rss)} MB before, peak ${mb(kernelPeak)} MB (kernel VmHWM) = +${growth.rss} MB; ` +
          `JS heap ${mb(base.heapUsed)} MB before, peak ${mb(peak.heap)} MB = +${growth.heap} MB (${peak.samples} samples)`,
      );

      expect(res.status).toBe(201);
      expect(summary).toMatchObject({ totalRows: PEOPLE, okRows: PEOPLE - PEOPLE / BAD_EVERY, failedRows: PEOPLE / BAD_EVERY });
      expect(summary.failures.map((f) => f.line)).toEqual(Array.from({ length: PEOPLE / BAD_EVERY }, (_, i) => (i + 1) * BAD_EVERY + 1));
      const tenantId = (await findTenantBySlug(h.deps.db, "default"))!.id;
      expect(await directoryCounts(h.deps.db, tenantId)).toEqual({ departments: 1 + 20 + 20 * 7 + 20 * 7 * 13 + 1, users: PEOPLE - PEOPLE / BAD_EVERY });
      expect(peak.samples).toBeGreaterThan(100);
      expect(growth.heap).toBeLessThan(MAX_HEAP_GROWTH_MB);
      expect(growth.rss).toBeLessThan(MAX_RSS_GROWTH_MB);
    },
    180_000,
  );
});
