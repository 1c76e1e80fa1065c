import { unescapeCell } from "../../kernel/csv.ts";
import { parse, type Parser } from "csv-parse";
import { EncodingBroken } from "./decode.ts";
import { CsvStopped } from "./errors.ts";
import { reason } from "./reasons.ts";

/** One record of the file and the line it starts on (the header is line 1). */
export type CsvRecord = { line: number; fields: string[] };

// A runaway quoted field must not swallow the whole file into memory.
const MAX_RECORD_CHARS = 1024 * 1024;

const BREAK = /\r\n|\r|\n/g;
const LEADING_BREAKS = /^(?:\r\n|\r|\n)+/;
const countBreaks = (text: string) => text.match(BREAK)?.length ?? 0;

/**
 * The parser hands each record to `onRecord` as it completes, synchronously inside `write()`,
 * and keeps none: the reader takes them between writes, so the parser never buffers rows, and
 * rows parsed before a failure are never lost with the stream's buffers.
 */
function newParser(onRecord: (fields: string[], raw: string) => void): Parser {
  return parse({
    bom: true,
    relax_column_count: true,
    // Exports often carry a stray quote inside an unquoted field (`5"2`): keep it as text.
    relax_quotes: true,
    skip_empty_lines: true,
    // `raw` carries every character consumed, skipped empty lines included: the only reliable
    // way to number lines when quoted fields span several (csv-parse's own `info.lines` drifts
    // after skipped lines).
    raw: true,
    max_record_size: MAX_RECORD_CHARS,
    on_record: (r: unknown) => {
      const { record, raw } = r as { record: string[]; raw: string };
      // A result file the bridge wrote escaped formula-like cells (kernel/csv.ts): uploaded back, they read as written.
      onRecord(record.map(unescapeCell), raw);
      return null;
    },
  });
}

const isCsvError = (e: unknown) => typeof (e as { code?: unknown })?.code === "string" && (e as { code: string }).code.startsWith("CSV_");

function stopped(e: unknown, line: number): unknown {
  if (e instanceof EncodingBroken) {
    const f = e.facts;
    return new CsvStopped(line, "mib" in f ? reason("row.lineLong", { mib: f.mib }) : reason("row.notEncoding", { encoding: f.encoding }));
  }
  if (isCsvError(e)) return new CsvStopped(line, reason("row.malformed", { detail: (e as Error).message }));
  return e;
}

/**
 * Streams the records of a CSV text, pulling text only as fast as records are taken. A file
 * that stops being readable (bad bytes, a broken quote) ends with `CsvStopped` naming the first
 * line not read; other failures (the upload broke off) pass through untouched — in both cases
 * after every whole row that came before.
 */
export async function* readRecords(text: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  const queue: CsvRecord[] = [];
  let next = 1;
  const parser = newParser((fields, raw) => {
    const line = next + (raw.match(LEADING_BREAKS)?.[0].match(BREAK)?.length ?? 0);
    next += countBreaks(raw);
    queue.push({ line, fields });
  });
  let parseError: unknown;
  parser.on("error", (e) => (parseError ??= e));
  let failure: unknown;
  try {
    try {
      for await (const chunk of text) {
        parser.write(chunk);
        yield* queue.splice(0);
        if (parser.errored) break;
      }
    } catch (e) {
      // The text ends at a line break even when it fails (decode.ts), so flushing the parser
      // yields whole rows only.
      failure = e;
    }
    if (!parser.errored) await new Promise<void>((resolve) => parser.end(() => resolve()));
    yield* queue.splice(0);
  } finally {
    parser.destroy();
  }
  // A quote left open by a text that broke off is the break's fault, not the file's.
  const error = failure ?? parser.errored ?? parseError;
  if (error) throw stopped(error, next);
}
