import type { Page } from "playwright-core";
import { chineseIn, englishIn, type Finding, pageTemplate } from "./language-rules.ts";

export type Lang = "zh-CN" | "en";

/**
 * Every visible text of the page that a person reads: text nodes outside code and data, and the
 * placeholders, titles and labels of elements. Closed <details> are opened first (a click shows them).
 */
export function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    document.querySelectorAll("details").forEach((d) => void (d.open = true));
    const SKIP = "script, style, code, pre, kbd, samp, textarea, noscript, template, [translate=no], [data-value]";
    const lang = document.documentElement.lang;
    // Text in another language on purpose (the language switch) says so with its lang attribute.
    const foreign = (el: Element) => (el.closest("[lang]")?.getAttribute("lang") ?? lang) !== lang;
    // The title holds names (an enterprise's) that cannot be marked: judged in Chinese only.
    const out: string[] = lang === "en" ? [] : [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? "").replace(/\s+/g, " ").trim();
      const el = n.parentElement;
      if (!text || !el || el.closest(SKIP) || foreign(el)) continue;
      const inSelect = el.closest("select");
      if (!(inSelect ?? el).checkVisibility()) continue;
      out.push(text);
    }
    document.querySelectorAll<HTMLElement>("[placeholder], [title], [aria-label], input[type=submit][value], input[type=button][value]").forEach((el) => {
      if (el.closest(SKIP) || foreign(el) || !el.checkVisibility()) return;
      for (const a of ["placeholder", "title", "aria-label"]) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
      if (el instanceof HTMLInputElement && (el.type === "submit" || el.type === "button")) out.push(el.value);
    });
    return out;
  });
}

/** The sentences of the open page that are not in `lang` (language-switch links name the other language on purpose). */
export async function judgePage(page: Page, lang: Lang): Promise<Finding[]> {
  const texts = await visibleTexts(page);
  const wrong = lang === "zh-CN" ? englishIn : chineseIn;
  const own = pageTemplate(page.url());
  const seen = new Set<string>();
  const found: Finding[] = [];
  for (const text of texts) {
    if (seen.has(text) || !wrong(text)) continue;
    seen.add(text);
    found.push({ page: own, text });
  }
  return found;
}

/** Links worth following: same origin, under /admin, not signing out, switching language or downloading. */
export function followable(href: string, origin: string): string | undefined {
  let u: URL;
  try {
    u = new URL(href, origin);
  } catch {
    return undefined;
  }
  if (u.origin !== origin || !u.pathname.startsWith("/admin")) return undefined;
  if (/^\/admin\/(logout|lang\/)/.test(u.pathname) || /\.(csv|json)$/.test(u.pathname) || /\/export\b/.test(u.pathname)) return undefined;
  u.hash = "";
  return u.pathname + u.search;
}

export type CrawlOptions = { start: string[]; maxPages: number; perTemplate: number };

/**
 * Breadth-first over the admin from `start`, judging each page; at most `perTemplate` pages of one
 * template (one run page stands for the others) and `maxPages` in all; the `start` pages are always
 * visited (a test names the pages it must see). Returns findings and what was seen.
 */
export async function crawl(page: Page, base: string, lang: Lang, o: CrawlOptions): Promise<{ findings: Finding[]; visited: string[] }> {
  const queue = [...o.start];
  const queued = new Set(queue);
  const perTemplate = new Map<string, number>();
  const visited: string[] = [];
  const findings: Finding[] = [];
  while (queue.length > 0 && visited.length < o.maxPages) {
    const path = queue.shift()!;
    const template = pageTemplate(path);
    const count = perTemplate.get(template) ?? 0;
    if (count >= o.perTemplate && !o.start.includes(path)) continue;
    perTemplate.set(template, count + 1);
    const res = await page.goto(base + path);
    if (!res || !(res.headers()["content-type"] ?? "").includes("text/html")) continue;
    visited.push(path);
    findings.push(...(await judgePage(page, lang)));
    const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href") ?? ""));
    for (const href of hrefs) {
      const next = followable(href, base);
      if (next && !queued.has(next)) {
        queued.add(next);
        queue.push(next);
      }
    }
  }
  return { findings, visited };
}
