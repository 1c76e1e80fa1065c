import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { enter, EntryClient, inputValue, phoneCode, startWorld, TENANT, tenantIdOf, type World } from "../entry/support.ts";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { createBinding } from "../../../src/directory/bindings.ts";
import type { OaPerson } from "../../../src/sandbox/oa/model.ts";
import { signedIn } from "../../helpers/admin-client.ts";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { recordLogin } from "../../../src/login/log/login-log.ts";

const clock = frozenClock(Date.now());
let w: World;
let cast: OaPerson[];
const person = (i: number) => cast[i]!;

beforeAll(async () => {
  w = await startWorld({ clock });
  cast = w.people;
  const tenantId = await tenantIdOf(w);
  await createBinding(w.h.deps, systemCtx(), { tenantId, corpId: w.corpId, welinkUserId: person(0).welinkUserId!, oaUserId: person(0).id, method: "admin" });
  // Two good entries, a reused code, and a failed binding that names person 0's account.
  const code = await phoneCode(w, person(0));
  await enter(w, new EntryClient(w.h.app), code);
  await enter(w, new EntryClient(w.h.app, "Mozilla/5.0 (Windows NT 10.0) test-pc"), await phoneCode(w, person(0)));
  await enter(w, new EntryClient(w.h.app), code);
  const client = new EntryClient(w.h.app);
  await enter(w, client, await phoneCode(w, person(6)));
  const form = await (await client.get(`/h/${w.appKey}/bind`)).text();
  await client.post(`/h/${w.appKey}/bind`, { nonce: inputValue(form, "nonce") ?? "", account: person(0).loginName, password: person(0).password });
});
afterAll(() => w?.stop());

describe("login log", () => {
  test("the API searches by name, account or mobile, device, result and dates, inside the token's tenant", async () => {
    const p = person(0);
    const list = async (query: string) =>
      ((await (await w.h.call("GET", `/api/v1/login-log?${query}`, { tenant: TENANT })).json()) as { items: Record<string, unknown>[]; next: string | null });
    const byName = await list(`q=${encodeURIComponent(p.name)}&result=ok`);
    expect(byName.items.map((e) => [e.reason, e.oaAccount])).toEqual([["OK", p.loginName], ["OK", p.loginName]]);
    // The account finds the failed binding that typed it, too.
    expect((await list(`q=${p.loginName}`)).items.map((e) => e.reason)).toEqual(["BINDING_CONFLICT", "OK", "OK"]);
    const digits = (p.mobile ?? "").replace(/\D/g, "").slice(-8);
    expect((await list(`q=${digits}`)).items.map((e) => e.reason)).toEqual(["OK", "OK"]);
    expect((await list("device=test-pc")).items.map((e) => e.reason)).toEqual(["OK"]);
    expect((await list("result=failed&reason=CODE_INVALID")).items.length).toBe(1);
    const first = await list("limit=2");
    expect(first.next).toBeTruthy();
    const second = await list(`limit=2&before=${first.next}`);
    expect(second.items.map((e) => e.id)).not.toContain(first.items[0]!.id);
    const future = new Date(clock.now() + 86_400_000 * 30).toISOString();
    expect((await list(`from=${encodeURIComponent(future)}`)).items).toEqual([]);
    const other = await w.h.tenantToken("other-tenant", ["read"]);
    const theirs = (await (await w.h.call("GET", "/api/v1/login-log", { token: other })).json()) as { items: unknown[] };
    expect(theirs.items).toEqual([]);
  });

  test("the admin page lists entries with their reason and filters them, by tenant too in the global view", async () => {
    const admin = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
    const page = await admin.getText(`/admin/login-log?q=${encodeURIComponent(person(0).loginName)}&result=ok&tenant=${TENANT}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("登录日志");
    expect(page.html).toContain(person(0).name);
    expect(page.html).toContain("<code>OK</code>");
    expect(page.html).not.toContain("<code>BINDING_CONFLICT</code>");
    const failed = await admin.getText("/admin/login-log?reason=CODE_INVALID");
    expect(failed.html).toContain("免登码已过期或已使用");
    const bad = await admin.getText("/admin/login-log?from=yesterday");
    expect(bad.html).toContain("YYYY-MM-DD");
  });

  test("entries filter by channel; a scan entry shows the phone's and the browser's device", async () => {
    const tenantId = await tenantIdOf(w);
    await recordLogin(w.h.deps, {
      tenantId, channel: "scan", reason: "TICKET_CONFIRMED", corpId: w.corpId, welinkUserId: person(1).welinkUserId!, ticketId: "t-1",
      ip: "10.1.1.1", userAgent: "iPhone WeLink/7.40", browserIp: "192.168.5.5", browserUserAgent: "Mozilla/5.0 (Windows NT 10.0) Chrome/131",
    });
    const scan = await w.h.call("GET", "/api/v1/login-log?channel=scan", { tenant: TENANT });
    const items = ((await scan.json()) as { items: Record<string, unknown>[] }).items;
    expect(items.map((e) => e.channel)).toEqual(["scan"]);
    expect(items[0]).toMatchObject({ ticketId: "t-1", ip: "10.1.1.1", browserIp: "192.168.5.5" });
    const welink = ((await (await w.h.call("GET", "/api/v1/login-log?channel=welink", { tenant: TENANT })).json()) as { items: { channel: string }[] }).items;
    expect(welink.length).toBeGreaterThan(0);
    expect(welink.every((e) => e.channel === "welink")).toBe(true);
    expect((await w.h.call("GET", "/api/v1/login-log?channel=fax", { tenant: TENANT })).status).toBe(422);

    const admin = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
    const page = await admin.getText(`/admin/login-log?channel=scan&tenant=${TENANT}`);
    expect(page.html).toContain("TICKET_CONFIRMED");
    expect(page.html).toContain("10.1.1.1");
    expect(page.html).toContain("电脑浏览器: 192.168.5.5");
    expect(page.html).not.toContain("<code>CODE_INVALID</code>");
  });
  test("a device reads as browser and system with the raw user agent on demand; times and date filters are the bridge's local days", async () => {
    const tenantId = await tenantIdOf(w);
    const was = clock.now();
    clock.set(Date.UTC(2026, 11, 4, 17, 30)); // 2026-12-05 01:30 in Asia/Shanghai, still the 4th in UTC
    try {
      const phone = "Mozilla/5.0 (Linux; Android 13; NOH-AN00 Build/HUAWEINOH-AN00; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/99.0.4844.88 Mobile Safari/537.36 HuaWei-AnyOffice/1.0.0/cloudlink welink/7.40.5";
      const pc = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
      await recordLogin(w.h.deps, { tenantId, channel: "scan", reason: "TICKET_SCANNED", corpId: w.corpId, ticketId: "t-local", ip: "10.9.9.9", userAgent: phone, browserIp: "192.168.9.9", browserUserAgent: pc });
      const admin = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
      const day = (d: string) => admin.getText(`/admin/login-log?tenant=${TENANT}&reason=TICKET_SCANNED&from=${d}&to=${d}`);
      const page = (await day("2026-12-05")).html;
      expect(page).toContain("WeLink 7.40.5 · Android 13");
      expect(page).toContain("Chrome 131 · Windows 10");
      expect(page).toMatch(/<details><summary>原始 User-Agent<\/summary><code class="wrap">Mozilla\/5\.0 \(Linux; Android 13/);
      expect(page).toContain('<time datetime="2026-12-04T17:30:00.000Z">2026-12-05 01:30:00</time>');
      expect(page).toContain("时区：Asia/Shanghai (UTC+08:00)");
      expect((await day("2026-12-04")).html).not.toContain("10.9.9.9");
      admin.jar.set("wlb_lang", "en");
      const en = (await day("2026-12-05")).html;
      expect(en).toContain(">5 Dec 2026, 01:30:00</time>");
      expect(en).toContain("Raw user agent");
    } finally {
      clock.set(was);
    }
  });
});
