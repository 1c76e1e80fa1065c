import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { type Conn, inTransaction } from "../../kernel/db/client.ts";
import type { TenantRef } from "../../kernel/http/env.ts";
import { newId } from "../../kernel/ids.ts";
import { type CsvImportRow, directoryCounts, insertCsvImport, insertRefresh, listDepartmentRows } from "../store.ts";
import { decodeCsv } from "./decode.ts";
import { csvErrors, CsvStopped } from "./errors.ts";
import { type CsvRecord, readRecords } from "./records.ts";
import { reason, type RowReason } from "./reasons.ts";
import { type CsvFailure, ResultFile } from "./result.ts";

export type CsvKind = CsvImportRow["kind"];
export type CsvUpload = { fileName: string; body: ReadableStream<Uint8Array> | Uint8Array };

export type CsvImportSummary = {
  id: string;
  kind: CsvKind;
  fileName: string;
  encoding: string;
  createdAt: string;
  createdBy: string;
  totalRows: number;
  okRows: number;
  failedRows: number;
  createdDepts: number;
  /** The first failures; the result file has every one. */
  failures: CsvFailure[];
};

/** What a kind of file does with its rows: check each, stage the good ones, write them in batches. */
export type RowSink = {
  /** Why the row is refused, or [] once its writes are staged. */
  row(fields: string[], line: number): RowReason[];
  pending(): number;
  flush(tx: Conn, tenantId: string): Promise<void>;
  createdDepts(): number;
};
export type SinkFactory = (header: string[], existingDeptIds: string[]) => RowSink;

/**
 * Rows are written in batches, one short transaction each, between reads of the upload — never
 * one transaction for the whole file: the upload arrives at the client's pace, and holding
 * SQLite's single write lock that long would stall every other writer (sync, push, logins).
 * Rows are upserted by (tenant, id), so a file that broke off half-way can simply be sent again.
 */
const BATCH_ROWS = 500;

export function tenantOf(ctx: Ctx): TenantRef {
  if (!ctx.tenant) throw csvErrors.tenantRequired();
  return ctx.tenant;
}

const isBlank = (fields: string[]) => fields.every((f) => f.trim() === "");

/** Reads the header line; a file unreadable before it is refused whole (nothing was written). */
async function readHeader(records: AsyncGenerator<CsvRecord>): Promise<string[]> {
  try {
    // `next()`, not for-await: leaving a for-await loop would close the generator.
    for (let r = await records.next(); !r.done; r = await records.next()) {
      if (!isBlank(r.value.fields)) return r.value.fields.map((f) => f.trim());
    }
  } catch (e) {
    if (e instanceof CsvStopped) throw csvErrors.unreadableHeader(e.why);
    throw e;
  }
  throw csvErrors.empty();
}

/** The records after the header, then, if reading failed, the failure as a last item. */
async function* untilStopped(records: AsyncGenerator<CsvRecord>): AsyncGenerator<CsvRecord | { stop: unknown }> {
  try {
    yield* records;
  } catch (e) {
    yield { stop: e };
  }
}

export async function runCsvImport(deps: Deps, ctx: Ctx, kind: CsvKind, upload: CsvUpload, makeSink: SinkFactory): Promise<CsvImportSummary> {
  const tenant = tenantOf(ctx);
  const startedAt = deps.clock.now();
  const decoded = decodeCsv(upload.body);
  const records = readRecords(decoded.text);
  try {
    const header = await readHeader(records);
    const existing = (await listDepartmentRows(deps.db, tenant.id)).map((d) => d.id);
    const sink = makeSink(header, existing);
    const result = new ResultFile();
    result.header(header);
    const { ok, stop } = await consume(deps, tenant.id, records, sink, result);
    const summary = await finish(deps, ctx, tenant, { kind, fileName: upload.fileName, encoding: decoded.encoding(), startedAt, ok, sink, result });
    // Rows before the break are kept and recorded; a broken upload still answers with its own error.
    if (stop !== undefined && !(stop instanceof CsvStopped)) throw stop;
    return summary;
  } finally {
    // Stops the parser and releases the upload when the file is refused part-way (e.g. a missing column).
    await records.return(undefined);
  }
}

/** Checks every row, writing good ones in batches and failed ones to the result file. */
async function consume(deps: Deps, tenantId: string, records: AsyncGenerator<CsvRecord>, sink: RowSink, result: ResultFile) {
  let ok = 0;
  let lastLine = 1;
  let stop: unknown;
  const flush = async () => {
    if (sink.pending()) await inTransaction(deps.db, (tx) => sink.flush(tx, tenantId));
  };
  for await (const item of untilStopped(records)) {
    if ("stop" in item) {
      stop = item.stop;
      break;
    }
    lastLine = item.line;
    if (isBlank(item.fields)) continue;
    const reasons = sink.row(item.fields, item.line);
    if (reasons.length) result.add(item.line, reasons, item.fields);
    else ok++;
    if (sink.pending() >= BATCH_ROWS) await flush();
  }
  await flush();
  if (stop !== undefined) result.add(...stopFailure(stop, lastLine));
  return { ok, stop };
}

function stopFailure(stop: unknown, lastLine: number): [number, RowReason[], string[]] {
  if (stop instanceof CsvStopped) return [stop.line, [reason("row.stopped", undefined, stop.why)], []];
  const why = stop instanceof Error ? stop.message : String(stop);
  return [lastLine + 1, [reason("row.brokeOff", { detail: why })], []];
}

type Finished = { kind: CsvKind; fileName: string; encoding: string; startedAt: number; ok: number; sink: RowSink; result: ResultFile };

/** Records the import, its audit entry and, when rows were kept, a directory refresh, together. */
async function finish(deps: Deps, ctx: Ctx, tenant: TenantRef, f: Finished): Promise<CsvImportSummary> {
  const now = deps.clock.now();
  const row: CsvImportRow = {
    id: newId(),
    tenantId: tenant.id,
    kind: f.kind,
    fileName: f.fileName,
    encoding: f.encoding,
    createdAt: now,
    createdBy: ctx.actor.label,
    totalRows: f.ok + f.result.count,
    okRows: f.ok,
    failedRows: f.result.count,
    createdDepts: f.sink.createdDepts(),
    resultCsv: await f.result.text(),
  };
  await inTransaction(deps.db, async (tx) => {
    await insertCsvImport(tx, row);
    const { resultCsv: _, tenantId: __, ...after } = row;
    await recordAudit(tx, now, ctx, { action: "oa.csv.import", target: `csv-import:${row.id}`, after });
    // The directory page dates the OA directory by its last refresh; an import that kept rows is one.
    if (row.okRows > 0 || row.createdDepts > 0) {
      const counts = await directoryCounts(tx, tenant.id);
      await insertRefresh(tx, {
        id: newId(),
        tenantId: tenant.id,
        trigger: "import",
        kind: "full",
        mark: null,
        status: "ok",
        startedAt: f.startedAt,
        finishedAt: now,
        deptCount: counts.departments,
        userCount: counts.users,
        errorCode: null,
        error: null,
      });
    }
  });
  return summaryOf(row, f.result.shown);
}

export function summaryOf(row: Omit<CsvImportRow, "resultCsv" | "tenantId">, failures: CsvFailure[]): CsvImportSummary {
  const { id, kind, fileName, encoding, createdBy, totalRows, okRows, failedRows, createdDepts } = row;
  return { id, kind, fileName, encoding, createdAt: new Date(row.createdAt).toISOString(), createdBy, totalRows, okRows, failedRows, createdDepts, failures };
}
