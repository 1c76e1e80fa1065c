import type { Lang } from "../../kernel/i18n.ts";
import { type OaKey, to } from "../i18n.ts";

export type RowCode = Extract<OaKey, `row.${string}`>;

/**
 * Why a row was not imported: a code with language-neutral params (what the cell held, a line),
 * and for reasons about a part of the row (a part-time department, a stop) the reason inside.
 * The result file stores them as JSON; the page, the API and the download word them.
 */
export type RowReason = { code: RowCode; params?: Record<string, string | number>; cause?: RowReason };

export const reason = (code: RowCode, params?: RowReason["params"], cause?: RowReason): RowReason => ({
  code,
  ...(params && { params }),
  ...(cause && { cause }),
});

/** One reason in `lang`, its cause worded into `{reason}`. */
export function reasonText(r: RowReason, lang: Lang): string {
  const params = { ...r.params, ...(r.cause && { reason: reasonText(r.cause, lang) }) };
  return to(lang, r.code, params);
}

/** A row's reasons as one line in `lang`. */
export const reasonsText = (rs: RowReason[], lang: Lang): string => rs.map((r) => reasonText(r, lang)).join(lang === "en" ? "; " : "；");

/** The result file's `reason` cell as stored: JSON of the reasons. */
export const encodeReasons = (rs: RowReason[]): string => JSON.stringify(rs);

const isReason = (r: unknown): r is RowReason => typeof (r as RowReason)?.code === "string" && to.maybe("en", (r as RowReason).code) !== undefined;

/** A stored `reason` cell; text written before reasons had codes reads as it was written. */
export function decodeReasons(cell: string): RowReason[] {
  if (cell.startsWith("[")) {
    try {
      const rs = JSON.parse(cell) as unknown;
      if (Array.isArray(rs) && rs.every(isReason)) return rs;
    } catch {
      // plain text that happens to start with a bracket
    }
  }
  return [reason("row.legacy", { text: cell })];
}
