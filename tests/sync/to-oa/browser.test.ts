import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { ARGS, CHROMIUM, SHOTS, shot } from "../../helpers/chromium.ts";
import { seedWelink, startWbWorld, type WbWorld } from "./support.ts";

let w: WbWorld;
let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let base = "";

/** Signed in as the global admin, working in tenant `default`, as a person does it through the pages. */
async function signedInPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`${base}/admin/login`);
  await page.fill("input[name=username]", "admin");
  await page.fill("input[name=password]", ADMIN_PASSWORD);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click("form[action='/admin/login'] button[type=submit]")]);
  await page.selectOption("#tenant-picker", "default");
  await Promise.all([page.waitForLoadState("load"), page.click("form[action='/admin/tenant'] button[type=submit]")]);
  return page;
}

async function submit(page: Page, selector: string) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): write-back browser test skipped`, () => {});
} else {
  describe("WeLink → OA write-back in headless Chromium", () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      w = await startWbWorld();
      seedWelink(w);
      const app = w.h.app;
      server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req, srv) => app.fetch(req, { server: srv }) });
      base = `http://127.0.0.1:${server.port}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    });

    afterAll(async () => {
      await browser?.close();
      server?.stop(true);
      w?.close();
    });

    test("an admin switches the corp to WeLink → OA, simulates, reads the plan tree, applies it and finds the run in the history", async () => {
      const page = await signedInPage();
      const corp = `/admin/directory/${w.corpId}`;
      await page.goto(`${base}${corp}/settings`);
      expect(await page.isChecked("input[name=direction][value=to-welink]")).toBe(true);
      await page.check("input[name=direction][value=to-oa]");
      await submit(page, `form[action='${corp}/settings/direction'] button[type=submit]`);
      expect(await page.locator("legend", { hasText: "当前方向" }).textContent()).toContain("WeLink → OA（写回 OA）");
      await shot(page, "writeback-settings");

      await submit(page, "#writeback form:has(input[name=dryRun][value=true]) button[type=submit]");
      expect(page.url()).toContain("/plan");
      // The page refreshes itself while the run goes; the plan is there once it says "planned".
      await page.getByText("已规划（模拟）").first().waitFor();
      expect(await page.locator(".flash.info").first().textContent()).toContain("这份计划写入的是 OA，不是 WeLink");
      const tree = page.locator(".dept-tree");
      expect(await tree.textContent()).toContain("写回总部");
      expect(await tree.locator(".plan-create").first().textContent()).toBe("在 OA 新建");
      // New to the OA, yet nested as in WeLink: the person in the department in the top department.
      expect(await tree.locator("xpath=//li[strong='写回总部']//li[strong='研发部']//li[contains(., '写回甲')]").count()).toBe(1);
      expect(w.oa.state.writes.count).toBe(0);
      await shot(page, "writeback-plan");

      await submit(page, "form[action$='/writeback-apply'] button[type=submit]");
      await page.getByText("写回已结束。").waitFor();
      expect(await page.locator(".badge").first().textContent()).toBe("成功");
      expect(w.oa.state.writes.count).toBe(6);
      expect(w.oa.org.users.some((u) => u.name === "写回甲")).toBe(true);

      await page.click(`a[href='${corp}/runs']`);
      await page.waitForLoadState("load");
      const history = page.locator("table");
      expect(await history.textContent()).toContain("写回 OA");
      await shot(page, "writeback-history");
    }, 60_000);
  });
}
