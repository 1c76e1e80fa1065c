/**
 * CSV cells safe for spreadsheets (OWASP "CSV injection"): a cell that starts with `=`, `+`, `-`,
 * `@`, a tab or a carriage return could run as a formula in Excel or WPS, so it is written with a
 * leading apostrophe, which spreadsheets show as text. Every CSV the bridge writes goes through
 * these options, and the bridge's own imports take the apostrophe off again, so a file it wrote
 * can be uploaded back as it is.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const safeCell = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** The inverse for a cell the bridge escaped (an apostrophe followed by a formula start). */
export const unescapeCell = (value: string): string => (value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value);

/** csv-stringify options for every file the bridge writes: CRLF (Excel) and safe cells. */
export const SAFE_CSV = { record_delimiter: "\r\n", cast: { string: (value: string) => safeCell(value) } } as const;
