import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { codeOnPage, inputValue, lastLog, startWorld, TENANT, tenantIdOf, type World } from "../entry/support.ts";
import { answer, browserState, codeFor, enableScan, mint, phoneClient, scan } from "./phone-support.ts";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { createBinding, findBinding } from "../../../src/directory/bindings.ts";
import { browserAndSystem } from "../../../src/login/scan/phone-pages.tsx";
import type { OaPerson } from "../../../src/sandbox/oa/model.ts";

const clock = frozenClock(Date.now());
let w: World;
let cast: OaPerson[];
const person = (i: number) => cast[i]!;
const uid = (i: number) => person(i).welinkUserId!;

beforeAll(async () => {
  w = await startWorld({ clock, env: { TRUST_PROXY: "true" } });
  cast = w.people;
  // The first four are bound up front; the rest scan unbound.
  const tenantId = await tenantIdOf(w);
  for (const p of cast.slice(0, 4)) {
    await createBinding(w.h.deps, systemCtx(), { tenantId, corpId: w.corpId, welinkUserId: p.welinkUserId!, oaUserId: p.id, method: "admin" });
  }
  await enableScan(w);
});
afterAll(() => w?.stop());

describe("the QR's page inside WeLink", () => {
  test("loads WeLink's JSAPI under a nonce CSP with the ticket's app client id, uncached and without a referrer", async () => {
    const m = await mint(w);
    expect(m.qrUrl).toBe(`${w.h.config.publicUrl}${m.path}`);
    const res = await phoneClient(w).get(m.path);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toContain(`script-src 'nonce-${nonce}' ${w.sandbox.baseUrl}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    const html = await res.text();
    expect(html).toContain(`<script src="${w.sandbox.baseUrl}/hwh5.js" nonce="${nonce}">`);
    expect(html).toContain(`data-client-id="${w.sandbox.app.clientId}"`);
    expect(html).toContain("请用 WeLink 扫一扫打开");
    expect(await browserState(w, m)).toBe("pending");
  });

  test("a bound person sees who is asking: the OA, the browser's IP and trust, browser and system, and two equal answers", async () => {
    const m = await mint(w);
    const res = await scan(w, phoneClient(w), m, uid(0));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("确认登录");
    expect(html).toContain(`data-field="oa">Default<`);
    expect(html).toMatch(/data-field="ip">127\.0\.\d+\.\d+ <span class="trusted" data-trusted="true">（在受信任网络内）/);
    expect(html).toContain(`data-field="device">Chrome 131 · Windows<`);
    // In the bridge's zone (default Asia/Shanghai, UTC+8 all year), with the offset shown.
    const shanghai = new Date(clock.now() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
    expect(html).toContain(`data-field="time">${shanghai} (UTC+08:00)<`);
    expect(html).toContain('data-seconds="60"');
    expect(html).toContain('class="approve" data-action="approve"');
    expect(html).toContain('class="deny" data-action="deny"');
    expect(await browserState(w, m)).toBe("scanned");
    expect(await lastLog(w)).toMatchObject({ reason: "TICKET_SCANNED", channel: "scan", welinkUserId: uid(0) });
  });

  test("the trusted flag follows the tenant's current networks", async () => {
    const m = await mint(w);
    await enableScan(w, { trustedNetworks: ["10.0.0.0/8"] });
    try {
      const html = await (await scan(w, phoneClient(w), m, uid(0))).text();
      expect(html).toContain('data-trusted="false">（不在受信任网络内）');
    } finally {
      await enableScan(w, { trustedNetworks: ["127.0.0.0/8"] });
    }
  });

  test("approve confirms the ticket for the bound OA person, and the browser sees it", async () => {
    const m = await mint(w);
    const phone = phoneClient(w);
    const page = await (await scan(w, phone, m, uid(1))).text();
    const res = await answer(phone, m, page, "approve");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("已确认，请回到电脑");
    expect(await browserState(w, m)).toBe("confirmed");
    expect(await lastLog(w)).toMatchObject({ reason: "TICKET_CONFIRMED", oaUserId: person(1).id, welinkUserId: uid(1) });
    // A second tap says it is done, not that it is unconfirmed.
    const twice = await answer(phone, m, page, "approve");
    expect(twice.status).toBe(409);
    expect(await codeOnPage(twice)).toBe("TICKET_CONFIRMED");
    // Opened again afterwards, the QR says it is done rather than starting over.
    expect(await codeOnPage(await phone.get(m.path))).toBe("TICKET_CONFIRMED");
    // And the browser may take its hand-off once.
    const handoff = await w.h.app.request(`/scan/tickets/${m.id}/handoff`, { method: "POST", headers: { cookie: m.secretCookie } });
    expect(handoff.status).toBe(200);
    const used = await phone.get(m.path);
    expect(used.status).toBe(409);
    expect(await codeOnPage(used)).toBe("TICKET_USED");
  });

  test("the login log tells one ticket's whole story, with the phone's and the browser's device", async () => {
    const m = await mint(w);
    const phone = phoneClient(w);
    await answer(phone, m, await (await scan(w, phone, m, uid(2))).text(), "approve");
    expect((await w.h.app.request(`/scan/tickets/${m.id}/handoff`, { method: "POST", headers: { cookie: m.secretCookie } })).status).toBe(200);
    const log = await w.h.call("GET", "/api/v1/login-log?limit=10", { tenant: TENANT });
    const mine = ((await log.json()) as { items: Record<string, unknown>[] }).items.filter((e) => e.ticketId === m.id).reverse();
    expect(mine.map((e) => e.reason)).toEqual(["TICKET_ISSUED", "TICKET_SCANNED", "TICKET_CONFIRMED", "TICKET_CONSUMED"]);
    for (const e of mine) expect(e).toMatchObject({ channel: "scan", result: "ok", browserIp: expect.stringMatching(/^127\.0\.\d+\.\d+$/), browserUserAgent: expect.stringContaining("Windows NT") });
    expect(mine[2]).toMatchObject({ welinkUserId: uid(2), oaUserId: person(2).id, userAgent: expect.stringContaining("WeLink") });
  });

  test("deny ends the ticket, and a later approve is refused as denied", async () => {
    const m = await mint(w);
    const phone = phoneClient(w);
    const page = await (await scan(w, phone, m, uid(1))).text();
    const res = await answer(phone, m, page, "deny");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("已拒绝");
    expect(await browserState(w, m)).toBe("denied");
    expect(await lastLog(w)).toMatchObject({ reason: "TICKET_DENIED", result: "failed" });
    const late = await answer(phone, m, page, "approve");
    expect(late.status).toBe(409);
    expect(await codeOnPage(late)).toBe("TICKET_DENIED");
    expect(await browserState(w, m)).toBe("denied");
  });

  test("a second, different person scanning cancels the ticket; the first person's approve then fails", async () => {
    const m = await mint(w);
    const first = phoneClient(w);
    const page = await (await scan(w, first, m, uid(0))).text();
    const second = await scan(w, phoneClient(w), m, uid(1));
    expect(second.status).toBe(409);
    const html = await second.text();
    expect(html).toContain('data-code="SECOND_SCANNER"');
    expect(html).toContain("已被另一个 WeLink 账号扫描");
    expect(await lastLog(w)).toMatchObject({ reason: "SECOND_SCANNER", welinkUserId: uid(1) });
    expect(await browserState(w, m)).toBe("cancelled");
    const late = await answer(first, m, page, "approve");
    expect(late.status).toBe(409);
    expect(await codeOnPage(late)).toBe("TICKET_CANCELLED");
    expect(await browserState(w, m)).toBe("cancelled");
  });

  test("the same person opening the QR again carries on to the confirmation", async () => {
    const m = await mint(w);
    await scan(w, phoneClient(w), m, uid(2));
    const again = await scan(w, phoneClient(w), m, uid(2));
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('data-action="approve"');
    expect(await browserState(w, m)).toBe("scanned");
  });

  test("approve without the phone session (or with another nonce) is refused and changes nothing", async () => {
    const m = await mint(w);
    const phone = phoneClient(w);
    const page = await (await scan(w, phone, m, uid(0))).text();
    const stranger = phoneClient(w);
    const res = await answer(stranger, m, page, "approve");
    expect(res.status).toBe(403);
    expect(await codeOnPage(res)).toBe("PHONE_SESSION");
    const forged = await phone.post(`${m.path}/approve`, { nonce: "forged" });
    expect(await codeOnPage(forged)).toBe("PHONE_SESSION");
    // A session sealed for another ticket does not open this one.
    const other = await mint(w);
    const otherPhone = phoneClient(w);
    const otherPage = await (await scan(w, otherPhone, other, uid(0))).text();
    const crossed = await otherPhone.post(`${m.path}/approve`, { nonce: inputValue(otherPage, "nonce") ?? "" });
    expect(await codeOnPage(crossed)).toBe("PHONE_SESSION");
    expect(await browserState(w, m)).toBe("scanned");
  });

  test("a code posted without the page's own cookie is refused and the code is not spent", async () => {
    const m = await mint(w);
    const code = await codeFor(w, uid(0));
    const res = await phoneClient(w).post(m.path, { nonce: "x", code });
    expect(res.status).toBe(403);
    expect(await codeOnPage(res)).toBe("PHONE_SESSION");
    expect(await browserState(w, m)).toBe("pending");
  });
});

describe("binding on the phone", () => {
  test("an unbound person gets the binding page, binds with the OA password, then confirms", async () => {
    const p = person(5);
    const m = await mint(w);
    const phone = phoneClient(w);
    const bindPage = await scan(w, phone, m, p.welinkUserId!);
    const html = await bindPage.text();
    expect(html).toContain("绑定 OA 账号");
    // Worded for scan login: the binding leads to the confirmation, not into the OA.
    expect(html).toContain("然后确认电脑上的登录");
    expect(html).toContain("绑定并继续");
    expect(html).toContain(`action="${m.path}/bind"`);
    expect(await lastLog(w)).toMatchObject({ reason: "NOT_BOUND", channel: "scan", welinkUserId: p.welinkUserId });
    const wrong = await answer(phone, m, html, "bind", { account: p.loginName, password: "not-it" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("还可尝试 4 次");
    const bound = await answer(phone, m, html, "bind", { account: p.loginName, password: p.password });
    expect(bound.status).toBe(303);
    expect(await lastLog(w)).toMatchObject({ reason: "BOUND_BY_PASSWORD", oaAccount: p.loginName });
    expect((await findBinding(w.h.deps, w.corpId, p.welinkUserId!))?.method).toBe("password");
    const confirm = await (await phone.get(bound.headers.get("location") ?? "")).text();
    expect(confirm).toContain('data-action="approve"');
    expect((await answer(phone, m, confirm, "approve")).status).toBe(200);
    expect(await browserState(w, m)).toBe("confirmed");
    expect(await lastLog(w)).toMatchObject({ reason: "TICKET_CONFIRMED", oaUserId: p.id });
  });

  test("an unbound person cannot approve past the binding page", async () => {
    const m = await mint(w);
    const phone = phoneClient(w);
    const html = await (await scan(w, phone, m, uid(6))).text();
    const res = await answer(phone, m, html, "approve");
    expect(await res.text()).toContain("绑定 OA 账号");
    expect(await browserState(w, m)).toBe("scanned");
  });

  test("with the corp's binding rule on, a matching person is bound by the rule and goes straight to the confirmation", async () => {
    const p = person(7);
    await w.h.call("PATCH", `/api/v1/corps/${w.corpId}`, { tenant: TENANT, body: { bindingRule: { enabled: true, fields: ["mobile"], combine: "or" } } });
    try {
      const m = await mint(w);
      const html = await (await scan(w, phoneClient(w), m, p.welinkUserId!)).text();
      expect(html).toContain('data-action="approve"');
      const binding = await findBinding(w.h.deps, w.corpId, p.welinkUserId!);
      expect(binding).toMatchObject({ method: "rule", oaUserId: p.id });
      expect(await lastLog(w, "&reason=BOUND_BY_RULE")).toMatchObject({ channel: "scan", welinkUserId: p.welinkUserId, oaUserId: p.id });
    } finally {
      await w.h.call("PATCH", `/api/v1/corps/${w.corpId}`, { tenant: TENANT, body: { bindingRule: { enabled: false, fields: ["mobile"], combine: "or" } } });
    }
  });
});

describe("choosing the team", () => {
  test("a person known to two teams sharing the WeLink enterprise chooses, and the ticket follows the choice", async () => {
    const p = person(2);
    const token = await w.h.tenantToken("beta", ["admin"]);
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await w.h.call(method, path, { tenant: "beta", body });
      if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
      return (await res.json()) as Record<string, string>;
    };
    expect(token).toBeTruthy();
    const corp = await call("POST", "/api/v1/corps", { name: "乙方企业", welinkTenantId: w.sandbox.sb.settings.tenantId, apiBaseUrl: w.sandbox.baseUrl });
    const app = await call("POST", `/api/v1/corps/${corp.id}/apps`, { name: "乙方门户", clientId: w.sandbox.app.clientId, clientSecret: w.sandbox.app.clientSecret });
    await call("PUT", "/api/v1/scan-login/settings", { enabled: true, appId: app.id });
    const betaId = ((await (await w.h.call("GET", "/api/v1/tenants/beta")).json()) as { id: string }).id;
    await createBinding(w.h.deps, systemCtx(), { tenantId: betaId, corpId: corp.id!, welinkUserId: p.welinkUserId!, oaUserId: "beta-oa-7", method: "admin" });

    // Someone beta does not know gets no choice.
    const plain = await (await scan(w, phoneClient(w), await mint(w), uid(0))).text();
    expect(plain).toContain('data-action="approve"');

    const m = await mint(w);
    const phone = phoneClient(w);
    const res = await scan(w, phone, m, p.welinkUserId!);
    const html = await res.text();
    expect(html).toContain("选择要登录的团队");
    expect(html).toContain("Default · 示例企业");
    expect(html).toContain("BETA · 乙方企业");
    // Only a team on the list can be chosen.
    await answer(phone, m, html, "choose", { tenant: "no-such-tenant" });
    expect(await (await phone.get(m.path)).text()).toContain("选择要登录的团队");
    const chosen = await answer(phone, m, html, "choose", { tenant: betaId });
    expect(chosen.status).toBe(303);
    const confirm = await (await phone.get(m.path)).text();
    expect(confirm).toContain(`data-field="oa">BETA<`);
    expect(confirm).toContain(`data-field="corp">乙方企业<`);
    expect((await answer(phone, m, confirm, "approve")).status).toBe(200);
    expect(await browserState(w, m)).toBe("confirmed");
    const row = await w.h.call("GET", "/api/v1/login-log?limit=1", { tenant: "beta" });
    expect(((await row.json()) as { items: Record<string, unknown>[] }).items[0]).toMatchObject({ reason: "TICKET_CONFIRMED", oaUserId: "beta-oa-7", corpId: corp.id });
    await call("PUT", "/api/v1/scan-login/settings", { enabled: false });
  });
});

describe("refusals", () => {
  test("an unknown token shows its own page (404), never a stack", async () => {
    for (const path of ["/scan/t/nothing-here", "/scan/t/bad%20token", `/scan/t/${"x".repeat(200)}`]) {
      const res = await phoneClient(w).get(path);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain('data-code="TICKET_UNKNOWN"');
      expect(html).toContain("二维码无效");
      expect(html).not.toContain("at ");
    }
  });

  test("an expired ticket shows the expired page (frozen clock) and the expiry is logged", async () => {
    const m = await mint(w);
    clock.advance(121_000);
    const res = await phoneClient(w).get(m.path);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain("二维码已过期");
    expect(await lastLog(w)).toMatchObject({ reason: "TICKET_EXPIRED" });
  });

  test("a scanned ticket left unanswered for 60 s expires; the late approve says so", async () => {
    const m = await mint(w);
    const phone = phoneClient(w);
    const page = await (await scan(w, phone, m, uid(0))).text();
    clock.advance(61_000);
    const res = await answer(phone, m, page, "approve");
    expect(res.status).toBe(410);
    expect(await codeOnPage(res)).toBe("TICKET_EXPIRED");
    expect(await browserState(w, m)).toBe("expired");
  });

  test("a cancelled ticket shows the cancelled page", async () => {
    const m = await mint(w);
    await w.h.app.request(`/scan/tickets/${m.id}/cancel`, { method: "POST", headers: { cookie: m.secretCookie } });
    const res = await phoneClient(w).get(m.path);
    expect(res.status).toBe(409);
    expect(await codeOnPage(res)).toBe("TICKET_CANCELLED");
  });

  test("with scan login switched off after the QR was shown, the phone says so", async () => {
    const m = await mint(w);
    await enableScan(w, { enabled: false });
    try {
      const res = await phoneClient(w).get(m.path);
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).toContain('data-code="SCAN_LOGIN_OFF"');
      expect(html).toContain("扫码登录已关闭");
    } finally {
      await enableScan(w);
    }
  });

  test("the page's getAuthCode refusing (outside the app's visible range) shows NOT_VISIBLE and leaves the ticket pending", async () => {
    const m = await mint(w);
    const phone = phoneClient(w);
    const page = await (await phone.get(m.path)).text();
    const res = await phone.post(m.path, { nonce: inputValue(page, "nonce") ?? "", code: "", error: "NOT_VISIBLE" });
    expect(res.status).toBe(403);
    expect(await codeOnPage(res)).toBe("NOT_VISIBLE");
    expect(await browserState(w, m)).toBe("pending");
  });

  test("every refusal has its own text", async () => {
    const { tp } = await import("../../../src/login/scan/i18n-phone.ts");
    const codes = ["TICKET_UNKNOWN", "TICKET_EXPIRED", "TICKET_DENIED", "TICKET_CANCELLED", "SECOND_SCANNER", "TICKET_USED", "SCAN_LOGIN_OFF"] as const;
    const bodies = codes.map((c) => tp("zh-CN", `stop.${c}.body`));
    expect(new Set(bodies).size).toBe(codes.length);
    expect(tp("en", "stop.SECOND_SCANNER.title")).toBe("Someone else scanned this QR code");
  });

  test("English when the WeLink client asks for it", async () => {
    const m = await mint(w);
    const res = await w.h.app.request(m.path, { headers: { "accept-language": "en-US,en;q=0.9" } });
    expect(await res.text()).toContain("Open this with WeLink&#39;s Scan");
  });
});

describe("reading the browser's user agent", () => {
  test("names the common browsers and systems", () => {
    expect(browserAndSystem("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86")).toEqual({ browser: "Microsoft Edge 131", system: "Windows" });
    expect(browserAndSystem("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15")).toEqual({ browser: "Safari 17", system: "macOS" });
    expect(browserAndSystem("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")).toEqual({ browser: "Firefox 133", system: "Linux" });
    expect(browserAndSystem("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36")).toEqual({ browser: "Chrome 130", system: "Android" });
    expect(browserAndSystem("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1")).toEqual({ browser: "Safari 17", system: "iOS" });
    expect(browserAndSystem(null)).toEqual({});
  });
});
