import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { upsertDepartments } from "../store.ts";
import { checkOrder } from "./checks.ts";
import { DEPARTMENT_COLUMNS, mapColumns, valueOf } from "./columns.ts";
import { DeptBook, deptId, deptOf, parsePath } from "./paths.ts";
import { reason, type RowReason } from "./reasons.ts";
import { type CsvImportSummary, type CsvUpload, type RowSink, runCsvImport } from "./run.ts";

/**
 * A departments file: one department per row, written as its path from the company down
 * (`公司>>研发部>>平台组`), with an optional order. Every missing level above a row is created,
 * so a file may list only the leaves; a department already in the directory keeps its place.
 */
export function departmentSink(header: string[], existingDeptIds: string[]): RowSink {
  const cols = mapColumns(DEPARTMENT_COLUMNS, header);
  const book = new DeptBook(existingDeptIds);
  const firstLine = new Map<string, number>();
  return {
    row(fields, line) {
      const path = parsePath(valueOf(cols, fields, "path"));
      const order = checkOrder(valueOf(cols, fields, "order"));
      const reasons: RowReason[] = [];
      if ("reason" in path) reasons.push(path.reason);
      if ("reason" in order) reasons.push(order.reason);
      const first = "levels" in path ? firstLine.get(deptId(path.levels)) : undefined;
      if (first !== undefined) reasons.push(reason("row.duplicatePath", { line: first }));
      if (reasons.length || !("levels" in path) || !("value" in order)) return reasons;

      firstLine.set(deptId(path.levels), line);
      if (path.levels.length > 1) book.ensure(path.levels.slice(0, -1));
      book.put(deptOf(path.levels, order.value));
      return [];
    },
    pending: () => book.pending,
    flush: (tx, tenantId) => upsertDepartments(tx, tenantId, book.take()),
    createdDepts: () => book.created,
  };
}

/** Imports a departments file into the tenant's OA directory; failed rows go to the result file. */
export function importDepartmentsCsv(deps: Deps, ctx: Ctx, upload: CsvUpload): Promise<CsvImportSummary> {
  return runCsvImport(deps, ctx, "departments", upload, departmentSink);
}
