import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../helpers/harness.ts";
import { ARGS, CHROMIUM } from "../helpers/chromium.ts";

let h: Harness;
let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let base = "";

/** A page allowed to use the clipboard, as a person's browser asks once and remembers. */
async function clipboardPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "zh-CN" });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  const page = await context.newPage();
  await page.goto(`${base}/admin/login`);
  await page.fill("input[name=username]", "admin");
  await page.fill("input[name=password]", ADMIN_PASSWORD);
  await page.click("form[action='/admin/login'] button[type=submit]");
  await page.waitForLoadState();
  return page;
}

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): copy button tests skipped`, () => {});
} else {
  describe("copy buttons in headless Chromium", () => {
    beforeAll(async () => {
      h = await startHarness();
      const app = h.app;
      server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req, srv) => app.fetch(req, { server: srv }) });
      base = `http://127.0.0.1:${server.port}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    });
    afterAll(async () => {
      await browser?.close();
      server?.stop(true);
      h?.close();
    });

    test("a new API token, shown once, has a copy button that puts it on the clipboard and says so", async () => {
      const page = await clipboardPage();
      await page.goto(`${base}/admin/tokens`);
      await page.fill("input[name=name]", "copy-me");
      await page.check("input[name=scopes][value=read]");
      await page.click("form[action='/admin/tokens'] button[type=submit]");
      await page.waitForLoadState();
      const token = await page.locator("#new-token").inputValue();
      expect(token.startsWith("wlb_")).toBe(true);
      const button = page.locator("button[data-copy='new-token']");
      // Shown by the script (hidden without it), and wired once even if several fields load it.
      await button.waitFor({ state: "visible" });
      expect(await button.textContent()).toBe("复制");
      await button.click();
      await page.waitForFunction(() => document.querySelector("button[data-copy='new-token']")?.textContent === "已复制");
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
      await page.context().close();
    });

    test("an app's homepage URL is copied the same way, in English too", async () => {
      const corp = (await (await h.call("POST", "/api/v1/corps", { tenant: "default", body: { name: "C", welinkTenantId: "t-1" } })).json()) as { id: string };
      const app = (await (await h.call("POST", `/api/v1/corps/${corp.id}/apps`, { tenant: "default", body: { name: "A", clientId: "c", clientSecret: "s" } })).json()) as { id: string; homepageUrl: string };
      const page = await clipboardPage();
      await page.goto(`${base}/admin/lang/en?back=/admin`);
      const form = page.locator("form[action='/admin/tenant']");
      await form.locator("select").selectOption("default");
      await form.locator("button[type=submit]").click();
      await page.waitForLoadState();
      await page.goto(`${base}/admin/apps/${app.id}`);
      const button = page.locator(`button[data-copy='homepage-${app.id}']`);
      await button.waitFor({ state: "visible" });
      expect(await button.textContent()).toBe("Copy");
      await button.click();
      await page.waitForFunction((id) => document.querySelector(`button[data-copy='homepage-${id}']`)?.textContent === "Copied", app.id);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(app.homepageUrl);
      await page.context().close();
    });
  });
}
