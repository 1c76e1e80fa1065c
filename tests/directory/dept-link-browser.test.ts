import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { startHarness, type Harness } from "../helpers/harness.ts";
import { ARGS, CHROMIUM, shot } from "../helpers/chromium.ts";
import { adminPage } from "../helpers/admin-browser.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { welinkDepts } from "../../src/directory/schema.ts";
import { oaDepartments } from "../../src/oa/schema.ts";

let h: Harness;
let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let base = "";
let corpId = "";

/** A corp whose mirror (总部 > 研发中心) and OA snapshot (公司 > 研发部, 市场部) are seeded straight into the tables. */
async function seed() {
  const corp = (await (await h.call("POST", "/api/v1/corps", { tenant: "default", body: { name: "演示企业", welinkTenantId: "demo" } })).json()) as { id: string };
  corpId = corp.id;
  const tenantId = (await findTenantBySlug(h.deps.db, "default"))!.id;
  const k = { tenantId, corpId, updatedAt: h.deps.clock.now() };
  await h.deps.db.insert(welinkDepts).values([
    { ...k, deptCode: "W1", parentCode: "0", nameCn: "总部", orderNo: 1 },
    { ...k, deptCode: "W2", parentCode: "W1", nameCn: "研发中心", orderNo: 1 },
  ]);
  await h.deps.db.insert(oaDepartments).values([
    { tenantId, id: "O1", parentId: null, name: "公司" },
    { tenantId, id: "OR", parentId: "O1", name: "研发部" },
    { tenantId, id: "OM", parentId: "O1", name: "市场部" },
  ]);
}

const signedIn = (lang: "zh-CN" | "en") => adminPage(browser, base, lang);

const row = (page: Page, name: string) => page.locator("ul.dept-tree > li", { hasText: name });

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): department link tests skipped`, () => {});
} else {
  describe("department links in headless Chromium", () => {
    beforeAll(async () => {
      h = await startHarness();
      await seed();
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

    test("an admin links a department by picking the OA department from a search, sees the tree's mark with the OA path, then unlinks it", async () => {
      const page = await signedIn("zh-CN");
      await page.goto(`${base}/admin/directory/${corpId}?parent=W1`);
      await expect(row(page, "研发中心").textContent()).resolves.toContain("未关联 OA 部门");
      await row(page, "研发中心").locator("a", { hasText: "关联 OA 部门" }).click();
      await page.waitForLoadState();
      expect(await page.locator("#current-link").textContent()).toBe("这个部门还没有关联 OA 部门。");
      await page.fill("input[name=q]", "研发");
      await page.locator("form[method=get] button[type=submit]").click();
      await page.waitForLoadState();
      // The search narrowed the pick to the one OA department, shown with its path.
      expect(await page.locator("select[name=oaDeptId] option").allTextContents()).toEqual(["公司 / 研发部 (OR)"]);
      await page.locator("button", { hasText: /^关联$/ }).click();
      await page.waitForLoadState();
      expect(await page.locator(".flash.ok").textContent()).toContain("已关联 OA 部门。");
      expect(await page.locator("#current-link").textContent()).toBe("当前关联：公司 / 研发部");

      await page.locator("a", { hasText: "← 返回通讯录" }).click();
      await page.goto(`${base}/admin/directory/${corpId}?parent=W1`);
      const linked = row(page, "研发中心");
      expect(await linked.locator(".badge, .ok").first().textContent()).toContain("● 已关联 OA");
      expect(await linked.textContent()).toContain("OA 部门：公司 / 研发部");
      await shot(page, "dept-link-tree");
      const audit = await (await h.call("GET", "/api/v1/audit?action=dept-binding", { tenant: "default" })).text();
      expect(audit).toContain("dept-binding.create");

      await linked.locator("a", { hasText: "更改关联" }).click();
      await page.waitForLoadState();
      await page.locator("button", { hasText: "解除关联" }).click();
      await page.waitForLoadState();
      expect(await page.locator(".flash.ok").textContent()).toContain("已解除关联。");
      await page.goto(`${base}/admin/directory/${corpId}?parent=W1`);
      expect(await row(page, "研发中心").textContent()).toContain("未关联 OA 部门");
      await page.context().close();
    });

    test("in English, the tree says a department is not linked, and linking an OA department taken elsewhere is refused in words", async () => {
      expect((await h.call("PUT", `/api/v1/corps/${corpId}/dept-bindings/W1`, { tenant: "default", body: { oaDeptId: "OM" } })).status).toBe(200);
      const page = await signedIn("en");
      await page.goto(`${base}/admin/directory/${corpId}`);
      expect(await row(page, "总部").textContent()).toContain("OA department: 公司 / 市场部");
      await page.goto(`${base}/admin/directory/${corpId}?parent=W1`);
      expect(await row(page, "研发中心").textContent()).toContain("Not linked to an OA department");
      await row(page, "研发中心").locator("a", { hasText: "Link to an OA department" }).click();
      await page.waitForLoadState();
      await page.locator("select[name=oaDeptId]").selectOption("OM");
      await page.locator("button", { hasText: /^Link$/ }).click();
      await page.waitForLoadState();
      expect(await page.locator(".flash").first().textContent()).toContain("already linked to WeLink department 'W1'");
      await page.context().close();
    });
  });
}
