/**
 * What counts as a sentence in the wrong language. A page's visible text nodes (and placeholders,
 * titles, labels) are judged one by one; data — people's and departments' names, values a person
 * typed — is marked `translate="no"` (or `data-value`) by the pages and never judged, and neither
 * is code (code, pre, kbd, samp) nor an input's value.
 */

/** Identifiers, product names and values that are the same in both languages: removed before judging. */
const ALLOWED: RegExp[] = [
  /“[^”]*”|"[^"]*"|'[^'\s][^']*'|「[^」]*」/g, // a quoted detail from outside (WeLink's own message, a value)
  /\bhttps?:\/\/\S+/g, // URLs
  /[\w.+-]+@[\w.-]+/g, // e-mails, WeLink user ids
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, // ids
  /\/[\w/{}.:-]*/g, // paths
  /\b\w*\d\w*\b/g, // anything with a digit: ids, versions, HS256, OAuth2
  /\b\w+(?:[_.]\w+)+\b/g, // snake_case and dotted keys (client_id, sync.run)
  /\b[A-Z][A-Z0-9_]+\b/g, // codes and acronyms (OA, API, CSV, JSON, HTTP, QR, SSO, JWKS, CAS, OIDC, LDAP, SQL, UTC, CSRF)
  /\b(?:WeLink|Huawei|Scalar|OpenAPI|Bearer|HWH5|welink-bridge|cron|Chrome|Safari|Firefox|Edge|Windows|macOS|Linux|Android|iOS|iPhone|Mac|OS|X)\b/g,
];

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** The text once identifiers and values are taken out. */
export function stripAllowed(text: string): string {
  let s = text;
  for (const re of ALLOWED) s = s.replace(re, " ");
  return s;
}

/**
 * zh-CN: a text with two Latin words and no Chinese is English; so is a run of three Latin words
 * inside Chinese text (a sentence glued to a Chinese one: "手机号格式不正确 / the mobile number…").
 */
export function englishIn(text: string): boolean {
  const s = stripAllowed(text);
  const words = s.match(LATIN_WORD) ?? [];
  if (words.length >= 2 && !CJK.test(s)) return true;
  return /[A-Za-z]{2,}(?:[\s,'’-]+[A-Za-z]{2,}){2,}/.test(s);
}

/** en: any Chinese character outside data is a leftover. */
export const chineseIn = (text: string): boolean => CJK.test(text);

export type Finding = { page: string; text: string };

/** The page's address as a template: ids and other values in the path become `:id`, query values dropped. */
export function pageTemplate(url: string): string {
  const u = new URL(url, "http://x");
  const path = u.pathname
    .split("/")
    .map((seg) => (/\d/.test(seg) && seg.length >= 6 ? ":id" : /@/.test(seg) ? ":id" : seg))
    .join("/");
  const keys = [...new Set([...u.searchParams.keys()])].sort();
  return keys.length ? `${path}?${keys.join("&")}` : path;
}

/**
 * The text with every value of the world's data blanked (longest first, so "研发部" goes before
 * "研发"): what is left is what the bridge itself says around the names.
 */
export function withoutData(text: string, data: Set<string>): string {
  let s = text;
  for (const value of longestFirst(data)) if (s.includes(value)) s = s.split(value).join(" ");
  return s;
}

const sorted = new WeakMap<Set<string>, string[]>();
function longestFirst(data: Set<string>): string[] {
  let out = sorted.get(data);
  if (!out) sorted.set(data, (out = [...data].filter(Boolean).sort((a, b) => b.length - a.length)));
  return out;
}
