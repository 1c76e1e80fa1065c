import { englishIn, chineseIn } from "../admin/language-rules.ts";

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };

const decode = (t: string) => t.replace(/&[#\w]+;/g, (e) => ENTITIES[e] ?? e);
/** The page's own part (the shell around it belongs to the admin kit). */
const mainOf = (html: string) => /<main\b[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? html;

/**
 * The sentences of a page's main part a person reads, as the language crawl judges them but
 * without a browser: code, preformatted text, scripts and data marked translate="no" are left out.
 */
export function visibleTexts(html: string): string[] {
  const main = mainOf(html)
    .replace(/<(script|style|pre|code|textarea)\b[\s\S]*?<\/\1>/g, " ")
    .replace(/<span translate="no">[\s\S]*?<\/span>/g, " ");
  return main
    .split(/<[^>]+>/)
    .map((t) => decode(t).replace(/\s+/g, " ").trim())
    .filter((t) => t !== "");
}

/** The main part's text as read, data included (tags dropped, entities decoded). */
export const plainText = (html: string): string => decode(mainOf(html).replace(/<[^>]+>/g, "")).replace(/\s+/g, " ");

/** The texts of the page in the wrong language for `lang`. */
export const wrongLanguage = (html: string, lang: "zh-CN" | "en"): string[] => visibleTexts(html).filter((t) => (lang === "en" ? chineseIn(t) : englishIn(t)));
