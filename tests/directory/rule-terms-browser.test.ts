import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
// The world first: its harness loads @hono/zod-openapi before the use cases build their zod schemas.
import { addCorp, seedOa, seedWelink, startBindingWorld, type BindingWorld } from "./binding-support.ts";
import { ARGS, CHROMIUM, SHOTS, shot } from "../helpers/chromium.ts";
import { adminPage } from "../helpers/admin-browser.ts";

let w: BindingWorld;
let corpId = "";
let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let base = "";

const signedInPage = () => adminPage(browser, base);

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM}: binding-rule browser tests skipped`, () => {});
} else {
  describe("binding-rule terms in headless Chromium", () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      w = await startBindingWorld();
      corpId = await addCorp(w, "terms-corp");
      // Two OA accounts that differ only in case meet one WeLink e-mail prefix; a third is unique.
      await seedOa(w, [
        { id: "oa-wang", account: "wang" },
        { id: "oa-WANG", account: "WANG" },
        { id: "oa-li", account: "Li.Na" },
      ]);
      await seedWelink(w, corpId, [
        { userId: "w-wang", name: "王某", email: "Wang@corp.example.com" },
        { userId: "w-li", name: "李娜", email: "li.na@corp.example.com" },
      ]);
      const app = w.h.app;
      server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req, srv) => app.fetch(req, { server: srv }) });
      base = `http://127.0.0.1:${server.port}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    });

    afterAll(async () => {
      await browser?.close();
      server?.stop(true);
      w?.h.close();
    });

    test("the corp form saves a cross-field term, and the review queue says which term found several people", async () => {
      const page = await signedInPage();
      await page.goto(`${base}/admin/corps/${corpId}/edit`);
      await page.check("input[name=ruleEnabled]");
      await page.selectOption("select[name=ruleOa1]", "account");
      await page.selectOption("select[name=ruleWelink1]", "emailPrefix");
      expect(await page.locator("label[for=f-ruleWelink1]").textContent()).toBe("1. WeLink 字段");
      await shot(page, "corp-rule-terms");
      await Promise.all([page.waitForURL((u) => u.pathname === `/admin/corps/${corpId}`), page.click("form[action$='/edit'] button[type=submit]")]);
      expect(await page.locator("body").textContent()).toContain("OA 账号 ↔ WeLink 邮箱前缀（@ 之前）");
      const corp = (await (await w.call("GET", `/api/v1/corps/${corpId}`)).json()) as { bindingRule: unknown };
      expect(corp.bindingRule).toEqual({ enabled: true, combine: "or", terms: [{ oa: "account", welink: "emailPrefix" }] });

      await page.goto(`${base}/admin/directory/${corpId}`);
      await Promise.all([page.waitForLoadState("load"), page.click(`form[action='/admin/directory/${corpId}/auto-bind'] button[type=submit]`)]);
      expect(await page.locator(".flash").first().textContent()).toContain("按「OA 账号 ↔ WeLink 邮箱前缀（@ 之前）」绑定 1 人");
      await page.goto(`${base}/admin/directory/${corpId}/reviews`);
      const card = page.locator("section.panel", { hasText: "w-wang" });
      expect(await card.textContent()).toContain("待审核：绑定规则按「OA 账号 ↔ WeLink 邮箱前缀（@ 之前）」找到多个 OA 人员");
      await shot(page, "review-queue-term");
      await page.goto(`${base}/admin/lang/en?back=/admin/directory/${corpId}/reviews`);
      expect(await page.locator("section.panel", { hasText: "w-wang" }).textContent()).toContain("In review: the binding rule found several OA people by “OA Account ↔ WeLink E-mail prefix (before the @)”");
      await page.context().close();
    });

    test("a half-filled term is refused on the form, kept as typed, and the rule is unchanged", async () => {
      const page = await signedInPage();
      await page.goto(`${base}/admin/corps/${corpId}/edit`);
      await page.selectOption("select[name=ruleOa2]", "employeeNo");
      await page.click("form[action$='/edit'] button[type=submit]");
      await page.waitForLoadState("load");
      expect(await page.locator("fieldset.invalid .error").textContent()).toContain("每个条件都要选 OA 字段和 WeLink 字段");
      expect(await page.locator("select[name=ruleOa2]").inputValue()).toBe("employeeNo");
      const corp = (await (await w.call("GET", `/api/v1/corps/${corpId}`)).json()) as { bindingRule: { terms: unknown[] } };
      expect(corp.bindingRule.terms).toEqual([{ oa: "account", welink: "emailPrefix" }]);
      await page.context().close();
    });
  });
}
