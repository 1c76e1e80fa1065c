import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { startWorld, TENANT, tenantIdOf, type World } from "../login/entry/support.ts";
import { ADMIN_PASSWORD } from "../helpers/harness.ts";
import { ARGS, CHROMIUM } from "../helpers/chromium.ts";
import { signedIn } from "../helpers/admin-client.ts";
import { horizontalOverflow } from "../helpers/overflow.ts";
import { recordLogin } from "../../src/login/log/login-log.ts";

// Every admin page the app links to, with data in every room, at a laptop's 1366 × 900: none may
// be wider than the window (wide tables scroll inside their frame, long values wrap).

let w: World;
let browser: Browser;
const LONG = `x${"0123456789abcdef".repeat(12)}`; // one unbroken 193-character value

/** Pages a crawl should not open: they act (sign out, switch language) or download. */
const SKIP = /^\/admin\/(logout|lang\/)|\.csv$|\/export|\/assets\//;

/**
 * One page per shape: ids and long tokens in a path become `:id`; a query keeps only its names (a filtered
 * list, e.g. the dashboard's "failed in 24 h" link, must not stand in for the list with its rows).
 */
const shape = (url: URL) => {
  const path = url.pathname.replace(/\/[^/]*\d[^/]*(?=\/|$)/g, "/:id");
  const names = [...new Set(url.searchParams.keys())].sort();
  return names.length ? `${path}?${names.join("&")}` : path;
};

async function seed() {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await w.h.call(method, path, { tenant: TENANT, body });
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  await call("PATCH", `/api/v1/corps/${w.corpId}`, { syncAppId: w.appId, bindingRule: { enabled: true, combine: "or", fields: ["mobile", "email"] } });
  await call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`);
  await call("POST", `/api/v1/corps/${w.corpId}/auto-bind`);
  // A read-write corp with a stored OA → WeLink plan, so the plan pages have rows.
  await call("PATCH", `/api/v1/corps/${w.corpId}`, { contactPermission: "read-write" });
  await call("POST", `/api/v1/corps/${w.corpId}/push?dryRun=true&wait=true`);
  await call("POST", "/api/v1/push-rules", { name: "审批推送", sources: ["*"], targets: [{ corpId: w.corpId, appId: w.appId, type: "card" }] });
  const push = await w.h.tenantToken(TENANT, ["push"]);
  const recipients = [...w.people.slice(0, 3).map((p) => p.id), LONG];
  const msg = { source: "approval", externalId: `AP-${LONG}`, kind: "create", title: `请假申请 ${LONG}`, body: LONG, mobileUrl: `https://oa.example.com/m/${LONG}`, pcUrl: `https://oa.example.com/${LONG}`, sender: "李雷", recipients };
  const sent = await w.h.call("POST", "/api/v1/messages", { token: push, body: msg });
  if (sent.status >= 400) throw new Error(`message: ${sent.status} ${await sent.text()}`);
  const tenantId = await tenantIdOf(w);
  await recordLogin(w.h.deps, { tenantId, channel: "scan", reason: "TICKET_CONFIRMED", corpId: w.corpId, userName: w.people[0]!.name, ip: "10.1.1.1", userAgent: `Mozilla/5.0 ${LONG}`, browserIp: "192.168.1.1", browserUserAgent: LONG });
  await call("POST", "/api/v1/tokens", { name: `token-${LONG}`.slice(0, 100), scopes: ["read"] });
}

async function signIn(page: Page) {
  await page.goto(`${w.bridgeUrl}/admin/login`);
  await page.fill("input[name=username]", "admin");
  await page.fill("input[name=password]", ADMIN_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith("/login")), page.click("form[action='/admin/login'] button[type=submit]")]);
  // Work inside the tenant, where every room has its data.
  await page.selectOption("#tenant-picker", TENANT);
  await Promise.all([page.waitForLoadState("load"), page.click("form[action='/admin/tenant'] button[type=submit]")]);
}

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM}: overflow browser test skipped`, () => {});
} else {
  describe("no page is wider than its window", () => {
    beforeAll(async () => {
      w = await startWorld({ serve: true });
      await seed();
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      w?.stop();
    });

    test("every admin page reached from the navigation, at 1366 × 900, in both languages", async () => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
      const page = await context.newPage();
      await signIn(page);
      const seen = new Map<string, string>();
      const queue = [`${w.bridgeUrl}/admin`];
      const wide: string[] = [];
      while (queue.length > 0 && seen.size < 150) {
        const url = new URL(queue.shift()!);
        if (seen.has(shape(url))) continue;
        seen.set(shape(url), url.pathname + url.search);
        const res = await page.goto(url.toString());
        if (!res || !(res.headers()["content-type"] ?? "").includes("text/html")) continue;
        const { overflow, widest } = await horizontalOverflow(page);
        if (overflow > 0) wide.push(`${url.pathname}${url.search}: ${overflow}px (${widest})`);
        const links = await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href));
        for (const href of links) {
          const next = new URL(href);
          if (next.origin === url.origin && next.pathname.startsWith("/admin") && !SKIP.test(next.pathname) && !seen.has(shape(next))) queue.push(next.toString());
        }
      }
      // The crawl reached every room: a representative page of each is among the shapes seen.
      const shapes = [...seen.keys()];
      if (process.env.SHOW_SHAPES) console.log(shapes.join("\n"));
      for (const room of ["/admin", "/admin/tenants", "/admin/tokens", "/admin/admins", "/admin/corps", "/admin/directory", "/admin/sync", "/admin/push", "/admin/push/messages", "/admin/push/messages/:id", "/admin/login-log", "/admin/scan-login", "/admin/sso", "/admin/sso/sessions", "/admin/sso/cas", "/admin/sso/oidc", "/admin/audit", "/admin/oa/portal",
        "/admin/corps/:id", "/admin/apps/:id", "/admin/directory/:id", "/admin/directory/:id/people/:id", "/admin/directory/:id/reviews", "/admin/directory/:id/bindings",
        "/admin/directory/:id/settings", "/admin/directory/:id/runs", "/admin/directory/:id/runs/:id", "/admin/directory/:id/runs/:id/plan", "/admin/oa/connection", "/admin/oa/directory", "/admin/oa/csv"]) {
        expect(shapes).toContain(room);
      }
      expect(shapes.length).toBeGreaterThan(25);
      expect(wide).toEqual([]);

      // English words are longer: the same pages again in English.
      await page.goto(`${w.bridgeUrl}/admin/lang/en?back=/admin`);
      const wideEn: string[] = [];
      for (const path of seen.values()) {
        const res = await page.goto(`${w.bridgeUrl}${path}`);
        if (!res || !(res.headers()["content-type"] ?? "").includes("text/html")) continue;
        const { overflow, widest } = await horizontalOverflow(page);
        if (overflow > 0) wideEn.push(`${path}: ${overflow}px (${widest})`);
      }
      expect(wideEn).toEqual([]);
      await context.close();
    }, 240_000);

    test("a message's recipients show the person's name beside their OA id", async () => {
      const admin = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
      await admin.post("/admin/tenant", { tenant: TENANT, back: "/admin" });
      const list = (await admin.getText("/admin/push/messages")).html;
      const href = /href="(\/admin\/push\/messages\/[^"?]+)"/.exec(list)?.[1] ?? "";
      const page = (await admin.getText(href)).html;
      const p = w.people[0]!;
      expect(page).toContain(`<span class="person" translate="no">${p.name} <span class="mono muted">${p.id}</span></span>`);
      // Someone no directory knows keeps just the id.
      expect(page).toContain(`<li><span class="mono" translate="no">${LONG}</span></li>`);
    });

    test("a schedule shows only the fields its mode needs, in a framed fieldset", async () => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "zh-CN" });
      const page = await context.newPage();
      await signIn(page);
      await page.goto(`${w.bridgeUrl}/admin/directory/${w.corpId}/settings`);
      const form = page.locator("fieldset.schedule").first();
      const shown = async () => ({ first: await form.locator("#f-firstRunAt").isVisible(), period: await form.locator("#f-periodMinutes").isVisible(), cron: await form.locator("#f-cron").isVisible() });
      await form.locator("select[name=scheduleKind]").selectOption("none");
      expect(await shown()).toEqual({ first: false, period: false, cron: false });
      await form.locator("select[name=scheduleKind]").selectOption("period");
      expect(await shown()).toEqual({ first: true, period: true, cron: false });
      await form.locator("select[name=scheduleKind]").selectOption("cron");
      expect(await shown()).toEqual({ first: false, period: false, cron: true });
      expect(await form.evaluate((el) => getComputedStyle(el).borderTopStyle)).toBe("solid");
      await context.close();
    }, 60_000);
  });
}
