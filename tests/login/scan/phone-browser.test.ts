import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { startWorld, type World } from "../entry/support.ts";
import { DESKTOP_UA, enableScan } from "./phone-support.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { systemClock } from "../../../src/kernel/clock.ts";
import { createBinding } from "../../../src/directory/bindings.ts";
import { horizontalOverflow } from "../../helpers/overflow.ts";
import { ARGS, CHROMIUM, SHOTS, shot } from "../../helpers/chromium.ts";

const SLOW = 30_000;

let w: World;
let browser: Browser;

async function newPhone(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
  return context.newPage();
}

/** The OA login page asks for a QR code over real HTTP, from loopback, as the bridge's own page. */
async function mintOverHttp(): Promise<{ id: string; qrUrl: string; cookie: string }> {
  const res = await fetch(`${w.bridgeUrl}/scan/tickets`, { method: "POST", body: JSON.stringify({ tenant: "default" }), headers: { "content-type": "application/json", origin: w.bridgeUrl, "user-agent": DESKTOP_UA } });
  const body = (await res.json()) as { id: string; qrUrl: string };
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return { ...body, cookie: res.headers.getSetCookie().find((c) => c.startsWith(`wlb_scan_${body.id}=`))?.split(";")[0] ?? "" };
}

/** What WeLink's Scan does: the sandbox hands back the QR's URL, signed in as this person. */
async function scannedUrl(qrUrl: string, userId: string): Promise<string> {
  const res = await fetch(`${w.sandbox.baseUrl}/_sandbox/scan`, { method: "POST", body: JSON.stringify({ userId, url: qrUrl }) });
  if (!res.ok) throw new Error(`scan: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { url: string }).url;
}

const stateOf = async (m: { id: string; cookie: string }) => ((await (await fetch(`${w.bridgeUrl}/scan/tickets/${m.id}/state`, { headers: { cookie: m.cookie } })).json()) as { state: string }).state;

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): scan-phone browser tests skipped`, () => {});
} else {
  describe("the scan-login phone page in headless Chromium, against the WeLink sandbox", () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      w = await startWorld({ serve: true, clock: systemClock });
      const tenant = (await (await w.h.call("GET", "/api/v1/tenants/default")).json()) as { id: string };
      const bound = w.people[0]!;
      await createBinding(w.h.deps, systemCtx(), { tenantId: tenant.id, corpId: w.corpId, welinkUserId: bound.welinkUserId!, oaUserId: bound.id, method: "admin" });
      await enableScan(w);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, SLOW);

    afterAll(async () => {
      await browser?.close();
      w?.stop();
    });

    test("scanned in WeLink, the page learns the person, shows the request with two equal answers, and approving confirms the ticket", async () => {
      const m = await mintOverHttp();
      const phone = await newPhone();
      await phone.goto(await scannedUrl(m.qrUrl, w.people[0]!.welinkUserId!));
      await phone.locator("[data-action=approve]").waitFor({ timeout: 10_000 });
      expect(await phone.locator("[data-field=ip]").textContent()).toContain("127.0.0.1");
      expect(await phone.locator("[data-field=ip]").textContent()).toContain("在受信任网络内");
      expect(await phone.locator("[data-field=device]").textContent()).toBe("Chrome 131 · Windows");
      expect(await phone.locator("#countdown").textContent()).toMatch(/请在 (60|59|58) 秒内确认/);
      const approve = await phone.locator("[data-action=approve]").boundingBox();
      const deny = await phone.locator("[data-action=deny]").boundingBox();
      expect(approve && deny && Math.abs(approve.width - deny.width) < 1 && Math.abs(approve.height - deny.height) < 1 && approve.y === deny.y).toBe(true);
      expect(await stateOf(m)).toBe("scanned");
      expect(phone.viewportSize()).toEqual({ width: 390, height: 844 });
      expect(await horizontalOverflow(phone)).toMatchObject({ overflow: 0 });
      await shot(phone, "scan-phone-confirm");
      await phone.locator("[data-action=approve]").click();
      await phone.getByText("已确认，请回到电脑").waitFor({ timeout: 10_000 });
      expect(await stateOf(m)).toBe("confirmed");
      await shot(phone, "scan-phone-approved");
    });

    test("opened outside WeLink, the page says to use WeLink's Scan and leaves the ticket alone", async () => {
      const m = await mintOverHttp();
      const phone = await newPhone();
      await phone.goto(m.qrUrl);
      await phone.getByText("请用 WeLink 扫一扫打开").first().waitFor({ state: "visible", timeout: 10_000 });
      expect(await stateOf(m)).toBe("pending");
      await shot(phone, "scan-phone-outside-welink");
    });
  });
}
