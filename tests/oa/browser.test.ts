import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
// The harness first: it loads @hono/zod-openapi before tenants.ts builds its zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../helpers/harness.ts";
import { fixtureSettings, startFixtureOa, type FixtureOa } from "./fixture-oa.ts";
import { ARGS, CHROMIUM, SHOTS, shot } from "../helpers/chromium.ts";


let h: Harness;
let oa: FixtureOa;
let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let base = "";


async function signedInPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(`${base}/admin/login`);
  await page.fill("input[name=username]", "admin");
  await page.fill("input[name=password]", ADMIN_PASSWORD);
  await page.click("form[action='/admin/login'] button[type=submit]");
  await page.waitForLoadState();
  return page;
}

/** Clicks a form's submit button and waits for the page it leads to. */
async function submit(page: Page, selector: string) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

/** The fixture OA's settings typed into the http form, as an admin would. */
async function fillHttpForm(page: Page, url: string, token: string) {
  const s = fixtureSettings(url);
  const text: Record<string, string> = {
    baseUrl: s.baseUrl,
    secret: token,
    "paging.pageParam": "page",
    "paging.sizeParam": "size",
    "paging.firstPage": "1",
    "paging.size": "2",
    "departments.path": s.departments.path,
    "departments.itemsPath": s.departments.itemsPath,
    "users.path": s.users.path,
    "users.itemsPath": s.users.itemsPath,
  };
  for (const [k, v] of Object.entries(s.departments.fields)) text[`departments.fields.${k}`] = v;
  for (const [k, v] of Object.entries(s.users.fields)) text[`users.fields.${k}`] = v;
  for (const [name, value] of Object.entries(text)) await page.fill(`[name='${name}']`, value);
  await page.selectOption("[name='auth.type']", "bearer");
  await page.selectOption("[name='paging.style']", "page");
}

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): OA browser tests skipped`, () => {});
} else {
  describe("OA admin pages in headless Chromium", () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      h = await startHarness();
      oa = startFixtureOa();
      const app = h.app;
      server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req, srv) => app.fetch(req, { server: srv }) });
      base = `http://127.0.0.1:${server.port}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    });

    afterAll(async () => {
      await browser?.close();
      server?.stop(true);
      oa?.stop();
      h?.close();
    });

    test("an http connection is set up, tested and refreshed; the directory shows the tree and people", async () => {
      const page = await signedInPage();
      await page.click("a[href='/admin/directory']");
      await page.click("a[href='/admin/oa/directory']");
      await page.click("a[href='/admin/oa/connection']");
      await page.click("a[href='/admin/oa/connection?type=http']");
      await fillHttpForm(page, oa.url, oa.token);
      await submit(page, "form[action='/admin/oa/connection'] button[type=submit]");
      expect(await page.locator(".flash.ok").textContent()).toContain("OA 连接已保存");
      expect(await page.content()).not.toContain(oa.token);

      await submit(page, "form[action='/admin/oa/connection/test'] button[type=submit]");
      expect(await page.locator(".flash.ok").textContent()).toContain("连接正常");
      await shot(page, "oa-connection-http");

      await page.click("a[href='/admin/oa/directory']");
      await submit(page, "form[action='/admin/oa/refresh'] button[type=submit]");
      expect(await page.locator(".flash.ok").textContent()).toContain("3 个部门，7 人");
      expect(await page.locator("details ul ul").first().textContent()).toContain("部门2");
      expect(await page.locator("main table").last().textContent()).toContain("用户7");
      await shot(page, "oa-directory");
      await page.context().close();
    });

    test("a CSV file chosen in the browser is uploaded with its CSRF field; failed rows are listed", async () => {
      const page = await signedInPage();
      await page.goto(`${base}/admin/oa/connection?type=csv`);
      await submit(page, "form[action='/admin/oa/connection'] button[type=submit]");
      await page.goto(`${base}/admin/oa/csv`);
      const csv = "部门路径,排序\n公司>>研发部>>平台组,1\n公司>>>>坏,2\n";
      await page.setInputFiles("#file-departments", { name: "部门.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await submit(page, "form[action='/admin/oa/csv/departments'] button[type=submit]");
      expect(new URL(page.url()).searchParams.get("import")).toBeTruthy();
      expect(await page.locator("main").textContent()).toContain("空层级");
      await shot(page, "oa-csv-import");
      await page.context().close();
    });
  });
}
