import { once } from "node:events";
import { stringify } from "csv-stringify";
import { SAFE_CSV } from "../../kernel/csv.ts";
import { headerKey, RESULT_COLUMNS } from "./columns.ts";
import { encodeReasons, type RowReason, reasonsText } from "./reasons.ts";

/** A failed row: its line, why in English (the API's `reason`), and why as codes and params. */
export type CsvFailure = { line: number; reason: string; reasons: RowReason[] };

export const failureOf = (line: number, reasons: RowReason[]): CsvFailure => ({ line, reason: reasonsText(reasons, "en"), reasons });

/** How many failures the summary lists; the result file has them all. */
export const FAILURES_SHOWN = 100;

/**
 * The result file: every failed row as uploaded, with its `line` and `reason` first (so they
 * line up whatever the row's length). It holds failed rows only, so it stays small for a good
 * file; a fixed copy of it can be uploaded as it is (these two columns are then ignored).
 */
export class ResultFile {
  private readonly chunks: string[] = [];
  private readonly out = stringify(SAFE_CSV);
  private dropped = new Set<number>();
  readonly shown: CsvFailure[] = [];
  count = 0;

  constructor() {
    this.out.on("data", (chunk: Buffer | string) => this.chunks.push(chunk.toString()));
  }

  /** Takes the uploaded header, minus the columns a previous result file added. */
  header(fields: string[]): void {
    fields.forEach((h, i) => RESULT_COLUMNS.includes(headerKey(h)) && this.dropped.add(i));
    this.out.write(["line", "reason", ...this.uploaded(fields)]);
  }

  /** The reasons are stored as codes (JSON); the download words them for its reader. */
  add(line: number, reasons: RowReason[], fields: string[]): void {
    this.count++;
    if (this.shown.length < FAILURES_SHOWN) this.shown.push(failureOf(line, reasons));
    this.out.write([String(line), encodeReasons(reasons), ...this.uploaded(fields)]);
  }

  private uploaded(fields: string[]): string[] {
    return this.dropped.size ? fields.filter((_, i) => !this.dropped.has(i)) : fields;
  }

  async text(): Promise<string> {
    const ended = once(this.out, "end");
    this.out.end();
    await ended;
    return this.chunks.join("");
  }
}
