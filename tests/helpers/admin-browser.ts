import type { Browser, Page } from "playwright-core";
import { ADMIN_PASSWORD } from "./harness.ts";

type Fetcher = { fetch(req: Request, env: { server: unknown }): Response | Promise<Response> };

/** Serves an in-process bridge app on loopback for a browser; returns its base URL and stop. */
export function serveApp(app: Fetcher): { base: string; stop(): void } {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: (req, srv) => app.fetch(req, { server: srv }) });
  return { base: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

/** A new desktop page signed in as the seeded admin, in `lang`, with the tenant chosen. */
export async function adminPage(browser: Browser, base: string, lang: "zh-CN" | "en" = "zh-CN", tenant = "default"): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang })).newPage();
  await page.goto(`${base}/admin/login`);
  await page.fill("input[name=username]", "admin");
  await page.fill("input[name=password]", ADMIN_PASSWORD);
  await page.click("form[action='/admin/login'] button[type=submit]");
  await page.waitForLoadState();
  if (lang === "en") await page.goto(`${base}/admin/lang/en?back=/admin`);
  const form = page.locator("form[action='/admin/tenant']");
  await form.locator("select").selectOption(tenant);
  await form.locator("button[type=submit]").click();
  await page.waitForLoadState();
  return page;
}
