const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date filter of a list page covers whole UTC days: `from` at its first millisecond, `to` at
 * its last. Empty → undefined (no filter); not a YYYY-MM-DD date → null (the page says so).
 */
export function dayBound(value: string, end: boolean): number | undefined | null {
  if (value === "") return undefined;
  const ms = DAY.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(ms)) return null;
  return end ? ms + 86_400_000 - 1 : ms;
}
