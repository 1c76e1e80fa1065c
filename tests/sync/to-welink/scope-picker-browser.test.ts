import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { ARGS, CHROMIUM, shot } from "../../helpers/chromium.ts";
import { adminPage } from "../../helpers/admin-browser.ts";
import { T } from "../from-welink/support.ts";
import { oaDept, oaUser, putOa, startPushWorld, type PushWorld, welinkDept } from "./support.ts";

/*
 * The push scope picker in headless Chromium: search the OA tree, tick a branch (分部), save, and
 * the dry run's plan says the branch put the people in.
 */
let w: PushWorld;
let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let base = "";

const signIn = (lang: "zh-CN" | "en") => adminPage(browser, base, lang);

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): scope picker tests skipped`, () => {});
} else {
  describe("the push scope picker in headless Chromium", () => {
    beforeAll(async () => {
      w = await startPushWorld();
      welinkDept(w.rs.sb, "集团");
      const branch = (id: string, name: string) => ({ ...oaDept(id, name, "G"), kind: "branch" as const });
      await putOa(w, [oaDept("G", "集团", null), branch("B1", "华东分部"), oaDept("DA", "上海研发部", "B1"), branch("B2", "华南分部"), oaDept("DB", "广州销售部", "B2")], [
        oaUser("U1", "张一", "DA", 1), oaUser("U2", "张二", "DB", 2),
      ]);
      const res = await w.h.call("PUT", `/api/v1/corps/${w.corpId}/push-settings`, { ...T, body: { addNewPeople: true } });
      expect(res.status).toBe(200);
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

    test("search narrows the tree, a ticked branch is saved as the scope, and the dry run's plan names the branch", async () => {
      const page = await signIn("zh-CN");
      await page.goto(`${base}/admin/directory/${w.corpId}/push`);
      const search = page.locator("#scope-search");
      await search.waitFor({ state: "visible" });
      await search.fill("华南");
      const row = (id: string) => page.locator(`#scope-tree li[data-id='${id}']`);
      await row("B2").waitFor({ state: "visible" });
      expect(await row("B1").isVisible()).toBe(false);
      expect(await row("DB").isVisible()).toBe(true); // what is under a match stays
      expect(await row("G").isVisible()).toBe(true); // and its parents
      expect(await row("B2").locator("[data-kind=branch]").textContent()).toBe("分部");
      await search.fill("没有这个");
      await page.locator("#scope-none").waitFor({ state: "visible" });
      await search.fill("华南");
      await row("B2").locator("input[name=scope_pick]").first().check();
      await shot(page, "scope-picker-ticked");
      await page.click("form[action$='/push/settings'] button[type=submit]");
      await page.waitForLoadState();
      expect(page.url()).toContain("done=saved");
      const saved = await w.h.call("GET", `/api/v1/corps/${w.corpId}/push-settings`, T);
      expect(((await saved.json()) as { scope: { depts: string[] } }).scope.depts).toEqual(["B2"]);
      expect(await row("B2").locator("input[name=scope_pick]").first().isChecked()).toBe(true);

      await page.click("form[action$='/push/run'] input[value=true] ~ button");
      await page.waitForURL(/\/plan/);
      await page.waitForFunction(() => document.body.textContent?.includes("范围：在所选分部“华南分部”之下。"), undefined, { timeout: 20_000 });
      const text = (await page.textContent("main")) ?? "";
      expect(text).toContain("张二");
      expect(text).not.toContain("张一");
      await shot(page, "scope-picker-plan");
      await page.context().close();
    }, 60_000);

    test("in English the picker and the plan's scope reason read in English", async () => {
      const page = await signIn("en");
      await page.goto(`${base}/admin/directory/${w.corpId}/push`);
      expect(await page.textContent("[data-testid=scope-picker]")).toContain("Departments and branches");
      expect(await page.locator("#scope-tree li[data-id='B1'] [data-kind=branch]").textContent()).toBe("Branch");
      await page.click("form[action$='/push/run'] input[value=true] ~ button");
      await page.waitForURL(/\/plan/);
      await page.waitForFunction(() => document.body.textContent?.includes("Scope: under the chosen branch “华南分部”."), undefined, { timeout: 20_000 });
      await page.context().close();
    }, 60_000);
  });
}
