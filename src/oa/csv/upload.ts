import type { Context } from "hono";
import { AppError } from "../../kernel/errors.ts";
import type { AppEnv } from "../../kernel/http/env.ts";
import { decodeCsv, EncodingBroken } from "./decode.ts";
import { csvErrors } from "./errors.ts";

// Excel sends .csv files as application/vnd.ms-excel, scripts as text/plain: all are the same bytes.
const CSV_TYPES = /^(text\/csv|application\/csv|text\/plain|application\/vnd\.ms-excel)\b/i;

/** The name from Content-Disposition (`filename*` in UTF-8 first), without any folder part. */
export function fileNameOf(c: Context<AppEnv>, query: string | undefined): string {
  const disposition = c.req.header("content-disposition") ?? "";
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;\s]+)/i.exec(disposition);
  let name = query;
  try {
    name ??= extended ? decodeURIComponent(extended) : undefined;
  } catch {
    // A malformed percent-encoding: fall back to the plain filename.
  }
  name ??= plain?.[1] ?? plain?.[2];
  // eslint-disable-next-line no-control-regex
  const clean = (name ?? "").split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, 200);
  return clean || "upload.csv";
}

/** The request body of a CSV upload (the file itself, not JSON, not a form), as a stream. */
export function csvBodyOf(c: Context<AppEnv>): ReadableStream<Uint8Array> {
  if (!CSV_TYPES.test(c.req.header("content-type") ?? "")) throw csvErrors.unsupportedMediaType();
  const body = c.req.raw.body;
  if (!body) throw csvErrors.empty();
  return body;
}

/**
 * A whole CSV file as text, its encoding detected like the OA imports (UTF-8 with or without
 * BOM, or GB18030/GBK from Chinese Excel). For files read whole, within the upload limit.
 */
export async function csvText(body: ReadableStream<Uint8Array> | Uint8Array): Promise<string> {
  const parts: string[] = [];
  try {
    for await (const part of decodeCsv(body).text) parts.push(part);
  } catch (e) {
    if (e instanceof EncodingBroken) {
      const f = e.facts;
      throw new AppError("CSV_ENCODING", "mib" in f ? { variant: "lineTooLong", mib: f.mib } : { encoding: f.encoding });
    }
    throw e;
  }
  return parts.join("");
}
