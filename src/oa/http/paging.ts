import { oaErrors } from "../connection/errors.ts";
import type { OaHttp } from "./fetch.ts";
import { kindOf } from "./map.ts";
import { type HttpOaSettings, readPath } from "./settings.ts";

export type PagingLimits = { maxItems: number; maxPages: number };
export const DEFAULT_PAGING_LIMITS: PagingLimits = { maxItems: 1_000_000, maxPages: 100_000 };

type List = Pick<HttpOaSettings["departments"], "path" | "query" | "itemsPath">;
/** One answer's items, not yet mapped; `page` counts the calls made (1 = the first). */
export type RawPage = { items: unknown[]; page: number };

/**
 * Every page of a list, in the configured paging style. Page and offset paging stop on a short
 * page (never on a total or a "has more" flag, which OAs get wrong); cursor paging stops when the
 * next cursor is missing or empty. Loops (a cursor or a page seen before) and runaway lists are errors.
 * Empty pages are not yielded.
 */
export async function* rawPages(http: OaHttp, list: List, paging: HttpOaSettings["paging"], limits = DEFAULT_PAGING_LIMITS): AsyncGenerator<RawPage> {
  let page = 0;
  let total = 0;
  const fetchPage = async (params: Record<string, string>) => {
    page++;
    if (page > limits.maxPages) throw loop(list.path, `more than ${limits.maxPages.toLocaleString("en-US")} pages`);
    const answer = await http.getJson(list.path, { ...list.query, ...params });
    const items = itemsOf(answer, list, http);
    total += items.length;
    if (total > limits.maxItems) throw loop(list.path, `more than ${limits.maxItems.toLocaleString("en-US")} items`);
    return { answer, items };
  };

  switch (paging.style) {
    case "none": {
      const { items } = await fetchPage({});
      if (items.length) yield { items, page };
      return;
    }
    case "page":
    case "offset": {
      let previous: string | undefined;
      for (let n = 0; ; n++) {
        const params =
          paging.style === "page"
            ? { [paging.pageParam]: String(paging.firstPage + n), [paging.sizeParam]: String(paging.size) }
            : { [paging.offsetParam]: String(total), [paging.limitParam]: String(paging.size) };
        const { items } = await fetchPage(params);
        if (items.length === 0) return;
        // An OA that ignores the paging parameters answers the same full page for ever.
        const print = JSON.stringify(items);
        if (print === previous) throw loop(list.path, `page ${page} repeats page ${page - 1}, so the OA seems to ignore the paging parameters`);
        previous = print;
        yield { items, page };
        if (items.length < paging.size) return;
      }
    }
    case "cursor": {
      const seen = new Set<string>();
      let cursor: string | undefined;
      for (;;) {
        const params: Record<string, string> = {};
        if (cursor !== undefined) params[paging.cursorParam] = cursor;
        if (paging.sizeParam) params[paging.sizeParam] = String(paging.size);
        const { answer, items } = await fetchPage(params);
        if (items.length) yield { items, page };
        const next = readPath(answer, paging.nextCursorPath);
        if (next === undefined || next === null || next === "") return;
        if (typeof next !== "string" && typeof next !== "number") {
          throw oaErrors.badResponse(list.path, `the next cursor at "${paging.nextCursorPath}" is ${kindOf(next)}, not text or a number`);
        }
        cursor = String(next);
        if (seen.has(cursor)) throw loop(list.path, `page ${page} gives a next cursor that was already used`);
        seen.add(cursor);
      }
    }
  }
}

const loop = (path: string, why: string) => oaErrors.badResponse(path, `${why}; the paging seems to loop`);

/** The answer's items; null counts as an empty list (OAs write `"list": null` for "none"). */
function itemsOf(answer: unknown, list: List, http: OaHttp): unknown[] {
  const items = readPath(answer, list.itemsPath);
  if (Array.isArray(items)) return items;
  if (items === null) return [];
  const where = list.itemsPath.replace(/^\$\.?/, "") === "" ? "the answer" : `"${list.itemsPath}"`;
  const found = items === undefined ? `there is nothing at ${where}` : `${where} is ${kindOf(items)}, not a list`;
  return fail(list.path, `${found}${oaSaid(answer, http)}`);
}

function fail(path: string, why: string): never {
  throw oaErrors.badResponse(path, why);
}

/** What the OA said, when its answer carries a message (`{"code":500,"msg":"token expired"}`), secrets masked. */
function oaSaid(answer: unknown, http: OaHttp): string {
  if (answer === null || typeof answer !== "object") return "";
  const a = answer as Record<string, unknown>;
  const message = [a.msg, a.message, a.errmsg, a.errorMessage, a.error].find((m): m is string => typeof m === "string" && m !== "");
  return message ? ` (the OA said: "${http.scrub(message).slice(0, 200)}")` : "";
}
