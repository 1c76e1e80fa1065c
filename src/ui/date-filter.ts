import { localMidnight } from "./time.tsx";

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date filter of a list page covers whole days of the bridge's time zone (the day the admin
 * reads on the page): `from` at its first millisecond, `to` at its last. Empty → undefined (no
 * filter); not a real YYYY-MM-DD date → null (the page says so).
 */
export function dayBound(value: string, end: boolean, tz: string): number | undefined | null {
  if (value === "") return undefined;
  const m = DAY.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return end ? localMidnight(tz, y, mo, d + 1) - 1 : localMidnight(tz, y, mo, d);
}
