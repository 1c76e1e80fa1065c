import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { json, pull, startPullWorld, T, type PullWorld } from "./support.ts";
import { adminPage, serveApp } from "../../helpers/admin-browser.ts";
import { ARGS, CHROMIUM, shot } from "../../helpers/chromium.ts";

/*
 * The pull scope picker in headless Chromium: tick one first-level department, untick "clear
 * people", save; the choice is there after a reload; a pull started from the page reads only
 * that subtree (a rename outside it is not seen).
 */
const SLOW = 30_000;
let w: PullWorld;
let web: ReturnType<typeof serveApp>;
let browser: Browser;

const org = () => w.rs.sb.org;
function subtree(root: string): Set<string> {
  const out = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of org().depts.values()) if (out.has(d.parentCode) && !out.has(d.deptCode)) (out.add(d.deptCode), (grew = true));
  }
  return out;
}

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM}: pull scope browser test skipped`, () => {});
} else {
  describe("the pull scope picker in headless Chromium", () => {
    beforeAll(async () => {
      w = await startPullWorld({ users: 60, depts: 8 });
      expect((await pull(w)).status).toBe("ok");
      web = serveApp(w.h.app);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, SLOW);
    afterAll(async () => {
      await browser?.close();
      web?.stop();
      w?.close();
    });

    test("a ticked subtree and an unticked 'clear people' are saved, shown after a reload, and the pull run from the page reads only that subtree", async () => {
      const root = [...org().depts.values()].find((d) => d.parentCode === "0" && [...org().users.values()].some((u) => u.deptCodes.every((c) => subtree(d.deptCode).has(c))))!;
      const inside = subtree(root.deptCode);
      const users = [...org().users.values()];
      const insider = users.find((u) => u.deptCodes.every((c) => inside.has(c)))!;
      const outsider = users.find((u) => u.deptCodes.every((c) => !inside.has(c)))!;

      const page = await adminPage(browser, web.base);
      const settings = `${web.base}/admin/directory/${w.corpId}/settings`;
      await page.goto(settings);
      const box = page.locator(`input[name=deptCodes][value="${root.deptCode}"]`);
      await box.check();
      await page.locator("input[name=clearMissingPeople]").uncheck();
      await box.locator("xpath=ancestor::form").locator("button[type=submit]").click();
      await page.waitForURL(/done=saved/);
      await page.reload();
      expect(await page.locator("input[name=deptCodes]:checked").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual([root.deptCode]);
      expect(await page.locator("input[name=clearMissingPeople]").isChecked()).toBe(false);
      expect(await json(await w.h.call("GET", `/api/v1/corps/${w.corpId}/pull-settings`, T))).toMatchObject({ deptCodes: [root.deptCode], clearMissingPeople: false });
      await shot(page, "pull-scope-saved");

      org().putUser({ ...insider, userNameCn: "范围内改名" });
      org().putUser({ ...outsider, userNameCn: "范围外改名" });
      await page.goto(`${web.base}/admin/directory/${w.corpId}/runs`);
      await page.getByRole("button", { name: "立即拉取" }).click();
      await page.waitForURL(/\/runs\/[^/?]+\?done=started/);
      const runId = new URL(page.url()).pathname.split("/").pop()!;
      for (let i = 0; i < 100; i++) {
        const run = await json<{ status: string }>(await w.h.call("GET", `/api/v1/sync-runs/${runId}`, T));
        if (run.status !== "running" && run.status !== "queued") break;
        await Bun.sleep(100);
      }
      await page.reload();
      const text = await page.locator("main").innerText();
      expect(text).toContain("范围内改名");
      expect(text).not.toContain("范围外改名");
      const run = await json<{ status: string; people: number }>(await w.h.call("GET", `/api/v1/sync-runs/${runId}`, T));
      expect(run.status).toBe("ok");
      expect(run.people).toBe(users.filter((u) => u.deptCodes.some((c) => inside.has(c))).length);
      await shot(page, "pull-scope-run");
    }, SLOW);
  });
}
