import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { Lang } from "../../kernel/i18n.ts";
import { SAFE_CSV } from "../../kernel/csv.ts";
import { decodeReasons, reasonsText } from "./reasons.ts";

/**
 * The stored result file with its `reason` column worded in `lang`: the file is for people (it is
 * read and fixed in a spreadsheet), so it speaks its reader's language. The other cells are passed
 * on as stored (already safe for spreadsheets; escaping is idempotent).
 */
export function wordResult(stored: string, lang: Lang): string {
  const records = parse(stored, { relax_column_count: true }) as string[][];
  const worded = records.map((r, i) => (i === 0 ? r : [r[0] ?? "", reasonsText(decodeReasons(r[1] ?? ""), lang), ...r.slice(2)]));
  return stringify(worded, SAFE_CSV);
}
