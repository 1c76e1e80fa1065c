import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { ARGS, CHROMIUM, shot } from "../helpers/chromium.ts";
import { adminPage } from "../helpers/admin-browser.ts";
import { startExplainWorld, type ExplainWorld } from "./support.ts";

let w: ExplainWorld;
let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let base = "";

/** Signed in as the admin, working in tenant `default`, from the navigation's explain page. */
async function explainPage(): Promise<Page> {
  const page = await adminPage(browser, base);
  await page.goto(`${base}/admin/explain`);
  expect(await page.locator("nav.sidenav a[href='/admin/explain']").count()).toBe(1);
  return page;
}

async function search(page: Page, q: string) {
  await page.fill("form[role=search] input[name=q]", q);
  await page.click("form[role=search] button[type=submit]");
  await page.waitForLoadState();
}

const verdicts = (page: Page) =>
  page.locator("[data-question]").evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute("data-question"), e.getAttribute("data-verdict")])));

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): explain page tests skipped`, () => {});
} else {
  describe("the explain page in headless Chromium", () => {
    beforeAll(async () => {
      w = await startExplainWorld();
      const app = w.h.app;
      server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req, srv) => app.fetch(req, { server: srv }) });
      base = `http://127.0.0.1:${server.port}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      server?.stop(true);
      w?.close();
    });

    test("search a person outside the visible range: four answers in Chinese, the fix link leads to the app", async () => {
      const page = await explainPage();
      expect(await page.locator("h1").textContent()).toBe("人员诊断");
      await search(page, "王二");
      expect(await verdicts(page)).toEqual({ openApp: "no", messages: "no", scanLogin: "no", syncScope: "yes" });
      const open = page.locator("[data-question=openApp]");
      expect(await open.locator("h3").textContent()).toContain("能否打开应用");
      const invisible = open.locator("li[data-check='app.invisible']");
      expect(await invisible.textContent()).toContain("不在应用“Sync”的可见范围内");
      expect(await page.locator("[data-question=syncScope] h3 .badge").textContent()).toBe("在范围内");
      await shot(page, "explain-invisible-zh");
      await invisible.locator("a", { hasText: "去修改" }).click();
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname).toBe(`/admin/apps/${w.appId}`);
      await page.context().close();
    }, 60_000);

    test("in English: an unbound person found by mobile, and an excluded one by account, with the rule that decides", async () => {
      const page = await explainPage();
      await page.click("a[hreflang=en], a[lang=en]");
      await page.waitForLoadState();
      expect(await page.locator("h1").textContent()).toBe("Explain a person");
      await search(page, "13900000004");
      expect(await verdicts(page)).toEqual({ openApp: "no", messages: "no", scanLogin: "no", syncScope: "notApplicable" });
      expect(await page.locator("[data-question=openApp] li[data-check='binding.none']").textContent()).toContain("No OA account is bound: opening the app shows the binding page");
      await search(page, "acc-U3");
      expect(await verdicts(page)).toEqual({ openApp: "yes", messages: "yes", scanLogin: "yes", syncScope: "no" });
      const scope = page.locator("[data-question=syncScope]");
      expect(await scope.locator("h3 .badge").textContent()).toBe("out of scope");
      expect(await scope.locator("li").textContent()).toContain("On the list of people to exclude (exclusion wins).");
      expect(await scope.locator("li a").getAttribute("href")).toBe(`/admin/directory/${w.corpId}/push`);
      await shot(page, "explain-excluded-en");
      await search(page, "nobody-like-this");
      expect(await page.locator(".flash.warn").textContent()).toContain("Nobody found for “nobody-like-this”.");
      await page.context().close();
    }, 60_000);
  });
}
