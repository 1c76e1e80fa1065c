import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { type LinkWorld, startLinkWorld } from "./support.ts";
import { systemClock } from "../../../src/kernel/clock.ts";
import type { OaPerson } from "../../../src/sandbox/oa/model.ts";
import { ARGS, CHROMIUM, SHOTS, shot } from "../../helpers/chromium.ts";

const SLOW = 30_000;
/** What WeLink's webview calls itself: the bridge tells the phone from a PC browser by it. */
const WELINK_PHONE_UA = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile HuaWei-AnyOffice/1.0.0 welink/7.41.5";

let w: LinkWorld;
let browser: Browser;

async function phonePage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 420, height: 820 }, locale: "zh-CN", userAgent: WELINK_PHONE_UA });
  return context.newPage();
}

/** The phone of `p` opens `url` from a WeLink todo: the sandbox marks the tab as WeLink signed in as them. */
async function openFromWelink(p: OaPerson, url: string): Promise<string> {
  const res = await fetch(`${w.sandbox.baseUrl}/_sandbox/open-app`, { method: "POST", body: JSON.stringify({ clientId: w.sandbox.app.clientId, userId: p.welinkUserId, url }) });
  if (!res.ok) throw new Error(`open-app: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { url: string }).url;
}

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): message link browser tests skipped`, () => {});
} else {
  describe("a pushed todo's link opened in WeLink, in headless Chromium against the sandbox and the demo OA", () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      // Wall time: the demo OA checks the handoff's 30 s life against its own clock.
      w = await startLinkWorld({ serve: true, clock: systemClock });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, SLOW);

    afterAll(async () => {
      await browser?.close();
      w?.stop();
    });

    test("the todo's link lands on its OA page signed in as whoever opened it: the recipient, or a colleague it was forwarded to", async () => {
      const [recipient, colleague] = [w.people[0]!, w.people[1]!];
      await w.push({ externalId: "AP-42", to: [recipient], url: `${w.oa.url}/todo?id=AP-42` });
      const link = (await w.todoOf(recipient, "AP-42")).detailsUrl!;
      expect(link.startsWith(`${w.bridgeUrl}/t/default/go/`)).toBe(true);
      for (const p of [recipient, colleague]) {
        const page = await phonePage();
        await page.goto(await openFromWelink(p, link));
        const landed = await page.locator("p.signed-in").textContent({ timeout: 10_000 });
        expect(landed).toContain(`signed in as ${p.name} (${p.loginName})`);
        const at = new URL(page.url());
        expect(`${at.origin}${at.pathname}${at.search}`).toBe(`${w.oa.url}/todo?id=AP-42`);
        await shot(page, `link-lands-as-${p === recipient ? "recipient" : "colleague"}`);
        await page.context().close();
      }
    }, SLOW);
  });
}
