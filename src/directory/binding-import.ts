import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { SAFE_CSV, unescapeCell } from "../kernel/csv.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { eventLoopTurn } from "../kernel/db/client.ts";
import { AppError } from "../kernel/errors.ts";
import { corpRowOf } from "../corps/index.ts";
import { createBinding } from "./bindings.ts";
import { normalizeKey, type RuleField } from "./match.ts";
import { indexOaPeople, type OaIndex } from "./match-index.ts";
import * as store from "./store.ts";

/*
 * Binding by file: the export filled in with one OA value per person. No file is kept: the answer
 * carries `resultCsv`, the failed rows as uploaded with `line` and `reason` in front, which the
 * client saves; fixed, it can be uploaded as it is (those two columns are ignored).
 */
export type BindingImportResult = { totalRows: number; bound: number; unchanged: number; skipped: number; failed: number; failures: { line: number; reason: string }[]; resultCsv: string };

const RESULT_COLUMNS = ["line", "reason"];
type Row = { line: number; fields: string[] };

function readRows(csv: string): { header: string[]; rows: Row[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(csv, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    throw new AppError("CSV_INVALID", { reason: (e as Error).message });
  }
  const [head, ...rest] = records;
  if (!head) throw new AppError("CSV_INVALID", { variant: "empty" });
  return { header: head.record, rows: rest.map((r) => ({ line: r.info.lines, fields: r.record.map(unescapeCell) })) };
}

/** Either shape: the template (`oa_value`) or the current bindings (`oa_user_id`), or both. */
type Sheet = { idCol: number; valueCol: number; oaIdCol: number; keep: number[] };

function columnsOf(header: string[]): Sheet {
  const key = (h: string) => h.trim().toLowerCase();
  const idCol = header.findIndex((h) => key(h) === "welink_user_id");
  const valueCol = header.findIndex((h) => key(h) === "oa_value");
  const oaIdCol = header.findIndex((h) => key(h) === "oa_user_id");
  if (idCol < 0 || (valueCol < 0 && oaIdCol < 0)) throw new AppError("CSV_INVALID", { variant: "columns" });
  return { idCol, valueCol, oaIdCol, keep: header.map((_, i) => i).filter((i) => !RESULT_COLUMNS.includes(key(header[i]!))) };
}

type Scope = { tenantId: string; corpId: string; field: RuleField; index: OaIndex };

type Outcome = "bound" | "unchanged" | "skipped" | { reason: string };

/** Binds the person to this OA person, unless either side is bound to someone else. */
async function bindTo(deps: Deps, ctx: Ctx, s: Scope, welinkUserId: string, oaUserId: string): Promise<Outcome> {
  const mine = await store.findBindingRow(deps.db, s.corpId, welinkUserId);
  if (mine?.oaUserId === oaUserId) return "unchanged";
  if (mine) return { reason: `Already bound to OA person '${mine.oaUserId}'; unbind first to change it.` };
  const theirs = await store.findBindingOfOaUser(deps.db, s.corpId, oaUserId);
  if (theirs) return { reason: `OA person '${oaUserId}' is already bound to WeLink person '${theirs.welinkUserId}'.` };
  await createBinding(deps, ctx, { tenantId: s.tenantId, corpId: s.corpId, welinkUserId, oaUserId, method: "import" });
  return "bound";
}

/** One row: why it fails, or what it did. `oa_value` (looked up by the chosen field) wins over `oa_user_id`. */
async function importRow(deps: Deps, ctx: Ctx, s: Scope, welinkUserId: string, raw: string, oaId: string): Promise<Outcome> {
  // Rows left empty are people the admin did not fill in: not a failure, nothing to re-upload.
  if (raw === "" && oaId === "") return "skipped";
  if (!(await store.findWelinkUser(deps.db, s.corpId, welinkUserId))) return { reason: `No WeLink person '${welinkUserId}' in this enterprise.` };
  if (raw === "") {
    const person = await store.findOaUser(deps.db, s.tenantId, oaId);
    if (!person || !person.active) return { reason: `No active OA person has the id '${oaId}'.` };
    return bindTo(deps, ctx, s, welinkUserId, oaId);
  }
  const value = normalizeKey(s.field, raw);
  const ids = value === undefined ? [] : (s.index.byTerm.get(s.field)?.get(value) ?? []);
  if (ids.length === 0) return { reason: `No active OA person has ${s.field} '${raw}'.` };
  if (ids.length > 1) return { reason: `${ids.length} OA people have ${s.field} '${raw}' (${ids.join(", ")}); use a field that tells them apart.` };
  return bindTo(deps, ctx, s, welinkUserId, ids[0]!);
}

export async function importBindingSheet(deps: Deps, ctx: Ctx, corpId: string, input: { field: RuleField; csv: string }): Promise<BindingImportResult> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const { header, rows } = readRows(input.csv);
  const sheet = columnsOf(header);
  const index = indexOaPeople([{ oa: input.field, welink: input.field }], await store.allOaCandidates(deps.db, corp.tenantId), new Set());
  const scope: Scope = { tenantId: corp.tenantId, corpId: corp.id, field: input.field, index };
  const result: BindingImportResult = { totalRows: rows.length, bound: 0, unchanged: 0, skipped: 0, failed: 0, failures: [], resultCsv: "" };
  const failedRows: string[][] = [];
  for (const [i, row] of rows.entries()) {
    if (i % 500 === 499) await eventLoopTurn(); // see eventLoopTurn: a big sheet is many small transactions
    const cell = (col: number) => (col < 0 ? "" : (row.fields[col] ?? ""));
    const outcome = await importRow(deps, ctx, scope, cell(sheet.idCol), cell(sheet.valueCol), cell(sheet.oaIdCol));
    if (typeof outcome === "string") result[outcome]++;
    else {
      result.failed++;
      if (result.failures.length < 100) result.failures.push({ line: row.line, reason: outcome.reason });
      failedRows.push([String(row.line), outcome.reason, ...sheet.keep.map((i) => row.fields[i] ?? "")]);
    }
  }
  result.resultCsv = stringify([[...RESULT_COLUMNS, ...sheet.keep.map((i) => header[i]!)], ...failedRows], SAFE_CSV);
  return result;
}
