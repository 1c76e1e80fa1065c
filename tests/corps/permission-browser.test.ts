import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { startHarness, type Harness } from "../helpers/harness.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { adminPage, serveApp } from "../helpers/admin-browser.ts";
import { ARGS, CHROMIUM, shot } from "../helpers/chromium.ts";
import { registerApp } from "../../src/sandbox/welink/sandbox.ts";

/*
 * The app page's test button in headless Chromium: an app WeLink granted only sign-in and
 * contact reading, used as the sync app of a read-write corp. The test fails and names the
 * missing permission and where to apply for each one lacking, in Chinese (and in English after switching).
 */
const SLOW = 30_000;
const T = { tenant: "default" };
let rs: RunningSandbox;
let h: Harness;
let web: ReturnType<typeof serveApp>;
let browser: Browser;
let appId: string;

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM}: permission test browser test skipped`, () => {});
} else {
  describe("testing an app's permissions from its page, in headless Chromium", () => {
    beforeAll(async () => {
      rs = startSandbox();
      h = await startHarness({ env: { WELINK_BASE_URL: rs.baseUrl } });
      const corp = (await (await h.call("POST", "/api/v1/corps", { ...T, body: { name: "权限企业", welinkTenantId: rs.sb.settings.tenantId } })).json()) as { id: string };
      registerApp(rs.sb, { clientId: "perm-sync", clientSecret: "perm-sync-secret", permissions: ["auth", "contact-read"] });
      appId = ((await (await h.call("POST", `/api/v1/corps/${corp.id}/apps`, { ...T, body: { name: "同步应用", clientId: "perm-sync", clientSecret: "perm-sync-secret" } })).json()) as { id: string }).id;
      expect((await h.call("PATCH", `/api/v1/corps/${corp.id}`, { ...T, body: { syncAppId: appId, contactPermission: "read-write" } })).status).toBe(200);
      web = serveApp(h.app);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, SLOW);
    afterAll(async () => {
      await browser?.close();
      web?.stop();
      h?.close();
      rs?.stop();
    });

    test("pressing the test button names the missing permission the settings need, and where to apply for it", async () => {
      const page = await adminPage(browser, web.base);
      await page.goto(`${web.base}/admin/apps/${appId}`);
      await page.locator(`form[action="/admin/apps/${appId}/test"] button[type=submit]`).click();
      await page.waitForLoadState();
      const text = await page.locator("main").innerText();
      expect(text).toContain("缺少当前设置所需的权限：“通讯录同步”");
      expect(text).toContain("开发者后台 → 权限管理 → 申请“通讯录同步”");
      expect(await page.locator(".badge.bad", { hasText: "缺少" }).count()).toBe(3);
      expect(await page.locator(".badge.ok", { hasText: "已授权" }).count()).toBe(2);
      await shot(page, "app-test-missing-permission");
      // The last test's finding, in English after switching language.
      await page.goto(`${web.base}/admin/lang/en?back=/admin/apps/${appId}`);
      const en = await page.locator("main").innerText();
      expect(en).toContain("Missing permissions the current settings need: “Contact sync”");
      expect(en).toContain("Developer console → Permissions → apply for “Contact sync”");
    }, SLOW);
  });
}
