import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { startWorld, type World } from "./support.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { systemClock } from "../../../src/kernel/clock.ts";
import { createBinding } from "../../../src/directory/bindings.ts";
import type { OaPerson } from "../../../src/sandbox/oa/model.ts";
import { horizontalOverflow } from "../../helpers/overflow.ts";
import { ARGS, CHROMIUM, SHOTS, shot } from "../../helpers/chromium.ts";

const SLOW = 30_000;

let w: World;
let browser: Browser;

/** A fresh browser profile (cookies, sessionStorage) per scenario, like another phone or PC. */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 420, height: 820 }, locale: "zh-CN" });
  return context.newPage();
}

const signedInAs = (p: OaPerson) => `signed in as ${p.name} (${p.loginName})`;

/** The phone opens the app as this person: the URL the WeLink client would load (its ticket in the fragment). */
async function openAppUrl(p: OaPerson): Promise<string> {
  const res = await fetch(`${w.sandbox.baseUrl}/_sandbox/open-app`, { method: "POST", body: JSON.stringify({ clientId: w.sandbox.app.clientId, userId: p.welinkUserId, url: w.homepage }) });
  if (!res.ok) throw new Error(`open-app: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { url: string }).url;
}

/** Records the SSO URL (with its handoff token) and the code post the page makes. */
function watch(page: Page) {
  const seen = { sso: "", codePost: "" };
  page.on("request", (r) => {
    if (r.url().startsWith(`${w.oa.url}/sso/welink-bridge`)) seen.sso = r.url();
    if (r.method() === "POST" && r.url().endsWith(`/h/${w.appKey}/code`)) seen.codePost = r.postData() ?? "";
  });
  return seen;
}

const landedText = (page: Page) => page.locator("p.signed-in").textContent({ timeout: 10_000 });

if (!existsSync(CHROMIUM)) {
  test.skip(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH): homepage browser tests skipped`, () => {});
} else {
  describe("homepage entry in headless Chromium, against the sandbox and the demo OA", () => {
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      // Wall time: the demo OA checks the handoff's 30 s life against its own clock.
      w = await startWorld({ serve: true, clock: systemClock });
      const tenant = (await (await w.h.call("GET", "/api/v1/tenants/default")).json()) as { id: string };
      const bound = w.people[0]!;
      await createBinding(w.h.deps, systemCtx(), { tenantId: tenant.id, corpId: w.corpId, welinkUserId: bound.welinkUserId!, oaUserId: bound.id, method: "admin" });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    }, SLOW);

    afterAll(async () => {
      await browser?.close();
      w?.stop();
    });

    test("a bound person opening the app in WeLink ends on the demo OA signed in as their account; a replayed or forged handoff is refused", async () => {
      const p = w.people[0]!;
      const page = await newPage();
      const seen = watch(page);
      await page.goto(await openAppUrl(p));
      expect(await landedText(page)).toContain(signedInAs(p));
      expect(new URL(page.url()).origin).toBe(w.oa.url);
      await shot(page, "entry-bound-lands-in-oa");

      const replay = await newPage();
      const again = await replay.goto(seen.sso);
      expect(again?.status()).toBe(403);
      expect(await replay.locator("[role=alert]").textContent()).toContain("已经使用过");
      await shot(replay, "entry-handoff-replayed");

      const url = new URL(seen.sso);
      const [head, body, sig] = (url.searchParams.get("token") ?? "").split(".");
      const forgedBody = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, "base64url").toString()), sub: w.people[1]!.id })).toString("base64url");
      url.searchParams.set("token", `${head}.${forgedBody}.${sig}`);
      const forged = await replay.goto(url.toString());
      expect(forged?.status()).toBe(401);
      expect(await replay.locator("p.signed-in").count()).toBe(0);
      await shot(replay, "entry-handoff-forged");
    }, SLOW);

    test("a reused free-login code shows its page", async () => {
      const p = w.people[0]!;
      const page = await newPage();
      const seen = watch(page);
      await page.goto(await openAppUrl(p));
      await landedText(page);
      const fields = Object.fromEntries(new URLSearchParams(seen.codePost));
      expect(fields.code).toBeTruthy();
      // Back on the bridge, the same browser posts the same (spent) code again.
      await page.goto(`${w.bridgeUrl}/h/${w.appKey}/bind`);
      await Promise.all([
        page.waitForNavigation(),
        page.evaluate(({ action, fields }) => {
          const form = document.createElement("form");
          form.method = "post";
          form.action = action;
          for (const [k, v] of Object.entries(fields)) form.append(Object.assign(document.createElement("input"), { type: "hidden", name: k, value: v }));
          document.body.append(form);
          form.submit();
        }, { action: `/h/${w.appKey}/code`, fields }),
      ]);
      expect(await page.locator("h1").textContent()).toBe("登录码已失效");
      expect(await page.locator("main").textContent()).toContain("请从 WeLink 重新打开应用");
      expect(await page.locator("[data-code]").getAttribute("data-code")).toBe("CODE_INVALID");
      await shot(page, "entry-code-reused");
    }, SLOW);

    test("an unbound person gets the bind page; a wrong password shows the error; the right one binds and lands", async () => {
      const p = w.people[3]!;
      const page = await newPage();
      await page.goto(await openAppUrl(p));
      await page.waitForURL(`${w.bridgeUrl}/h/${w.appKey}/bind`);
      expect(await page.locator("h1").textContent()).toBe("绑定 OA 账号");
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await horizontalOverflow(page)).toMatchObject({ overflow: 0 });
      await shot(page, "entry-bind-page");

      await page.fill("#account", p.loginName);
      await page.fill("#password", "not-my-password");
      await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
      expect(await page.locator("[role=alert]").textContent()).toContain("OA 账号或密码错误，还可尝试 4 次");
      expect(await page.inputValue("#account")).toBe(p.loginName);
      expect(await page.inputValue("#password")).toBe("");
      await shot(page, "entry-bind-wrong-password");

      await page.fill("#password", p.password);
      await Promise.all([page.waitForURL(`${w.oa.url}/**`), page.click("button[type=submit]")]);
      expect(await landedText(page)).toContain(signedInAs(p));
      await shot(page, "entry-bind-lands-in-oa");

      // Bound now: the next opening goes straight in.
      const next = await newPage();
      await next.goto(await openAppUrl(p));
      expect(await landedText(next)).toContain(signedInAs(p));
    }, SLOW);

    test("in a plain browser the homepage falls back to WeLink's OAuth2 sign-in and lands in the OA", async () => {
      const p = w.people[0]!;
      const page = await newPage();
      await page.goto(`${w.bridgeUrl}/h/${w.appKey}?target=/todo`);
      await page.waitForURL(`${w.sandbox.baseUrl}/sso/oauth2/authorize**`);
      await page.fill("input[name=sandbox_user]", p.welinkUserId!);
      await shot(page, "entry-oauth-welink-login");
      await Promise.all([page.waitForURL(`${w.oa.url}/**`), page.click("button[type=submit]")]);
      expect(await landedText(page)).toContain(signedInAs(p));
      expect(new URL(page.url()).pathname).toBe("/todo");
      await shot(page, "entry-oauth-lands-in-oa");
    }, SLOW);

    test("an OAuth2 callback with a state this browser did not start shows STATE_INVALID", async () => {
      // Someone else's sign-in, stopped at the callback (its code unspent)…
      const start = await fetch(`${w.bridgeUrl}/h/${w.appKey}/oauth`, { redirect: "manual" });
      const authorize = new URL(start.headers.get("location") ?? "");
      authorize.searchParams.set("sandbox_user", w.people[0]!.welinkUserId!);
      const callback = (await fetch(authorize, { redirect: "manual" })).headers.get("location") ?? "";
      expect(callback).toContain(`/h/${w.appKey}/callback?code=`);
      // …opened in this browser, which holds no (or another) state.
      const page = await newPage();
      const res = await page.goto(callback);
      expect(res?.status()).toBe(400);
      expect(await page.locator("[data-code]").getAttribute("data-code")).toBe("STATE_INVALID");
      await shot(page, "entry-oauth-bad-state");
    }, SLOW);
  });
}
