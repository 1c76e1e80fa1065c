import { AppError } from "../../kernel/errors.ts";

/**
 * Why a whole CSV file is refused (nothing written). Row problems are never errors: they go to
 * the import's result file. The admin shows them in its language (the error catalog).
 */
export const csvErrors = {
  empty: () => new AppError("CSV_EMPTY"),
  missingColumns: (missing: string[], found: string[], expected: string) =>
    new AppError("CSV_MISSING_COLUMNS", {
      missing: missing.join(", "),
      found: found.length ? found.map((f) => `'${f}'`).join(", ") : "(none)",
      expected,
    }),
  duplicateColumn: (field: string, headers: string[]) =>
    new AppError("CSV_DUPLICATE_COLUMN", { field, headers: headers.map((h) => `'${h}'`).join(", ") }),
  utf16: () => new AppError("CSV_UNSUPPORTED_ENCODING"),
  unreadable: (reason: string) => new AppError("CSV_UNREADABLE", { reason }),
  unsupportedMediaType: () => new AppError("UNSUPPORTED_MEDIA_TYPE", { variant: "csv" }),
  tenantRequired: () => new AppError("TENANT_REQUIRED"),
};

/**
 * The file stops being readable part-way (bad bytes, a broken quote): rows before it are kept,
 * and the import records where and why it stopped.
 */
export class CsvStopped extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(reason);
    this.name = "CsvStopped";
  }
}
