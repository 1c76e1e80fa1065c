import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { ARGS, CHROMIUM } from "../helpers/chromium.ts";
import { freePort } from "../helpers/cli.ts";
import { exported, grab, type RunningDemo, startDemo } from "./demo-support.ts";

/*
 * The demo in headless Chromium: scan login played with the command its banner prints, and
 * "offline means offline" — the API docs and every admin page ask nothing of any host but the bridge.
 */
let demo: RunningDemo;
let browser: Browser;
let v: Record<string, string>;

/** Every request a context makes (pages, workers, fonts, fetches), kept to be checked. */
function watch(context: BrowserContext): string[] {
  const seen: string[] = [];
  context.on("request", (r) => void seen.push(r.url()));
  return seen;
}
const foreign = (urls: string[], origin: string) => urls.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:") && new URL(u).origin !== origin);

async function signIn(page: Page) {
  await page.goto(`${v.B}/admin/login`);
  await page.fill("input[name=username]", "admin");
  await page.fill("input[name=password]", "demo-password");
  await Promise.all([page.waitForURL(`${v.B}/admin`), page.click("form[action='/admin/login'] button[type=submit]")]);
}

/** One page of each kind: ids and numbers in a path count as the same page. */
const kindOf = (path: string) => path.split("/").map((s) => (/\d/.test(s) ? ":x" : s)).join("/");
const SKIP = /^\/admin\/(lang\/|logout)|\.csv$/;

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): demo browser tests skipped`, () => {});
} else {
  describe("the demo in headless Chromium", () => {
    beforeAll(async () => {
      demo = await startDemo(["--users", "60", "--depts", "8", "--port", String(freePort())]);
      v = exported(demo.banner);
      // The first pull, so the directory pages have people to show.
      const corps = (await (await fetch(`${v.B}/api/v1/corps`, { headers: { authorization: `Bearer ${v.T}`, "x-bridge-tenant": "default" } })).json()) as { items: { id: string }[] };
      await fetch(`${v.B}/api/v1/corps/${corps.items[0]!.id}/pull?wait=true`, { method: "POST", headers: { authorization: `Bearer ${v.T}`, "x-bridge-tenant": "default" } });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await demo?.stop();
    });

    test("scan login: the OA page shows the QR's URL, the banner's command plays the phone, approving signs the OA page in", async () => {
      const pc = await browser.newContext({ locale: "zh-CN" });
      const login = await pc.newPage();
      await login.goto(`${v.OA}/login`);
      const shown = login.getByTestId("scan-qr-url");
      await shown.waitFor({ timeout: 10_000 });
      expect(await shown.textContent()).toContain("演示：手机扫码后打开的地址：");
      const qrUrl = (await shown.locator("code").textContent())!;
      expect(qrUrl).toStartWith(`${v.B}/scan/t/`);

      // The banner's command, with the URL under the QR code put in.
      const [sandbox, body] = grab(demo.banner, /curl -s -X POST (\S+)\/_sandbox\/scan .*\\\n\s+-d '(.+)'/);
      expect(sandbox).toBe(v.SANDBOX);
      const res = await fetch(`${sandbox}/_sandbox/scan`, { method: "POST", headers: { "content-type": "application/json" }, body: body!.replace("<the URL under the QR code>", qrUrl) });
      expect(res.status).toBe(200);
      const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" })).newPage();
      await phone.goto(((await res.json()) as { url: string }).url);
      await phone.locator("[data-action=approve]").click({ timeout: 10_000 });
      await login.waitForURL((u) => u.origin === v.OA && u.pathname !== "/login", { timeout: 10_000 });
      expect(await login.locator("body").textContent()).toContain("当前登录用户：");
      await pc.close();
      await phone.context().close();
    }, 40_000);

    test("/api/docs renders the API from the bridge alone: no font, proxy, agent or CDN elsewhere", async () => {
      const context = await browser.newContext();
      const seen = watch(context);
      const page = await context.newPage();
      const blocked: string[] = [];
      page.on("console", (m) => void (/Content Security Policy/i.test(m.text()) && blocked.push(m.text())));
      await page.goto(`${v.B}/api/docs`, { waitUntil: "networkidle" });
      await page.getByText("Tokens", { exact: true }).first().waitFor({ timeout: 20_000 });
      await page.waitForTimeout(1500); // what the page fetches once it has drawn itself (the agent's registry, fonts)
      expect(seen.some((u) => u.endsWith("/api/docs/standalone.js"))).toBe(true);
      expect(foreign(seen, v.B!)).toEqual([]);
      expect(blocked).toEqual([]); // nothing even tried (the CSP would have stopped it)
      await context.close();
    }, 40_000);

    test("every admin page (one of each kind, found by following links) asks nothing of another host", async () => {
      const context = await browser.newContext({ locale: "zh-CN" });
      const seen = watch(context);
      const page = await context.newPage();
      await signIn(page);
      const queue = ["/admin"];
      const kinds = new Set(queue.map(kindOf));
      const visited: string[] = [];
      while (queue.length > 0 && visited.length < 80) {
        const path = queue.shift()!;
        const res = await page.goto(`${v.B}${path}`, { waitUntil: "networkidle" });
        expect(res?.status(), path).toBeLessThan(400);
        visited.push(path);
        const links = await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href));
        for (const href of links) {
          const u = new URL(href);
          if (u.origin !== v.B || !u.pathname.startsWith("/admin") || SKIP.test(u.pathname) || kinds.has(kindOf(u.pathname))) continue;
          kinds.add(kindOf(u.pathname));
          queue.push(u.pathname + u.search);
        }
      }
      expect(visited.length).toBeGreaterThan(15);
      expect(visited).toContain("/admin/directory");
      expect(foreign(seen, v.B!)).toEqual([]);
      await context.close();
    }, 120_000);
  });
}
