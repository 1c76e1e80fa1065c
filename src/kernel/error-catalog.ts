/**
 * The one error catalog: every code the bridge answers with, its HTTP status, whether a retry
 * may help, and its message in both admin languages with named `{params}`. Throwers pass a code
 * and language-neutral params (ids, names, numbers, word keys); the API's `detail` is the English
 * text, the admin shows the admin's language. GET /api/v1/errors publishes this list.
 */
import type { CatalogEntry, Texts } from "./error-codes/types.ts";
import { WORDS } from "./error-codes/words.ts";
import type { Lang } from "./i18n.ts";
import { LOGIN_CODES } from "./error-codes/login.ts";
import { API_CODES } from "./error-codes/api.ts";
import { WELINK_CODES } from "./error-codes/welink.ts";
import { ORG_CODES } from "./error-codes/org.ts";
import { SYNC_CODES } from "./error-codes/sync.ts";
import { LDAP_CODES } from "./error-codes/ldap.ts";
import { OA_SQL_CODES } from "./error-codes/oa-sql.ts";
import { NET_CODES } from "./error-codes/net.ts";

export { WORDS } from "./error-codes/words.ts";
export type { CatalogEntry, Texts } from "./error-codes/types.ts";

export const CATALOG = { ...API_CODES, ...ORG_CODES, ...LDAP_CODES, ...OA_SQL_CODES, ...NET_CODES, ...SYNC_CODES, ...LOGIN_CODES, ...WELINK_CODES } as const;
export type ErrorCode = keyof typeof CATALOG;
/** A key of one WORDS table, for params passed through a helper (`action: WordOf<"action">`). */
export type WordOf<T extends keyof typeof WORDS> = keyof (typeof WORDS)[T];
export const ERROR_CODES = Object.keys(CATALOG).sort() as ErrorCode[];

// ---- the params each code (and each of its variants) takes, derived from its English template

type Names<S extends string> = S extends `${string}{${infer N}}${infer Rest}` ? N | Names<Rest> : never;
/** A param named like a WORDS table takes one of its keys; any other takes text or a number. */
type Value<N extends string> = N extends keyof typeof WORDS ? keyof (typeof WORDS)[N] : string | number;
type ValuesOf<S extends string> = { [N in Names<S>]: Value<N> };
type VariantParams<E> = E extends { variants: infer V }
  ? { [K in keyof V]: V[K] extends { en: infer S extends string } ? { variant: K } & ValuesOf<S> : never }[keyof V]
  : never;
type Entry<C extends ErrorCode> = (typeof CATALOG)[C];
export type ParamsOf<C extends ErrorCode> = (ValuesOf<Entry<C>["en"]> & { variant?: undefined }) | VariantParams<Entry<C>>;
// Params are read off the literal type of each wording: a wording built with `+` would widen to
// `string` and accept any params, so this fails to compile if one does (keep each on one line).
type Widened = { [C in ErrorCode]: string extends Entry<C>["en"] | Entry<C>["zh"] ? C : never }[ErrorCode];
const allLiteral: [Widened] extends [never] ? true : Widened = true;
void allLiteral;

/** What a thrower passes: params are optional only where the chosen wording needs none. */
export type ArgsOf<C extends ErrorCode, O> = {} extends ParamsOf<C> ? [params?: ParamsOf<C>, options?: O] : [params: ParamsOf<C>, options?: O];

/** Params as stored on an error (and rendered again in another language). */
export type ErrorParams = Readonly<Record<string, string | number | undefined>>;

// ---- rendering

const entryOf = (code: ErrorCode): CatalogEntry => CATALOG[code];
const textIn = (t: Texts, lang: Lang) => (lang === "en" ? t.en : t.zh);

/** The wording a params object chose: its variant's, else the code's usual one. */
function textsOf(code: ErrorCode, variant?: string | number): Texts {
  const e = entryOf(code);
  return (variant !== undefined && e.variants?.[String(variant)]) || e;
}

function word(name: string, value: string | number, lang: Lang): string | undefined {
  const table = (WORDS as Record<string, Record<string, Texts>>)[name];
  const w = table?.[String(value)];
  return w && textIn(w, lang);
}

/** Fills `{name}` from params (word keys in the language asked); a missing param stays visible. */
export function renderError(code: ErrorCode, lang: Lang, params: ErrorParams = {}): string {
  return textIn(textsOf(code, params.variant), lang).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : (word(name, v, lang) ?? String(v));
  });
}

export const statusOf = (code: ErrorCode): number => entryOf(code).status;
export const retryableOf = (code: ErrorCode): boolean => entryOf(code).retryable ?? false;

/** The problem+json `type`: one stable URI per code (codes are public API, so is this). */
export const problemType = (code: string): string => `https://welink-bridge.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`;

// ---- the published list (GET /api/v1/errors)

type Both = { "zh-CN": string; en: string };
export type CatalogListing = {
  code: ErrorCode;
  status: number;
  retryable: boolean;
  type: string;
  messages: Both;
  variants?: Record<string, Both>;
};

const both = (t: Texts): Both => ({ "zh-CN": t.zh, en: t.en });

export function catalogListing(): CatalogListing[] {
  return ERROR_CODES.map((code) => {
    const e = entryOf(code);
    const row: CatalogListing = { code, status: e.status, retryable: e.retryable ?? false, type: problemType(code), messages: both(e) };
    if (e.variants) row.variants = Object.fromEntries(Object.entries(e.variants).map(([k, t]) => [k, both(t)]));
    return row;
  });
}
