import { parse } from "csv-parse/sync";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { errors } from "../../kernel/errors.ts";
import { findCsvImport, listCsvImportRows } from "../store.ts";
import type { Lang } from "../../kernel/i18n.ts";
import { decodeReasons } from "./reasons.ts";
import { type CsvFailure, failureOf, FAILURES_SHOWN } from "./result.ts";
import { wordResult } from "./result-words.ts";
import { type CsvImportSummary, summaryOf, tenantOf } from "./run.ts";

export type CsvImportListItem = Omit<CsvImportSummary, "failures">;

/** The tenant's imports, newest first (without their result files). */
export async function listCsvImports(deps: Deps, ctx: Ctx, query: { limit?: number } = {}): Promise<CsvImportListItem[]> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
  const rows = await listCsvImportRows(deps.db, tenantOf(ctx).id, limit);
  return rows.map((r) => {
    const { failures: _, ...item } = summaryOf(r, []);
    return item;
  });
}

// Another tenant's import does not exist for this caller: 404, never 403.
async function findOwn(deps: Deps, ctx: Ctx, id: string) {
  const row = await findCsvImport(deps.db, tenantOf(ctx).id, id);
  if (!row) throw errors.notFound("csvImport", id);
  return row;
}

/** One import's summary; its first failures are read back from the (small) result file. */
export async function getCsvImport(deps: Deps, ctx: Ctx, id: string): Promise<CsvImportSummary> {
  const row = await findOwn(deps, ctx, id);
  const records = parse(row.resultCsv, { from: 2, to: FAILURES_SHOWN + 1, relax_column_count: true }) as string[][];
  const failures: CsvFailure[] = records.map((r) => failureOf(Number(r[0]), decodeReasons(r[1] ?? "")));
  return summaryOf(row, failures);
}

/** The result file: the failed rows as uploaded, each with its line and reason in `lang`. */
export async function getCsvImportResult(deps: Deps, ctx: Ctx, id: string, lang: Lang): Promise<{ fileName: string; csv: string }> {
  const row = await findOwn(deps, ctx, id);
  const base = row.fileName.replace(/\.csv$/i, "");
  return { fileName: `${base}.result.csv`, csv: wordResult(row.resultCsv, lang) };
}
