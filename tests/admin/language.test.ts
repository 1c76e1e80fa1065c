import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { NEWCOMER, startLanguageWorld, type LanguageWorld } from "./language-world.ts";
import { ADMIN_PASSWORD } from "../helpers/harness.ts";
import { ARGS, CHROMIUM, SHOTS } from "../helpers/chromium.ts";
import { crawl, judgePage, type Lang } from "./language-crawl.ts";
import { chineseIn, englishIn, type Finding, withoutData } from "./language-rules.ts";
import { DESKTOP_UA } from "../login/scan/phone-support.ts";

const SLOW = 240_000;
let w: LanguageWorld;
let browser: Browser;

async function adminPage(lang: Lang): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: lang });
  const page = await context.newPage();
  await page.goto(`${w.bridgeUrl}/admin/login`);
  await page.fill("input[name=username]", "admin");
  await page.fill("input[name=password]", ADMIN_PASSWORD);
  await Promise.all([page.waitForURL(`${w.bridgeUrl}/admin`), page.click("form[action='/admin/login'] button[type=submit]")]);
  // The admin's language is its own setting (a cookie), whatever the browser prefers.
  if (lang === "en") await page.goto(`${w.bridgeUrl}/admin/lang/en?back=/admin`);
  return page;
}

/** The sign-in page, before signing in, in `lang` (the language switch works without a session). */
async function signInPage(lang: Lang): Promise<Finding[]> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: lang });
  const page = await context.newPage();
  await page.goto(`${w.bridgeUrl}/admin/lang/${lang}?back=/admin/login`);
  expect(await page.getAttribute("html", "lang")).toBe(lang);
  await page.fill("input[name=username]", "admin");
  await page.fill("input[name=password]", "not-the-password");
  const found = await judgePage(page, lang);
  await Promise.all([page.waitForLoadState("load"), page.click("form[action='/admin/login'] button[type=submit]")]);
  found.push(...(await judgePage(page, lang)));
  await context.close();
  return found;
}

/** Posts a form of the open page by its action (and submit button), and judges the answer. */
async function submit(page: Page, lang: Lang, path: string, action: string, fill: (p: Page) => Promise<void> = async () => {}): Promise<Finding[]> {
  await page.goto(w.bridgeUrl + path);
  await fill(page);
  await Promise.all([page.waitForLoadState("load"), page.locator(`form[action='${action}'] [type=submit]`).first().click()]);
  await page.waitForLoadState("load");
  return judgePage(page, lang);
}

/** The forms whose answers exist only after a post: tests that fail, refused uploads, wrong passwords. */
async function formStates(page: Page, lang: Lang): Promise<Finding[]> {
  const found: Finding[] = [];
  found.push(...(await submit(page, lang, "/admin/oa/connection", "/admin/oa/connection/test")));
  found.push(...(await submit(page, lang, `/admin/apps/${w.brokenAppId}`, `/admin/apps/${w.brokenAppId}/test`)));
  found.push(...(await submit(page, lang, `/admin/apps/${w.appId}`, `/admin/apps/${w.appId}/test`)));
  found.push(...(await submit(page, lang, "/admin/sso", "/admin/sso", (p) => p.fill("input[name=sessionMinutes]", "4"))));
  const oidc = async (p: Page) => {
    await p.fill("input[name=name]", "报销系统");
    await p.fill("textarea[name=redirectUris]", "http://oa.example.com/cb");
  };
  found.push(...(await submit(page, lang, "/admin/sso/oidc/new", "/admin/sso/oidc", oidc)));
  found.push(...(await submit(page, lang, "/admin/sso/cas/new", "/admin/sso/cas", async (p) => {
    await p.fill("input[name=name]", "OA 门户");
    await p.fill("input[name=urlPrefix]", "https://*.example.com/");
  })));
  return found;
}

/** The homepage's bind page and the scan-login confirm page, as a phone in `lang` sees them. */
async function phonePages(lang: Lang): Promise<Finding[]> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: lang, extraHTTPHeaders: { "accept-language": lang } });
  const phone = await context.newPage();
  const found: Finding[] = [];
  const open = async (userId: string, url: string) => {
    const res = await fetch(`${w.sandbox.baseUrl}/_sandbox/open-app`, { method: "POST", body: JSON.stringify({ clientId: w.sandbox.app.clientId, userId, url }) });
    if (!res.ok) throw new Error(`open-app: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { url: string }).url;
  };
  await phone.goto(await open(NEWCOMER, w.homepage));
  await phone.waitForURL(/\/h\/.+\/(bind|code)/, { timeout: 10_000 }).catch(() => {});
  await phone.waitForLoadState("load");
  found.push(...(await judgePage(phone, lang)));
  if (await phone.locator("input[name=password]").count()) {
    await phone.fill("input[name=account]", w.people[2]!.loginName).catch(() => {});
    await phone.fill("input[name=password]", "not-the-password");
    await Promise.all([phone.waitForLoadState("load"), phone.locator("button[type=submit]").first().click()]);
    await phone.waitForLoadState("load");
    found.push(...(await judgePage(phone, lang)));
  }
  const scanner = w.people[1]!;
  expect(new URL(phone.url()).origin).toBe(w.bridgeUrl);
  const minted = await fetch(`${w.bridgeUrl}/scan/tickets`, { method: "POST", body: JSON.stringify({ tenant: "default" }), headers: { "content-type": "application/json", origin: w.bridgeUrl, "user-agent": DESKTOP_UA } });
  const { qrUrl } = (await minted.json()) as { qrUrl: string };
  const scanned = await fetch(`${w.sandbox.baseUrl}/_sandbox/scan`, { method: "POST", body: JSON.stringify({ userId: scanner.welinkUserId, url: qrUrl }) });
  if (!scanned.ok) throw new Error(`scan: ${scanned.status} ${await scanned.text()}`);
  await phone.goto(((await scanned.json()) as { url: string }).url);
  await phone.locator("[data-action=approve]").waitFor({ timeout: 10_000 });
  found.push(...(await judgePage(phone, lang)));
  await context.close();
  return found;
}


/**
 * Findings that are still in the wrong language once the world's data (names of people,
 * departments, enterprises, apps, rules — values, the same in both languages) is taken out.
 */
function unexpected(lang: Lang, findings: Finding[]): Finding[] {
  const wrong = lang === "zh-CN" ? englishIn : chineseIn;
  const out = new Map<string, Finding>();
  for (const f of findings) {
    if (!wrong(withoutData(f.text, w.data))) continue;
    out.set(`${f.page}\u0000${f.text.replace(/\d+/g, "#")}`, f);
  }
  return [...out.values()].sort((a, b) => a.page.localeCompare(b.page) || a.text.localeCompare(b.text));
}

/** Where the crawl starts: the overview, and pages no link leads to (a redirect, a form's GET answer). */
const START = ["/admin", "/admin/oa", "/admin/push/messages/replay-dead"];

/** Admin GET routes that are not pages: files, the language switch, downloads. */
const NOT_PAGES = [/^\/admin\/assets\//, /^\/admin\/lang\//, /\.(csv|json)$/];

/** The admin's page routes (from the app itself) that no visited path matches. */
function unvisitedPages(visited: string[]): string[] {
  const routes = new Set(w.h.app.routes.filter((r) => r.method === "GET" && r.path.startsWith("/admin")).map((r) => r.path));
  const paths = visited.map((p) => new URL(p, "http://x").pathname);
  return [...routes]
    .filter((route) => !NOT_PAGES.some((re) => re.test(route)))
    .filter((route) => {
      const re = new RegExp(`^${route.replace(/:[^/]+/g, "[^/]+")}$`);
      return !paths.some((p) => re.test(p));
    })
    .sort();
}

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): language crawl skipped`, () => {});
} else {
  describe("every sentence of the admin and the phone pages is in the admin's language", () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      w = await startLanguageWorld();
      // A second admin, so that the admins page offers removing one.
      const added = await w.h.call("POST", "/api/v1/admins", { tenant: "default", body: { username: "second-admin", password: "a-long-enough-password-1" } });
      expect(added.status).toBe(201);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, SLOW);

    afterAll(async () => {
      await browser?.close();
      w?.stop();
    });

    for (const lang of ["zh-CN", "en"] as const) {
      test(`${lang}: no sentence in the other language on any admin page, form answer or phone page`, async () => {
        const page = await adminPage(lang);
        // Every OA → WeLink run (held, with set-aside items, failed) and its plan, whatever the crawl would pick;
        // every write-back run (planned, with refused writes, held), and the write-back corp's settings and history.
        const runPages = (corpId: string, runs: { id: string }[]) => runs.flatMap((r) => [`/admin/directory/${corpId}/runs/${r.id}`, `/admin/directory/${corpId}/runs/${r.id}/plan`]);
        const wb = w.writeback;
        // The OA directory with its failed refresh too.
        const must = [...runPages(w.corpId, w.pushRuns), ...runPages(wb.corpId, wb.runs), `/admin/directory/${wb.corpId}/settings`, `/admin/directory/${wb.corpId}/runs`, "/admin/oa/directory"];
        const { findings, visited } = await crawl(page, w.bridgeUrl, lang, { start: [...START, ...must], maxPages: 250, perTemplate: 2 });
        findings.push(...(await formStates(page, lang)));
        await page.context().close();
        findings.push(...(await signInPage(lang)));
        visited.push("/admin/login");
        findings.push(...(await phonePages(lang)));
        // The crawl reached every page the admin has (each GET route that answers a page), and every push and write-back run.
        expect(unvisitedPages(visited)).toEqual([]);
        expect(w.pushRuns.map((r) => r.status).sort()).toEqual(["failed", "held", "partial"]);
        expect(wb.runs.map((r) => r.status)).toEqual(["planned", "partial", "held"]);
        for (const path of must) expect(visited).toContain(path);
        const leftovers = unexpected(lang, findings);
        if (process.env.LANGUAGE_DUMP) console.log(`LEFTOVERS ${JSON.stringify(leftovers.map((f) => ({ lang, ...f })))}`);
        expect(leftovers.map((f) => `${f.page}  →  ${f.text}`)).toEqual([]);
      }, SLOW);
    }
  });
}
