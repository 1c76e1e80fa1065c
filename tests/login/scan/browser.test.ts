import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { eq } from "drizzle-orm";
import { chromium, type Browser, type Page } from "playwright-core";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { startWorld, tenantIdOf, TENANT, type World } from "../entry/support.ts";
import { createApp } from "../../../src/app.ts";
import { buildDeps, type Deps } from "../../../src/deps.ts";
import { createBinding } from "../../../src/directory/bindings.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { systemClock } from "../../../src/kernel/clock.ts";
import { createLogger } from "../../../src/kernel/log.ts";
import { loginTickets } from "../../../src/login/schema.ts";
import { approveTicket, denyTicket, scanTicket } from "../../../src/login/scan/phone.ts";
import { sweepTickets } from "../../../src/login/scan/tickets.ts";
import type { OaPerson } from "../../../src/sandbox/oa/model.ts";
import { ARGS, CHROMIUM, SHOTS, shot } from "../../helpers/chromium.ts";

/*
 * Scan-to-login in headless Chromium: the demo OA's login page embeds the bridge's script, the
 * sandbox plays the phone. Each scenario comes from its own client address (127.0.0.N, inside
 * the default trusted networks) so the 10-a-minute mint budget is its own.
 */

const SLOW = 60_000;

let w: World;
let deps: Deps;
let browser: Browser | undefined;
let peer = "127.0.0.1";
let peers = 1;
/** A fresh client address for the next scenario. */
const newPeer = () => (peer = `127.0.0.${++peers}`);

type Minted = { id: string; qrUrl: string; secret?: string; links: Record<string, string> };
const phone = { ip: "10.30.0.1", userAgent: "WeLink phone" };
const tokenOf = (m: Minted) => m.qrUrl.split("/scan/t/")[1] ?? "";
const signedInAs = (p: OaPerson) => `signed in as ${p.name} (${p.loginName})`;
const box = (page: Page, state: string) => page.locator(`[data-testid=welink-scan][data-state=${state}]`);
const person = (i: number) => w.people[i]!;

async function newPage(): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width: 900, height: 760 }, locale: "zh-CN" });
  const page = await context.newPage();
  if (process.env.SCAN_DEBUG) {
    page.on("console", (m) => console.log("console:", m.text()));
    page.on("requestfailed", (r) => console.log("failed:", r.url(), r.failure()?.errorText));
    page.on("response", (r) => console.log("response:", r.status(), r.request().method(), r.url()));
  }
  return page;
}

/** Opens `url` and returns the page with the ticket its script minted. */
async function openWithTicket(url: string): Promise<{ page: Page; m: Minted }> {
  const page = await newPage();
  const minted = page.waitForResponse((r) => r.url() === `${w.bridgeUrl}/scan/tickets` && r.request().method() === "POST");
  await page.goto(url);
  const m = (await (await minted).json()) as Minted;
  await page.locator("[data-testid=scan-qr] svg").waitFor({ timeout: 10_000 });
  return { page, m };
}
const openOaLogin = () => openWithTicket(`${w.oa.url}/login`);

const scanAs = (m: Minted, p: OaPerson, d = deps) => scanTicket(d, tokenOf(m), { welinkUserId: p.welinkUserId!, name: p.name }, phone);
const approveAs = (m: Minted, p: OaPerson, d = deps) => approveTicket(d, tokenOf(m), p.welinkUserId!, { oaUserId: p.id, oaAccount: p.loginName }, phone);

/** Makes a ticket run out now (as if 120 s passed) and lets the sweeper expire it. */
async function runOut(id: string) {
  await deps.db.update(loginTickets).set({ expiresAt: Date.now() - 1 }).where(eq(loginTickets.id, id));
  await sweepTickets(deps);
}

async function landedText(page: Page) {
  try {
    return await page.locator("p.signed-in").textContent({ timeout: 15_000 });
  } catch (e) {
    const scan = page.locator("[data-testid=welink-scan]");
    const state = (await scan.count()) ? `${await scan.getAttribute("data-state")} ${await scan.getAttribute("data-code")} ${await scan.textContent()}` : "";
    throw new Error(`not signed in: at ${page.url()}: ${state} ${(await page.locator("body").textContent())?.slice(0, 400)}`);
  }
}

// Launched up front so that a machine without a working Chromium skips these tests and says why.
const launched: Browser | Error = await chromium.launch({ executablePath: CHROMIUM, args: ARGS }).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
if (launched instanceof Error) {
  browser = undefined;
  test.skip(`Chromium cannot be launched at ${CHROMIUM} (${launched.message.split("\n")[0]}; apt-get install -y chromium, or set CHROMIUM_PATH): scan-login browser tests skipped`, () => {});
} else {
  browser = launched;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  if (!browser) return;
  // Wall time: the demo OA checks the handoff's 30 s life against its own clock.
  w = await startWorld({ serve: true, clock: systemClock, peerIp: () => peer });
  deps = w.h.deps;
  const tenantId = await tenantIdOf(w);
  for (const p of w.people.slice(0, 4)) await createBinding(deps, systemCtx(), { tenantId, corpId: w.corpId, welinkUserId: p.welinkUserId!, oaUserId: p.id, method: "admin" });
  const on = await w.h.call("PUT", "/api/v1/scan-login/settings", { tenant: TENANT, body: { enabled: true } });
  if (!on.ok) throw new Error(`scan settings: ${on.status} ${await on.text()}`);
}, SLOW);

afterAll(async () => {
  await browser?.close();
  w?.stop();
});

const scenarios = browser ? describe : describe.skip;
scenarios("scan-to-login in headless Chromium, against the demo OA and the WeLink sandbox", () => {
  const it = (name: string, run: () => Promise<void>) =>
    test(
      name,
      async () => {
        newPeer();
        await run();
      },
      SLOW,
    );

  it("the OA login page shows the QR; scanned on the phone page it says so; approving there lands the browser in the OA signed in; the used ticket cannot be replayed", async () => {
    const p = person(0);
    const { page, m } = await openOaLogin();
    expect(await box(page, "pending").isVisible()).toBe(true);
    expect(await page.locator("[data-testid=scan-countdown]").textContent()).toMatch(/\d+ 秒后失效/);
    expect(m.secret).toBeTruthy(); // cross-site: the script holds the secret in memory
    await shot(page, "scan-oa-login-qr");

    // The phone: WeLink's Scan opens the QR's page with the HWH5 stand-in ticket.
    const res = await fetch(`${w.sandbox.baseUrl}/_sandbox/scan`, { method: "POST", body: JSON.stringify({ userId: p.welinkUserId, url: m.qrUrl }) });
    expect(res.status).toBe(200);
    const phonePage = await newPage();
    await phonePage.goto(((await res.json()) as { url: string }).url);
    const approve = phonePage.locator("button[data-action=approve]");
    await approve.waitFor({ timeout: 15_000 });
    await box(page, "scanned").waitFor({ timeout: 10_000 });
    expect(await page.locator("[data-testid=scan-message]").textContent()).toBe("已扫码，请在手机上确认");
    await shot(page, "scan-oa-login-scanned");
    await shot(phonePage, "scan-phone-confirm");
    await approve.click();

    expect(await landedText(page)).toContain(signedInAs(p));
    expect(new URL(page.url()).origin).toBe(w.oa.url);
    await shot(page, "scan-oa-signed-in");

    const replay = await fetch(`${w.bridgeUrl}${m.links.handoff}`, { method: "POST", headers: { "x-scan-secret": m.secret!, origin: w.oa.url } });
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { code: string }).code).toBe("TICKET_USED");
  });

  it("denied on the phone, the page says so and offers a refresh", async () => {
    const p = person(1);
    const { page, m } = await openOaLogin();
    await scanAs(m, p);
    await box(page, "scanned").waitFor();
    await denyTicket(deps, tokenOf(m), p.welinkUserId!, phone);
    await box(page, "denied").waitFor({ timeout: 10_000 });
    expect(await page.locator("[data-testid=scan-message]").textContent()).toBe("已在手机上拒绝登录");
    expect(await page.locator("[data-testid=scan-refresh]").isVisible()).toBe(true);
    await shot(page, "scan-denied");
    await page.locator("[data-testid=scan-refresh]").click();
    await box(page, "pending").waitFor({ timeout: 10_000 });
  });

  it("an unscanned QR that runs out is re-issued by itself five times, then the page offers a refresh", async () => {
    const { page, m } = await openOaLogin();
    let id = m.id;
    const ticketOf = () => page.locator("[data-testid=welink-scan]").getAttribute("data-ticket");
    for (let reissue = 1; reissue <= 5; reissue++) {
      await runOut(id);
      await page.locator(`[data-testid=welink-scan][data-state=pending][data-reissues="${reissue}"]`).waitFor({ timeout: 10_000 });
      const next = await ticketOf();
      expect(next).not.toBe(id);
      id = next!;
    }
    await runOut(id);
    await box(page, "expired").waitFor({ timeout: 10_000 });
    expect(await page.locator("[data-testid=scan-message]").textContent()).toBe("二维码已过期");
    await shot(page, "scan-expired-after-reissues");
    await page.locator("[data-testid=scan-refresh]").click();
    await page.locator('[data-testid=welink-scan][data-state=pending][data-reissues="0"]').waitFor({ timeout: 10_000 });
  });

  it("a second person scanning the same QR cancels it", async () => {
    const { page, m } = await openOaLogin();
    await scanAs(m, person(0));
    await box(page, "scanned").waitFor();
    await expect(scanAs(m, person(1))).rejects.toMatchObject({ code: "SECOND_SCANNER" });
    await box(page, "cancelled").waitFor({ timeout: 10_000 });
    expect(await page.locator("[data-testid=scan-message]").textContent()).toContain("二维码已取消");
    await shot(page, "scan-second-scanner");
  });

  it("another browser without the ticket's secret can neither read its state nor take its hand-off; the owner still can", async () => {
    const p = person(2);
    const { page, m } = await openOaLogin();
    await scanAs(m, p);
    await box(page, "scanned").waitFor();
    const thief = await newPage();
    await thief.goto(`${w.oa.url}/login`);
    const tried = await thief.evaluate(async (links) => {
      const handoff = await fetch(links.base + links.handoff, { method: "POST" });
      const state = await fetch(links.base + links.state);
      return { handoff: [handoff.status, ((await handoff.json()) as { code: string }).code], state: [state.status, ((await state.json()) as { code: string }).code] };
    }, { base: w.bridgeUrl, handoff: m.links.handoff!, state: m.links.state! });
    expect(tried).toEqual({ handoff: [404, "TICKET_UNKNOWN"], state: [404, "TICKET_UNKNOWN"] });
    await approveAs(m, p);
    expect(await landedText(page)).toContain(signedInAs(p));
  });

  it("the bridge's hosted page shows the QR with the secret kept in a cookie, and signs in the same way", async () => {
    const p = person(3);
    const { page, m } = await openWithTicket(`${w.bridgeUrl}/scan/login?tenant=${TENANT}`);
    expect(m.secret).toBeUndefined();
    await shot(page, "scan-hosted-page");
    await scanAs(m, p);
    await box(page, "scanned").waitFor();
    await approveAs(m, p);
    expect(await landedText(page)).toContain(signedInAs(p));
  });

  it("leaving the login page gives its ticket up (cancelled, by a keepalive request)", async () => {
    const { page, m } = await openOaLogin();
    await page.goto(`${w.oa.url}/`); // not signed in: back to /login, which asks for a new ticket
    await box(page, "pending").waitFor({ timeout: 10_000 });
    let state = "";
    for (let i = 0; i < 50 && state !== "cancelled"; i++, await Bun.sleep(100)) {
      state = (await deps.db.select().from(loginTickets).where(eq(loginTickets.id, m.id)))[0]?.state ?? "";
    }
    expect(state).toBe("cancelled");
  });

  it("the hosted page speaks English with ?lang=en", async () => {
    const { page } = await openWithTicket(`${w.bridgeUrl}/scan/login?tenant=${TENANT}&lang=en`);
    expect(await page.locator("[data-testid=scan-message]").textContent()).toBe("Scan with WeLink to sign in");
    expect(await page.locator("[data-testid=scan-countdown]").textContent()).toMatch(/^Expires in \d+ s$/);
    await shot(page, "scan-hosted-page-en");
  });

  it("from an untrusted network the page says scan login is not offered there, and the API answers 403", async () => {
    const narrowed = await w.h.call("PUT", "/api/v1/scan-login/settings", { tenant: TENANT, body: { trustedNetworks: ["10.0.0.0/8"] } });
    expect(narrowed.status).toBe(200);
    try {
      const page = await newPage();
      await page.goto(`${w.oa.url}/login`);
      await page.locator("[data-testid=welink-scan][data-state=error][data-code=NETWORK_NOT_ALLOWED]").waitFor({ timeout: 10_000 });
      expect(await page.locator("[data-testid=scan-message]").textContent()).toContain("当前网络不允许扫码登录");
      await shot(page, "scan-untrusted-network");
      const res = await fetch(`${w.bridgeUrl}/scan/tickets`, { method: "POST", headers: { "content-type": "application/json", origin: w.oa.url }, body: JSON.stringify({ tenant: TENANT }) });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { code: string }).code).toBe("NETWORK_NOT_ALLOWED");
    } finally {
      await w.h.call("PUT", "/api/v1/scan-login/settings", { tenant: TENANT, body: { trustedNetworks: ["127.0.0.0/8", "::1/128", "10.0.0.0/8"] } });
    }
  });

  // Last: afterwards the harness's own app has a closed database.
  it("a bridge restarted between scan and approve: the ticket survives, the page reconnects and completes", async () => {
    const p = person(0);
    const { page, m } = await openOaLogin();
    await scanAs(m, p);
    await box(page, "scanned").waitFor();

    const next = await buildDeps(w.h.config, { clock: systemClock, log: createLogger("warn", () => {}) });
    w.restartBridge(createApp(next));
    deps.database.close();
    deps = next;
    try {
      await Bun.sleep(1500); // the page's stream broke; it long-polls the new process
      await approveAs(m, p, next);
      expect(await landedText(page)).toContain(signedInAs(p));
      await shot(page, "scan-after-restart");
    } finally {
      w.h.deps.database = next.database; // the world's stop closes this one
    }
  });
});
