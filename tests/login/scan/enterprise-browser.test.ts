import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { startWorld, TENANT, tenantIdOf, type World } from "../entry/support.ts";
import { DESKTOP_UA, enableScan } from "./phone-support.ts";
import { startSandbox, type RunningSandbox } from "../../helpers/sandbox.ts";
import { ARGS, CHROMIUM, SHOTS, shot } from "../../helpers/chromium.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { systemClock } from "../../../src/kernel/clock.ts";
import { createBinding } from "../../../src/directory/bindings.ts";
import { generateOrg } from "../../../src/sandbox/welink/generate.ts";
import { registerApp } from "../../../src/sandbox/welink/sandbox.ts";

/*
 * Scan login with two integrated enterprises, the phone played by Chromium: the person's WeLink
 * is signed in to the second enterprise, so the JSAPI script the page loads is that sandbox's
 * (the sandbox stands for the WeLink client, which only mints codes for its own enterprise).
 */
const SLOW = 30_000;
const SECOND_CLIENT = "second-client";
let w: World;
let second: RunningSandbox;
let browser: Browser;
let corp2: string;
let app2: string;
let userId2: string;

const api = async (method: string, path: string, body?: unknown) => (await (await w.h.call(method, path, { tenant: TENANT, body })).json()) as Record<string, unknown>;

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM}: scan-enterprise browser test skipped`, () => {});
} else {
  describe("choosing the second enterprise on the phone, in headless Chromium", () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      second = startSandbox({ settings: { tenantId: "second-enterprise" } });
      generateOrg(second.sb.org, { seed: 11, users: 6, depts: 2 });
      registerApp(second.sb, { clientId: SECOND_CLIENT, clientSecret: "second-secret-0123456789" });
      w = await startWorld({ serve: true, clock: systemClock, env: { WELINK_JSAPI_URL: `${second.baseUrl}/hwh5.js` } });
      corp2 = (await api("POST", "/api/v1/corps", { name: "第二企业", welinkTenantId: "second-enterprise", apiBaseUrl: second.baseUrl })).id as string;
      app2 = (await api("POST", `/api/v1/corps/${corp2}/apps`, { name: "第二门户", clientId: SECOND_CLIENT, clientSecret: "second-secret-0123456789" })).id as string;
      userId2 = [...second.sb.org.users.keys()][0]!;
      await createBinding(w.h.deps, systemCtx(), { tenantId: await tenantIdOf(w), corpId: corp2, welinkUserId: userId2, oaUserId: w.people[5]!.id, method: "admin" });
      await enableScan(w, { apps: [{ corpId: w.corpId, appId: w.appId }, { corpId: corp2, appId: app2 }] });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, SLOW);

    afterAll(async () => {
      await browser?.close();
      w?.stop();
      second?.stop();
    });

    test("the page lists both enterprises, the person taps the second, approves, and the ticket is confirmed in the second corp", async () => {
      const res = await fetch(`${w.bridgeUrl}/scan/tickets`, { method: "POST", body: JSON.stringify({ tenant: TENANT }), headers: { "content-type": "application/json", origin: w.bridgeUrl, "user-agent": DESKTOP_UA } });
      const m = (await res.json()) as { id: string; qrUrl: string };
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`wlb_scan_${m.id}=`))?.split(";")[0] ?? "";
      const scanned = await fetch(`${second.baseUrl}/_sandbox/scan`, { method: "POST", body: JSON.stringify({ userId: userId2, url: m.qrUrl }) });
      const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" })).newPage();
      await phone.goto(((await scanned.json()) as { url: string }).url);

      const choices = phone.locator("a[data-corp]");
      await choices.first().waitFor({ timeout: 10_000 });
      expect(await choices.allTextContents()).toEqual(["示例企业", "第二企业"]);
      await shot(phone, "scan-phone-enterprises");
      await phone.locator(`a[data-corp="${corp2}"]`).click();
      await phone.locator("[data-field=corp]").waitFor({ timeout: 10_000 });
      expect(await phone.locator("[data-field=corp]").textContent()).toBe("第二企业");
      await phone.locator("[data-action=approve]").click();
      await phone.getByText("已确认，请回到电脑").waitFor({ timeout: 10_000 });

      const state = (await (await fetch(`${w.bridgeUrl}/scan/tickets/${m.id}/state`, { headers: { cookie } })).json()) as { state: string };
      expect(state.state).toBe("confirmed");
      const log = (await api("GET", "/api/v1/login-log?limit=1")).items as Record<string, unknown>[];
      expect(log[0]).toMatchObject({ reason: "TICKET_CONFIRMED", corpId: corp2, appId: app2, welinkUserId: userId2, oaUserId: w.people[5]!.id });
    }, SLOW);
  });
}
