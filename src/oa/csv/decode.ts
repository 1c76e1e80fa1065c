import { csvErrors } from "./errors.ts";

/**
 * Turns an uploaded file's bytes into text, deciding its encoding on the way.
 *
 * A file is one encoding, decided once: a UTF-8 BOM means UTF-8; otherwise the first bytes past
 * the ASCII prefix (ASCII reads the same in both) are tried as strict UTF-8, and GB18030 (a
 * superset of GBK and GB2312, what Chinese Excel and most OA exports write) when that fails.
 * Real GB18030 Chinese is almost never valid UTF-8 over a few kilobytes, so the sniff window is
 * small and the whole file still streams. Should a later byte contradict the choice, the text
 * stops at the line before it, rather than importing mojibake.
 *
 * Text is handed on in whole lines: CR and LF never occur inside a multi-byte character in
 * either encoding, so cutting there needs no decoder state, a bad line is found exactly, and
 * the text before a failure always ends at a line break (no half row reaches the parser).
 */
export type CsvEncoding = "utf-8-bom" | "utf-8" | "gb18030";

/** How far past the first non-ASCII byte the sniff looks before deciding. */
const SNIFF_BYTES = 8192;
/** A physical line longer than this is no spreadsheet row (and would have to be held whole). */
const MAX_LINE_BYTES = 4 * 1024 * 1024;
const CHUNK = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/** The bytes stop being text in the file's encoding; the text before them was handed on. */
export class EncodingBroken extends Error {
  /** The same facts as the message, for the error catalog's CSV_ENCODING (a whole-file upload refused). */
  constructor(
    message: string,
    readonly facts: { encoding: string } | { mib: number },
  ) {
    super(message);
    this.name = "EncodingBroken";
  }
}

const label = (e: CsvEncoding) => (e === "gb18030" ? "GB18030" : "UTF-8");
const notEncoding = (e: CsvEncoding) =>
  new EncodingBroken(
    `此行有不属于 ${label(e)} 编码的字节（同一文件混用了编码？）/ this line has bytes that are not ${label(e)} (a file mixing encodings?); save the sheet again as 'CSV UTF-8'`,
    { encoding: label(e) },
  );
const MAX_LINE_MIB = MAX_LINE_BYTES / 1024 / 1024;
const lineTooLong = () => new EncodingBroken(`一行超过 ${MAX_LINE_MIB} MiB / a line is longer than ${MAX_LINE_MIB} MiB`, { mib: MAX_LINE_MIB });

export async function* chunksOf(body: ReadableStream<Uint8Array> | Uint8Array): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    for (let i = 0; i < body.length; i += CHUNK) yield body.subarray(i, i + CHUNK);
    return;
  }
  yield* body as unknown as AsyncIterable<Uint8Array>;
}

const concat = (a: Uint8Array, b: Uint8Array) => {
  if (!a.length) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
};
const firstNonAscii = (bytes: Uint8Array) => bytes.findIndex((b) => b >= 0x80);
const lastBreak = (bytes: Uint8Array) => Math.max(bytes.lastIndexOf(LF), bytes.lastIndexOf(CR));
const isValidUtf8 = (bytes: Uint8Array) => {
  try {
    // `stream: true` lets a character cut at the window's end pass.
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
};

/** Decodes whole lines; on a bad line, the good lines before it and the error. */
function decodeLines(decoder: TextDecoder, bytes: Uint8Array, encoding: CsvEncoding): { text: string; error?: EncodingBroken } {
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    let text = "";
    for (let start = 0; start < bytes.length; ) {
      let end = start;
      while (end < bytes.length && bytes[end] !== LF && bytes[end] !== CR) end++;
      end++;
      try {
        text += decoder.decode(bytes.subarray(start, end));
      } catch {
        return { text, error: notEncoding(encoding) };
      }
      start = end;
    }
    return { text };
  }
}

export type DecodedText = { text: AsyncGenerator<string>; encoding(): CsvEncoding };

export function decodeCsv(body: ReadableStream<Uint8Array> | Uint8Array): DecodedText {
  let encoding: CsvEncoding | undefined;
  let decoder = new TextDecoder("utf-8"); // ASCII until the encoding is known: both read it alike
  let carry: Uint8Array = new Uint8Array(0); // bytes after the last line break, and the sniff window

  const choose = (e: CsvEncoding) => {
    encoding = e;
    decoder = new TextDecoder(e === "gb18030" ? "gb18030" : "utf-8", { fatal: true });
  };
  /** At the very start: a BOM decides; UTF-16 is refused. */
  const checkStart = () => {
    if (carry[0] === 0xef && carry[1] === 0xbb && carry[2] === 0xbf) {
      choose("utf-8-bom");
      carry = carry.subarray(3);
    } else if ((carry[0] === 0xff && carry[1] === 0xfe) || (carry[0] === 0xfe && carry[1] === 0xff)) throw csvErrors.utf16();
  };
  /** Chooses the encoding once enough bytes past the ASCII prefix are in. */
  const sniff = (atEnd: boolean) => {
    const at = firstNonAscii(carry);
    if (at >= 0 && (atEnd || carry.length - at >= SNIFF_BYTES)) choose(isValidUtf8(carry.subarray(at, at + SNIFF_BYTES)) ? "utf-8" : "gb18030");
  };
  /** Decodes what can be: whole lines (or, at the end, everything); undecided, only the ASCII prefix. */
  const take = (atEnd: boolean) => {
    const nonAscii = encoding ? -1 : firstNonAscii(carry);
    const limit = nonAscii < 0 ? carry.length : nonAscii;
    const cut = atEnd && encoding ? carry.length - 1 : lastBreak(carry.subarray(0, limit));
    if (cut < 0 && carry.length > MAX_LINE_BYTES) return { text: "", error: lineTooLong() };
    const bytes = carry.subarray(0, cut + 1);
    carry = carry.slice(cut + 1);
    return decodeLines(decoder, bytes, encoding ?? "utf-8");
  };

  async function* text(): AsyncGenerator<string> {
    let atStart = true;
    for await (const chunk of chunksOf(body)) {
      carry = concat(carry, chunk);
      if (atStart && carry.length < 3) continue;
      if (atStart) checkStart();
      atStart = false;
      if (!encoding) sniff(false);
      const out = take(false);
      if (out.text) yield out.text;
      if (out.error) throw out.error;
    }
    if (atStart) checkStart();
    if (!encoding) sniff(true);
    encoding ??= "utf-8"; // an empty or ASCII-only file
    const out = take(true);
    if (out.text) yield out.text;
    if (out.error) throw out.error;
  }

  return { text: text(), encoding: () => encoding ?? "utf-8" };
}
