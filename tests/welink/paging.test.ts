import { describe, expect, test } from "bun:test";
import { collect, effectivePageSize, pages, type PageOf } from "../../src/welink/paging.ts";

type Item = { id: string };
const items = (n: number, from = 0): Item[] => Array.from({ length: n }, (_, i) => ({ id: `u${from + i}` }));

/** A server holding `total` items that claims hasMore forever (the bug WeLink was seen to have). */
function server(total: number, size: number) {
  const asked: number[] = [];
  const fetchPage = async (pageNo: number): Promise<PageOf<Item> & { hasMore: boolean }> => {
    asked.push(pageNo);
    const from = (pageNo - 1) * size;
    return { items: items(Math.max(0, Math.min(size, total - from)), from), hasMore: true };
  };
  return { fetchPage, asked };
}

const loop = (pageSize: number, maxPages?: number) => ({ api: "GET /api/x", pageSize, idOf: (i: Item) => i.id, maxPages });

describe("paging", () => {
  test("stops on the first short page, whatever hasMore says", async () => {
    const s = server(120, 50);
    expect((await collect(pages(s.fetchPage, loop(50)))).length).toBe(120);
    expect(s.asked).toEqual([1, 2, 3]);
  });

  test("an exact multiple of the page size costs one empty page, and yields no empty page", async () => {
    const s = server(100, 50);
    const seen: number[] = [];
    for await (const page of pages(s.fetchPage, loop(50))) seen.push(page.length);
    expect(seen).toEqual([50, 50]);
    expect(s.asked).toEqual([1, 2, 3]);
  });

  test("an empty listing asks once", async () => {
    const s = server(0, 50);
    expect(await collect(pages(s.fetchPage, loop(50)))).toEqual([]);
    expect(s.asked).toEqual([1]);
  });

  test("a server that ignores the page number is caught on the first repeat, before yielding duplicates", async () => {
    const same = async (): Promise<PageOf<Item>> => ({ items: items(50) });
    const got: Item[] = [];
    const run = async () => {
      for await (const page of pages(same, loop(50))) got.push(...page);
    };
    await expect(run()).rejects.toMatchObject({ code: "WELINK_PAGING_LOOP", api: "GET /api/x" });
    expect(got.length).toBe(50);
  });

  test("more pages than the cap stop the listing with WELINK_PAGING_LOOP", async () => {
    const endless = async (pageNo: number): Promise<PageOf<Item>> => ({ items: items(10, pageNo * 10) });
    await expect(collect(pages(endless, loop(10, 5)))).rejects.toMatchObject({ code: "WELINK_PAGING_LOOP", message: expect.stringContaining("more than 5 pages") });
  });

  test("a server that caps the page size below the one asked for is followed, not mistaken for the end", async () => {
    const capped = async (pageNo: number): Promise<PageOf<Item>> => {
      const from = (pageNo - 1) * 20;
      return { items: items(Math.max(0, Math.min(20, 70 - from)), from), pageSize: 20 };
    };
    expect((await collect(pages(capped, loop(50)))).length).toBe(70);
    expect(effectivePageSize(50, 20)).toBe(20);
    expect(effectivePageSize(50, 80)).toBe(50);
    expect(effectivePageSize(50, 0)).toBe(50);
    expect(effectivePageSize(50, undefined)).toBe(50);
  });

  test("a caller can stop early: no further page is fetched", async () => {
    const s = server(1000, 10);
    for await (const page of pages(s.fetchPage, loop(10))) if (page.length > 0) break;
    expect(s.asked).toEqual([1]);
  });
});
