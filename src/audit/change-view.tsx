/** @jsxImportSource hono/jsx */
import type { Child } from "hono/jsx";
import { t } from "../kernel/i18n.ts";
import { formatTime, type View } from "../ui/index.ts";
import { tfield } from "./fields.ts";
import { tau } from "./i18n.ts";
import { MASK } from "./record.ts";

const MAX = 200;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isTimeKey = (key: string) => /(At|Until)$/.test(key);
const cut = (s: string) => (s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s);

/** One recorded value in words: yes/no, local times, lists, masked secrets; JSON only for what has no simpler form. */
export function valueText(v: View, key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (value === MASK) return tau(v.lang, "audit.masked");
  if (typeof value === "boolean") return t(v.lang, value ? "common.yes" : "common.no");
  if (isTimeKey(key) && (typeof value === "number" || typeof value === "string")) return formatTime(v, value) || String(value);
  if (typeof value === "string" || typeof value === "number") return cut(String(value));
  if (Array.isArray(value) && value.every((x) => typeof x !== "object" || x === null)) return value.length ? cut(value.map((x) => valueText(v, "", x)).join(", ")) : "—";
  if (isRecord(value)) return cut(Object.entries(value).map(([k, x]) => `${fieldLabel(v, k)}: ${valueText(v, k, x)}`).join("; "));
  return cut(JSON.stringify(value));
}

/** The field's name in the admin's language; its key when none is known. */
const fieldLabel = (v: View, key: string) => tfield.maybe(v.lang, `field.${key}`) ?? key;

const Label = ({ v, k }: { v: View; k: string }) => {
  const known = tfield.maybe(v.lang, `field.${k}`);
  return <span class="field-name">{known ?? <code>{k}</code>}</span>;
};

function Line({ v, k, before, after, has }: { v: View; k: string; before: unknown; after: unknown; has: { b: boolean; a: boolean } }) {
  const parts: Child[] = [];
  if (has.b) parts.push(<del translate="no">{valueText(v, k, before)}</del>);
  if (has.b && has.a) parts.push(" → ");
  if (has.a) parts.push(<ins translate="no">{valueText(v, k, after)}</ins>);
  return (
    <li>
      {k && <><Label v={v} k={k} />{v.lang === "en" ? ": " : "："}</>}
      {parts}
    </li>
  );
}

/** What an entry changed, one labelled line per field: `名称：旧 → 新`; a created or deleted object lists its fields. */
export function Change({ v, before, after }: { v: View; before: unknown; after: unknown }) {
  if (before === null && after === null) return null;
  if (!isRecord(before) && !isRecord(after)) {
    return (
      <ul class="change">
        <Line v={v} k="" before={before} after={after} has={{ b: before !== null, a: after !== null }} />
      </ul>
    );
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const same = (k: string) => JSON.stringify(b[k]) === JSON.stringify(a[k]);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !(k in b && k in a && same(k)));
  return (
    <ul class="change">
      {keys.map((k) => (
        <Line v={v} k={k} before={b[k]} after={a[k]} has={{ b: k in b, a: k in a }} />
      ))}
    </ul>
  );
}
