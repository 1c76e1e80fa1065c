import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { landedText, newDevice, openInWelink, signedInAs, signInByScan, type SsoWorld, startSsoWorld } from "./support.ts";
import { ARGS, CHROMIUM, SHOTS, shot } from "../../helpers/chromium.ts";

const SLOW = 60_000;

/** The person's live bridge sessions, as the admin's API lists them. */
async function liveSessions(w: SsoWorld, welinkUserId: string): Promise<unknown[]> {
  const res = await w.h.call("GET", `/api/v1/sso/sessions?welinkUserId=${encodeURIComponent(welinkUserId)}`, { tenant: "default" });
  return ((await res.json()) as { items: unknown[] }).items;
}

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): SSO browser tests skipped`, () => {});
} else {
  for (const method of ["cas", "oidc"] as const) {
    describe(`the demo OA signing in through the bridge by ${method.toUpperCase()}, in headless Chromium against the sandbox`, () => {
      let w: SsoWorld;
      let browser: Browser;
      beforeAll(async () => {
        mkdirSync(SHOTS, { recursive: true });
        w = await startSsoWorld(method);
        browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
      }, SLOW);
      afterAll(async () => {
        await browser?.close();
        w?.stop();
      });

      test("PC: the OA's page → the bridge's sign-in page → scan and approve on the phone → the OA signed in; the second OA then signs in without a new scan; logout ends the OA's and the bridge's sessions", async () => {
        const p = w.people[0]!;
        const pc = await newDevice(browser, "pc");
        expect(await signInByScan(w, browser, pc, p, `${w.oa.url}/todo`)).toContain(signedInAs(p));
        expect(pc.url()).toBe(`${w.oa.url}/todo`);
        await shot(pc, `sso-${method}-pc-signed-in`);
        expect(await liveSessions(w, p.welinkUserId!)).toHaveLength(1);

        // The second OA: its client goes to the bridge, which has the session: no QR code, no new ticket.
        let scans = 0;
        pc.on("request", (r) => void (r.url().endsWith("/scan/tickets") && scans++));
        await pc.goto(`${w.oa2.url}/notice`);
        expect(await landedText(pc)).toContain(signedInAs(p));
        expect(pc.url()).toBe(`${w.oa2.url}/notice`);
        expect(scans).toBe(0);

        // Logout at the first OA: through the bridge's logout, back to the OA's login page.
        await pc.goto(`${w.oa.url}/`);
        await pc.getByRole("button", { name: "退出登录" }).click();
        await pc.waitForURL(`${w.oa.url}/login`, { timeout: 15_000 });
        expect(await liveSessions(w, p.welinkUserId!)).toHaveLength(0);
        // The OA's own session is gone too: its pages go back to the bridge, which asks for a new proof.
        await pc.goto(`${w.oa.url}/todo`);
        await pc.waitForURL((u) => u.href.startsWith(`${w.base}/signin`), { timeout: 15_000 });
        if (method === "cas") {
          // CAS single logout: the bridge told the second OA (back channel), whose session ended as well.
          await pc.goto(`${w.oa2.url}/notice`);
          await pc.waitForURL((u) => u.href.startsWith(`${w.base}/signin`), { timeout: 15_000 });
        }
      }, SLOW);

      test("inside WeLink: the app's homepage with an OA page as target lands there signed in as the person who opened it", async () => {
        const p = w.people[1]!;
        const phone = await newDevice(browser, "phone");
        // Through the tenant's method: the OA's own CAS / OIDC client completes the sign-in, no handoff token.
        const seen: string[] = [];
        phone.on("request", (r) => void seen.push(r.url()));
        await phone.goto(await openInWelink(w, p, `${w.homepage}?target=${encodeURIComponent(`${w.oa.url}/workflow`)}`));
        expect(await landedText(phone)).toContain(signedInAs(p));
        expect(phone.url()).toBe(`${w.oa.url}/workflow`);
        expect(seen.some((u) => u.startsWith(`${w.base}/${method === "cas" ? "cas/login" : "oidc/authorize"}`))).toBe(true);
        expect(seen.filter((u) => u.startsWith(`${w.oa.url}/sso/welink-bridge`))).toEqual([]);
        await shot(phone, `sso-${method}-welink-homepage`);
      }, SLOW);
    });
  }
}
