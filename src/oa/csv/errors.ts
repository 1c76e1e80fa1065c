import { AppError } from "../../kernel/errors.ts";

/**
 * Why a whole CSV file is refused (nothing written). Row problems are never errors: they go to
 * the import's result file. Messages are Chinese first, then English, as the admins read both.
 */
export const csvErrors = {
  empty: () => new AppError("CSV_EMPTY", 422, "文件为空 / The file is empty: send the CSV as the request body, with a header line."),
  missingColumns: (missing: string[], found: string[], expected: string) =>
    new AppError(
      "CSV_MISSING_COLUMNS",
      422,
      `缺少必需的列 / Missing required column(s): ${missing.join(", ")}. ` +
        `Found: ${found.length ? found.map((f) => `'${f}'`).join(", ") : "(none)"}. Expected: ${expected}.`,
    ),
  duplicateColumn: (field: string, headers: string[]) =>
    new AppError(
      "CSV_DUPLICATE_COLUMN",
      422,
      `多个列都表示 ${field} / Several columns mean '${field}' (${headers.map((h) => `'${h}'`).join(", ")}): keep one.`,
    ),
  utf16: () =>
    new AppError("CSV_UNSUPPORTED_ENCODING", 422, "不支持 UTF-16 文件 / UTF-16 files are not accepted: save the sheet as 'CSV UTF-8' (or GB18030/GBK CSV)."),
  unreadable: (reason: string) => new AppError("CSV_UNREADABLE", 422, `文件无法读取 / The file cannot be read: ${reason}.`),
  unsupportedMediaType: () =>
    new AppError("UNSUPPORTED_MEDIA_TYPE", 415, "Send the file itself as the request body with 'Content-Type: text/csv' (not JSON, not a form)."),
  tenantRequired: () =>
    new AppError("TENANT_REQUIRED", 400, "This is a tenant's resource: name the tenant with the header 'X-Bridge-Tenant: <slug>'."),
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
