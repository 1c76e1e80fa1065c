import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { startHarness, type Harness } from "../helpers/harness.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { adminPage, serveApp } from "../helpers/admin-browser.ts";
import { ARGS, CHROMIUM, shot } from "../helpers/chromium.ts";

/*
 * The corp form in headless Chromium: a name with a character WeLink refuses in an enterprise
 * name is refused with the list of characters, the typed name stays in the field, and the
 * corrected name saves.
 */
const SLOW = 30_000;
let rs: RunningSandbox;
let h: Harness;
let web: ReturnType<typeof serveApp>;
let browser: Browser;

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM}: corp name browser test skipped`, () => {});
} else {
  describe("an enterprise name WeLink would refuse, in the corp form in headless Chromium", () => {
    beforeAll(async () => {
      rs = startSandbox();
      h = await startHarness({ env: { WELINK_BASE_URL: rs.baseUrl } });
      web = serveApp(h.app);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, SLOW);
    afterAll(async () => {
      await browser?.close();
      web?.stop();
      h?.close();
      rs?.stop();
    });

    test("is refused with the characters listed and kept in the field; corrected, it saves", async () => {
      const page = await adminPage(browser, web.base);
      await page.goto(`${web.base}/admin/corps/new`);
      await page.fill("#f-name", "华南+研发");
      await page.fill("#f-welinkTenantId", "demo-tenant");
      await page.locator("form[action='/admin/corps'] button[type=submit]").click();
      await page.waitForLoadState();
      expect(await page.locator("#f-name-error").textContent()).toBe("名称不能包含空格，也不能包含以下字符：# % & ' + ; < > = \\ / ? ？ …（WeLink 的企业名称不允许这些字符）。");
      expect(await page.inputValue("#f-name")).toBe("华南+研发");
      expect(await page.inputValue("#f-welinkTenantId")).toBe("demo-tenant");
      await shot(page, "corp-name-refused");

      await page.fill("#f-name", "华南研发");
      await page.locator("form[action='/admin/corps'] button[type=submit]").click();
      await page.waitForURL(/\/admin\/corps\/[^/]+$/);
      expect(await page.locator("main").innerText()).toContain("华南研发");
      const corps = (await (await h.call("GET", "/api/v1/corps", { tenant: "default" })).json()) as { items: { name: string }[] };
      expect(corps.items.map((c) => c.name)).toEqual(["华南研发"]);

      // In English, renaming it with a space is refused the same way, the name kept as typed.
      await page.goto(`${web.base}/admin/lang/en?back=${new URL(page.url()).pathname}/edit`);
      await page.fill("#f-name", "South China");
      await page.locator("form[action$='/edit'] button[type=submit]").click();
      await page.waitForLoadState();
      expect(await page.locator("#f-name-error").textContent()).toBe("The name must not contain spaces or any of these characters: # % & ' + ; < > = \\ / ? ？ … (WeLink refuses them in an enterprise name).");
      expect(await page.inputValue("#f-name")).toBe("South China");
      const after = (await (await h.call("GET", "/api/v1/corps", { tenant: "default" })).json()) as { items: { name: string }[] };
      expect(after.items.map((c) => c.name)).toEqual(["华南研发"]);
    }, SLOW);
  });
}
