import { pagingLoop } from "./errors.ts";

export type PageOf<T> = {
  items: T[];
  /** The page size the server says it used, when it says (it may cap what was asked for). */
  pageSize?: number;
};

export type PageLoop<T> = {
  /** "METHOD /api/path", for errors. */
  api: string;
  pageSize: number;
  /** Identifies an item, to recognise a page that repeats. */
  idOf: (item: T) => string;
  maxPages?: number;
  firstPage?: number;
};

/** 10,000 pages of 50 is half a million people in one department: past that, something is wrong. */
export const DEFAULT_MAX_PAGES = 10_000;

/**
 * Pages 1, 2, … until a page comes back shorter than the page size. `hasMore` is never read:
 * real WeLink has been seen to say hasMore=1 forever (§3.6.b). Loop guard: a full page equal to
 * an earlier one (the server ignores the page number) or more than `maxPages` pages stops the
 * listing with WELINK_PAGING_LOOP instead of looping or yielding the same people twice.
 */
export async function* pages<T>(fetchPage: (pageNo: number) => Promise<PageOf<T>>, loop: PageLoop<T>): AsyncGenerator<T[], void, undefined> {
  const seen = new Set<string>();
  const maxPages = loop.maxPages ?? DEFAULT_MAX_PAGES;
  const first = loop.firstPage ?? 1;
  for (let pageNo = first; ; pageNo++) {
    if (pageNo - first >= maxPages) throw pagingLoop(loop.api, `more than ${maxPages} pages`);
    const page = await fetchPage(pageNo);
    const full = page.items.length >= effectivePageSize(loop.pageSize, page.pageSize);
    if (full) {
      const print = fingerprint(page.items.map(loop.idOf));
      if (seen.has(print)) throw pagingLoop(loop.api, `page ${pageNo} repeats an earlier page`);
      seen.add(print);
    }
    if (page.items.length > 0) yield page.items;
    if (!full) return;
  }
}

/** A server that caps the page size below what we asked must not make every page look short. */
export function effectivePageSize(asked: number, reported: number | undefined): number {
  return reported !== undefined && Number.isInteger(reported) && reported > 0 && reported < asked ? reported : asked;
}

function fingerprint(ids: string[]): string {
  return `${ids.length}:${Bun.hash(ids.join("\u0000")).toString(36)}`;
}

/** Every item of a paged listing, in order. */
export async function collect<T>(source: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of source) for (const item of page) out.push(item);
  return out;
}
