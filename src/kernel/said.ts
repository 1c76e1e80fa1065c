import { CATALOG, type ErrorCode, renderError, WORDS } from "./error-catalog.ts";
import { AppErrorBase } from "./errors.ts";
import type { Lang } from "./i18n.ts";
import { sayPush } from "./said-push.ts";
import { sayRun } from "./said-texts.ts";

/**
 * A sentence a run stores for people to read later in their own language: a code (an error
 * catalog code, or a key of said-texts.ts) with language-neutral params, and optionally the
 * error it wraps (rendered into `{error}`). Stored as JSON in the run's text columns; text
 * stored before codes existed reads as it was written.
 */
export type Said = { code: string; params?: Record<string, string | number>; cause?: Said };
export type SayKey = Parameters<typeof sayRun>[1] | Parameters<typeof sayPush>[1];

/** The words of a key of said-texts.ts or said-push.ts; undefined for an unknown key. */
const text = (lang: Lang, code: string, params?: Said["params"]) => sayRun.maybe(lang, code, params) ?? sayPush.maybe(lang, code, params);

export const say = (code: SayKey, params?: Said["params"], cause?: Said): Said => ({ code, ...(params ? { params } : {}), ...(cause ? { cause } : {}) });

/** An error as a Said: catalog errors keep their code and params; anything else is INTERNAL. */
export function saidOf(e: unknown): Said {
  if (e instanceof AppErrorBase) {
    const params = Object.fromEntries(Object.entries(e.params).filter((p): p is [string, string | number] => p[1] !== undefined));
    return { code: e.code, params };
  }
  return { code: "INTERNAL" };
}

export const encodeSaid = (s: Said): string => JSON.stringify(s);

const isCatalog = (code: string): code is ErrorCode => code in CATALOG;
const isKey = (code: string) => text("en", code) !== undefined;

/** The stored text as a Said; plain text (written before codes) becomes `run.legacy`. */
export function decodeSaid(stored: string | null): Said | null {
  if (stored === null) return null;
  if (stored.startsWith("{")) {
    try {
      const s = JSON.parse(stored) as Said;
      if (typeof s?.code === "string" && (isCatalog(s.code) || isKey(s.code))) return s;
    } catch {
      // plain text that happens to start with a brace
    }
  }
  return { code: "run.legacy", params: { text: stored } };
}

function word(name: string, value: string | number, lang: Lang): string | number {
  const w = (WORDS as Record<string, Record<string, { zh: string; en: string }>>)[name]?.[String(value)];
  return w ? (lang === "en" ? w.en : w.zh) : value;
}

/** The sentence in `lang`. */
export function render(s: Said, lang: Lang): string {
  const params: Record<string, string | number> = { ...s.params };
  if (s.cause) params.error = render(s.cause, lang);
  if (isCatalog(s.code)) return renderError(s.code, lang, params);
  for (const [k, v] of Object.entries(params)) params[k] = word(k, v, lang);
  return text(lang, s.code, params) ?? s.code;
}

/** A stored text column as the JSON API gives it: English, and its code alongside. */
export function storedText(stored: string | null): { text: string | null; code: string | null } {
  const s = decodeSaid(stored);
  if (!s) return { text: null, code: null };
  return { text: render(s, "en"), code: s.code === "run.legacy" ? null : s.code };
}

export const renderStored = (stored: string | null, lang: Lang): string | null => {
  const s = decodeSaid(stored);
  return s && render(s, lang);
};
