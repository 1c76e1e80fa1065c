import { AppError } from "../../kernel/errors.ts";
import { reasonText, type RowReason } from "./reasons.ts";

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
  /** The file stopped being readable before its header: the stop's facts, in the catalog's words. */
  unreadableHeader: (why: RowReason) => {
    if (why.code === "row.notEncoding") return new AppError("CSV_ENCODING", { encoding: String(why.params?.encoding) });
    if (why.code === "row.lineLong") return new AppError("CSV_ENCODING", { variant: "lineTooLong", mib: Number(why.params?.mib) });
    return new AppError("CSV_UNREADABLE", { reason: String(why.params?.detail ?? reasonText(why, "en")) });
  },
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
    readonly why: RowReason,
  ) {
    super(reasonText(why, "en"));
    this.name = "CsvStopped";
  }

  /** Why, in English. */
  get reason(): string {
    return this.message;
  }
}
