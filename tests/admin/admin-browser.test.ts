import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
// The harness first: it loads @hono/zod-openapi before tenants.ts builds its zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../helpers/harness.ts";
import { systemCtx } from "../../src/kernel/actor.ts";
import { createAdminUser } from "../../src/accounts/admins.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { ARGS, CHROMIUM, SHOTS, shot } from "../helpers/chromium.ts";


let h: Harness;
let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let base = "";

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "zh-CN" });
  return context.newPage();
}


async function signIn(page: Page, username: string, password: string) {
  await page.goto(`${base}/admin/login`);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", password);
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/admin/login")),
    page.click("form[action='/admin/login'] button[type=submit]"),
  ]);
  await page.waitForLoadState();
  return response;
}

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): admin browser tests skipped`, () => {});
} else {
  describe("admin in headless Chromium", () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
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

    test("a wrong password shows an error on the sign-in page; the right one opens the overview", async () => {
      const page = await newPage();
      const wrong = await signIn(page, "admin", "not-the-password");
      expect(wrong.status()).toBe(401);
      expect(await page.locator(".flash.error").textContent()).toContain("用户名或密码错误");
      await shot(page, "admin-login-wrong-password");

      const right = await signIn(page, "admin", ADMIN_PASSWORD);
      expect(right.status()).toBe(303);
      expect(new URL(page.url()).pathname).toBe("/admin");
      expect(await page.locator("h1").textContent()).toBe("概览");
      expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
      await shot(page, "admin-overview");
      await page.context().close();
    });

    test("five wrong passwords make the address wait and say how long", async () => {
      const tenant = await findTenantBySlug(h.deps.db, "default");
      await createAdminUser(h.deps, systemCtx({ id: tenant!.id, slug: "default" }), { username: "locky", password: "locky-password-1" });
      const page = await newPage();
      for (let i = 1; i <= 4; i++) expect((await signIn(page, "locky", `wrong-${i}`)).status()).toBe(401);
      expect((await signIn(page, "locky", "wrong-5")).status()).toBe(429);
      expect(await page.locator(".flash.error").textContent()).toContain("请 15 秒后再试");
      await shot(page, "admin-login-locked");
      expect((await signIn(page, "locky", "locky-password-1")).status()).toBe(429);
      await page.context().close();
    });

    test("a form whose CSRF field was tampered with is refused with 403 and changes nothing", async () => {
      const page = await newPage();
      await signIn(page, "admin", ADMIN_PASSWORD);
      await page.goto(`${base}/admin/tenants`);
      await page.fill("input[name=slug]", "tampered");
      await page.fill("input[name=name]", "Tampered");
      await page.evaluate(() => {
        const field = document.querySelector<HTMLInputElement>("form[action='/admin/tenants'] input[name=_csrf]");
        if (field) field.value = "tampered-token-tampered-token-tampered";
      });
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === "POST"),
        page.click("form[action='/admin/tenants'] button[type=submit]"),
      ]);
      await page.waitForLoadState();
      expect(response.status()).toBe(403);
      expect(await page.locator("main").textContent()).toContain("CSRF");
      await shot(page, "admin-csrf-rejected");
      expect(await findTenantBySlug(h.deps.db, "tampered")).toBeUndefined();

      // The untouched form goes through.
      await page.goto(`${base}/admin/tenants`);
      await page.fill("input[name=slug]", "untouched");
      await page.fill("input[name=name]", "未改动的表单");
      await page.click("form[action='/admin/tenants'] button[type=submit]");
      await page.waitForLoadState();
      expect(await page.locator(".flash.ok").textContent()).toContain("租户已创建");
      expect(await findTenantBySlug(h.deps.db, "untouched")).toBeDefined();
      // The new tenant's creation is in its own log: the global view (picked in the header) shows it.
      await page.goto(`${base}/admin/audit`);
      await page.selectOption("#tenant-picker", "");
      await page.click("form[action='/admin/tenant'] button[type=submit]");
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname).toBe("/admin/audit");
      expect(await page.locator("main table").textContent()).toContain("tenant:untouched");
      await shot(page, "admin-audit");
      await page.context().close();
    });

    test("the language link switches the same page to English and back", async () => {
      const page = await newPage();
      await signIn(page, "admin", ADMIN_PASSWORD);
      await page.goto(`${base}/admin/tokens`);
      expect(await page.locator("h1").textContent()).toBe("API 令牌");
      await page.click("a[hreflang=en]");
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname).toBe("/admin/tokens");
      expect(await page.locator("html").getAttribute("lang")).toBe("en");
      expect(await page.locator("h1").textContent()).toBe("API tokens");

      await page.fill("input[name=name]", "browser-token");
      await page.check("input[name=scopes][value=read]");
      await page.click("form[action='/admin/tokens'] button[type=submit]");
      await page.waitForLoadState();
      const token = await page.locator("#new-token").inputValue();
      expect(token.startsWith("wlb_")).toBe(true);
      await shot(page, "admin-token-created-en");

      await page.click("a[hreflang=zh-CN]");
      await page.waitForLoadState();
      expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
      expect(await page.content()).not.toContain(token);
      await shot(page, "admin-tokens-zh");
      await page.context().close();
    });
  });
}
