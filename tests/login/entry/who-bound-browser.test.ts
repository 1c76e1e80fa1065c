import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { startWorld, type World } from "./support.ts";
import { systemClock } from "../../../src/kernel/clock.ts";
import { adminPage } from "../../helpers/admin-browser.ts";
import { ARGS, CHROMIUM, SHOTS, shot } from "../../helpers/chromium.ts";

/*
 * Who bound, in headless Chromium: a person the WeLink mirror has never read (no pull ran)
 * binds on the bind page; the admin's directory page then lists them with their WeLink name,
 * bound to their OA account.
 */
const SLOW = 30_000;
let w: World;
let browser: Browser;

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM}: who-bound browser test skipped`, () => {});
} else {
  describe("a person who binds is listed in the admin's directory, in headless Chromium", () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      // Wall time: the demo OA checks the handoff's 30 s life against its own clock.
      w = await startWorld({ serve: true, clock: systemClock });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, SLOW);
    afterAll(async () => {
      await browser?.close();
      w?.stop();
    });

    test("bound on the bind page, the person shows in the directory with their WeLink name and OA account", async () => {
      const p = w.people[3]!;
      const wl = w.sandbox.sb.org.users.get(p.welinkUserId!)!;
      const admin = await adminPage(browser, w.bridgeUrl);
      const search = `${w.bridgeUrl}/admin/directory/${w.corpId}?q=${encodeURIComponent(wl.userNameCn)}`;
      await admin.goto(search);
      expect(await admin.locator("main").innerText()).toContain("没有符合条件的人员。");

      const opened = await fetch(`${w.sandbox.baseUrl}/_sandbox/open-app`, { method: "POST", body: JSON.stringify({ clientId: w.sandbox.app.clientId, userId: wl.userId, url: w.homepage }) });
      const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" })).newPage();
      await phone.goto(((await opened.json()) as { url: string }).url);
      await phone.waitForURL(`${w.bridgeUrl}/h/${w.appKey}/bind`);
      await phone.fill("#account", p.loginName);
      await phone.fill("#password", p.password);
      await Promise.all([phone.waitForURL(`${w.oa.url}/**`), phone.click("button[type=submit]")]);

      await admin.goto(search);
      const row = admin.locator("tr", { has: admin.locator("code", { hasText: wl.userId }) });
      expect(await row.locator("a").first().textContent()).toBe(wl.userNameCn);
      expect(await row.locator(".badge").textContent()).toBe("已绑定");
      expect(await row.innerText()).toContain(p.name);
      await shot(admin, "directory-who-bound");
    }, SLOW);
  });
}
