import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { createUser } from "../../../src/sandbox/welink/user-ops.ts";
import { ARGS, CHROMIUM, SHOTS, shot } from "../../helpers/chromium.ts";
import { adminPage } from "../../helpers/admin-browser.ts";
import { pull } from "../from-welink/support.ts";
import { asPull, startPushWorld, welinkDept, type PushWorld } from "../to-welink/support.ts";

let w: PushWorld;
let server: ReturnType<typeof Bun.serve>;
let browser: Browser;
let base = "";
let sales = "";
let person = "";

/** Signed in as the global admin, working in tenant `default`, as a person does it through the pages. */
const signedInPage = () => adminPage(browser, base);

const submit = (page: Page, selector: string) => Promise.all([page.waitForNavigation(), page.click(selector)]);

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): organisation edit browser test skipped`, () => {});
} else {
  describe("organisation edits in headless Chromium", () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      w = await startPushWorld();
      sales = welinkDept(w.rs.sb, "销售部");
      const made = createUser(w.rs.sb, { userNameCn: "王五", mobileNumber: "+86-13900000005", deptCodes: [sales], mainDeptCode: sales });
      if (!made.ok) throw new Error(made.error.message);
      person = made.value.userId;
      await pull(asPull(w));
      const app = w.h.app;
      server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req, srv) => app.fetch(req, { server: srv }) });
      base = `http://127.0.0.1:${server.port}`;
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      server?.stop(true);
      w?.close();
    });

    test("an admin renames a department, then deletes a person through the confirm page", async () => {
      const page = await signedInPage();
      const corp = `/admin/directory/${w.corpId}`;
      await page.goto(`${base}${corp}`);
      await page.click(`a[href='${corp}/edit/dept/${sales}']`);
      await page.waitForLoadState("load");
      expect(await page.inputValue("input[name=name]")).toBe("销售部");
      await page.fill("input[name=name]", "销售中心");
      await submit(page, "form:has(input[name=op][value=updateDept]) button[type=submit]");
      expect(page.url()).toBe(`${base}${corp}?done=orgEdited`);
      expect(await page.locator(".flash.ok").textContent()).toContain("已写入 WeLink");
      expect(await page.locator(".dept-tree").textContent()).toContain("销售中心");
      expect(w.rs.sb.org.depts.get(sales)?.deptNameCn).toBe("销售中心");
      await shot(page, "org-edit-renamed");

      await page.click(`a[href='${corp}/edit/person/${encodeURIComponent(person)}']`);
      await page.waitForLoadState("load");
      await submit(page, "form:has(input[name=mode][value=delete]) button[type=submit]");
      // The confirm page shows the plan; nothing has reached WeLink yet.
      expect(await page.locator("h1").textContent()).toContain("确认：删除「王五」");
      const plan = await page.locator("table").textContent();
      for (const s of ["人员", "移除", "王五", person]) expect(plan).toContain(s);
      expect(w.rs.sb.org.users.has(person)).toBe(true);
      await shot(page, "org-edit-confirm");
      await submit(page, "form:has(input[name=confirm][value='1']) button[type=submit]");
      expect(page.url()).toBe(`${base}${corp}?done=orgEdited`);
      expect(w.rs.sb.org.users.has(person)).toBe(false);
      // The mirror keeps the person, marked deleted, with no edit link left.
      const row = page.locator("tr", { hasText: "王五" });
      expect(await row.textContent()).toContain("已删除");
      expect(await row.locator("a[href*='/edit/person/']").count()).toBe(0);
    }, 60_000);
  });
}
