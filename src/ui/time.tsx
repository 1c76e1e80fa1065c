/** @jsxImportSource hono/jsx */
import type { Lang } from "../kernel/i18n.ts";

// The one way a time reaches a person: in the bridge's time zone (BRIDGE_TIMEZONE), written the
// way the language writes it. Times are stored and sent by the API as UTC; only people see these.

/** What formatting a time needs: the page's language and the bridge's time zone. */
export type TimeView = { lang: Lang; tz: string };

const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, make: () => Intl.DateTimeFormat) {
  let f = formats.get(key);
  if (!f) formats.set(key, (f = make()));
  return f;
}

const parts = (tz: string, at: number) =>
  formatter(`parts|${tz}`, () =>
    new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }),
  )
    .formatToParts(at)
    .reduce<Record<string, string>>((acc, p) => ((acc[p.type] = p.value), acc), {});

const english = (tz: string) =>
  formatter(`en|${tz}`, () =>
    new Intl.DateTimeFormat("en-GB", { timeZone: tz, hourCycle: "h23", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" }),
  );

const toMs = (value: number | string | Date): number => (value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value));

/**
 * Epoch ms, ISO text or a Date as the bridge's local time: `2026-12-05 13:04:05` in Chinese,
 * `5 Dec 2026, 13:04:05` in English; "" for nothing or nonsense.
 */
export function formatTime(v: TimeView, value: number | string | Date | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const at = toMs(value);
  if (Number.isNaN(at)) return "";
  if (v.lang === "en") return english(v.tz).format(at);
  const p = parts(v.tz, at);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** The zone's offset from UTC at `at`, in milliseconds (+8 h for Asia/Shanghai). */
function offsetMs(tz: string, at: number): number {
  const p = parts(tz, at);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - (at - (at % 1000 + 1000) % 1000);
}

/** `UTC+08:00` for Asia/Shanghai; the offset at `at` (zones with summer time change it). */
export function utcOffset(tz: string, at: number): string {
  const minutes = Math.round(offsetMs(tz, at) / 60_000);
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** `Asia/Shanghai (UTC+08:00)`: shown once per page, so every time on it can be read. */
export const zoneLabel = (tz: string, at: number) => `${tz} (${utcOffset(tz, at)})`;

/** A time on a page: local text for people, the UTC instant for machines and tooltips. */
export function Time({ v, at }: { v: TimeView; at: number | string | Date | null | undefined }) {
  if (at === null || at === undefined || at === "") return null;
  const ms = toMs(at);
  if (Number.isNaN(ms)) return null;
  return <time datetime={new Date(ms).toISOString()}>{formatTime(v, ms)}</time>;
}

/** The first millisecond of the local day `y-m-d` in `tz` (also right across a summer-time change). */
export const localMidnight = (tz: string, y: number, m: number, d: number): number => localInstant(tz, y, m, d, 0, 0);

/** The instant of the local wall time `y-m-d h:mi` in `tz` (midnight's correction, at any hour). */
function localInstant(tz: string, y: number, m: number, d: number, h: number, mi: number): number {
  const wall = Date.UTC(y, m - 1, d, h, mi);
  let at = wall - offsetMs(tz, wall);
  at = wall - offsetMs(tz, at);
  return at;
}

/** An instant as a `datetime-local` input's value (`2026-06-01T02:00`) in the bridge's zone. */
export function toLocalInput(tz: string, value: string | number): string {
  // Only an instant converts; a wall time typed into the form (no offset) is shown back as typed.
  if (typeof value === "string" && !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(value.trim())) return value;
  const at = typeof value === "number" ? value : Date.parse(value);
  if (Number.isNaN(at)) return typeof value === "string" ? value : "";
  const p = parts(tz, at);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * A `datetime-local` value (`2026-06-01T02:00`, seconds optional) read in the bridge's zone, as ISO
 * 8601 UTC; text that already names its offset (`…+08:00`, `…Z`) or is no such value is left as it is.
 */
export function fromLocalInput(tz: string, text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return text;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  return new Date(localInstant(tz, y, mo, d, h, mi) + s * 1000).toISOString();
}

/** For a page that shows a single time (the phone pages): the time with its offset, `… (UTC+08:00)`. */
export function formatTimeZoned(v: TimeView, value: number | string | Date | null | undefined): string {
  const text = formatTime(v, value);
  return text && `${text} (${utcOffset(v.tz, toMs(value as number | string | Date))})`;
}
