import { afterAll, beforeAll, describe, expect, test } from "bun:test";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { startWorld, tenantIdOf, TENANT, type World } from "../entry/support.ts";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { signedIn } from "../../helpers/admin-client.ts";
import { approveTicket, scanTicket } from "../../../src/login/scan/phone.ts";
import { enableDemoScanLogin } from "../../../src/cli/demo-handoff.ts";

/*
 * Scan login at the HTTP level, in process: the settings API and admin page, and the browser's
 * ticket API (mint, the status stream, the long poll, CORS, no caching). The client address is
 * played with X-Forwarded-For (TRUST_PROXY) so the trusted networks and the mint budget apply.
 */

let w: World;
let oaOrigin: string;
let ipN = 0;
/** A fresh client address per mint batch (the budget is 10 tickets a minute per address). */
const nextIp = () => `10.9.0.${++ipN}`;

const settings = (body: unknown, tenant = TENANT) => w.h.call("PUT", "/api/v1/scan-login/settings", { tenant, body });
async function mint(init: { origin?: string; ip?: string; tenant?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", "x-forwarded-for": init.ip ?? nextIp() };
  if (init.origin !== "") headers.origin = init.origin ?? oaOrigin;
  return w.h.app.request("/scan/tickets", { method: "POST", headers, body: JSON.stringify({ tenant: init.tenant ?? TENANT }) });
}
type Minted = { id: string; secret: string; qrUrl: string; qrSvg: string; ttlMs: number; links: Record<string, string> };
const tokenOf = (m: Minted) => m.qrUrl.split("/scan/t/")[1] ?? "";
const phone = { ip: "10.20.0.1", userAgent: "WeLink phone" };

/** Reads SSE blocks from a response body as they arrive. */
function sseReader(res: Response) {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = "";
  return {
    async next(ms = 5000): Promise<string> {
      const deadline = Date.now() + ms;
      for (;;) {
        const i = buf.indexOf("\n\n");
        if (i >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          return block;
        }
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no SSE block within ${ms} ms`);
        const r = await Promise.race([reader.read(), new Promise<"late">((ok) => setTimeout(() => ok("late"), left))]);
        if (r === "late") throw new Error(`no SSE block within ${ms} ms`);
        if (r.done) return "<end>";
        buf += dec.decode(r.value, { stream: true });
      }
    },
    cancel: () => reader.cancel(),
  };
}
const stateIn = (block: string) => (JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "{}") as { state?: string }).state;

beforeAll(async () => {
  w = await startWorld({ env: { TRUST_PROXY: "true" } });
  oaOrigin = new URL(w.oa.url).origin;
  // As the demo does on its first run: on, with the demo's app and the demo OA's origin.
  expect(await enableDemoScanLogin(w.h.deps, w.oa)).toBe(`the demo OA's login page ${w.oa.url}/login shows the QR code (http://bridge.test/scan/login.js)`);
});
afterAll(() => w?.stop());

describe("scan-login settings", () => {
  test("are refused with 请先添加 WeLink (409) while the tenant has no WeLink enterprise and app", async () => {
    await w.h.tenantToken("nocorp", ["admin"]);
    const read = await w.h.call("GET", "/api/v1/scan-login/settings", { tenant: "nocorp" });
    expect(read.status).toBe(409);
    const body = (await read.json()) as { code: string; detail: string };
    expect(body.code).toBe("WELINK_NOT_CONFIGURED");
    expect(body.detail).toContain("请先添加 WeLink");
    expect((await settings({ enabled: true }, "nocorp")).status).toBe(409);
  });

  test("show the defaults: the OA portal's origin, private ranges and loopback, the script and hosted page", async () => {
    const res = await w.h.call("GET", "/api/v1/scan-login/settings", { tenant: TENANT });
    const s = (await res.json()) as Record<string, unknown>;
    expect(s).toMatchObject({ enabled: true, appId: w.appId, corpId: w.corpId, allowedOrigins: [oaOrigin] });
    expect(s.trustedNetworks).toContain("127.0.0.0/8");
    expect(s.scriptUrl).toBe("http://bridge.test/scan/login.js");
    expect(s.hostedPageUrl).toBe("http://bridge.test/scan/login?tenant=default");
  });

  test("switched off by an admin, they stay off when the demo starts again", async () => {
    expect((await settings({ enabled: false })).status).toBe(200);
    expect(await enableDemoScanLogin(w.h.deps, w.oa)).toBe("switched off by an admin (/admin/scan-login)");
    expect((await mint()).status).toBe(403);
    expect((await settings({ enabled: true })).status).toBe(200);
  });

  test("reject bad CIDRs and origins field by field, and an app of another tenant", async () => {
    const res = await settings({ trustedNetworks: ["10.0.0.0/8", "10.0.0.0/33", "nonsense"], allowedOrigins: ["https://oa.example.com/login", "ftp://x"] });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { code: string; errors: { path: string }[] };
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.errors.map((e) => e.path).sort()).toEqual(["body.allowedOrigins.0", "body.allowedOrigins.1", "body.trustedNetworks.1", "body.trustedNetworks.2"]);
    expect((await settings({ appId: "app_of_nobody" })).status).toBe(422);
  });

  test("belong to one tenant: another tenant's token neither reads nor changes them", async () => {
    const other = await w.h.tenantToken("othertenant", ["admin", "read"]);
    const read = await w.h.call("GET", "/api/v1/scan-login/settings", { token: other });
    expect(read.status).toBe(409); // its own (empty) settings, not default's
    const mine = await w.h.call("GET", "/api/v1/scan-login/settings", { tenant: TENANT });
    expect(((await mine.json()) as { enabled: boolean }).enabled).toBe(true);
    expect((await w.h.call("PUT", "/api/v1/scan-login/settings", { token: other, body: { appId: w.appId } })).status).toBe(409);
  });

  test("saved from the admin page are audited, and a bad line keeps what was typed", async () => {
    const client = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
    await client.post("/admin/tenant", { tenant: TENANT, back: "/admin" });
    const page = await client.getText("/admin/scan-login");
    expect(page.status).toBe(200);
    expect(page.html).toContain(`data-tenant=&quot;${TENANT}&quot;`);
    expect(page.html).toContain('href="/admin/login-log?channel=scan"');
    expect(page.html).toContain("/admin/login-log?channel=scan&amp;reason=TICKET_CONSUMED");
    const bad = await client.post("/admin/scan-login", { enabled: "on", [`app.${w.corpId}`]: w.appId, defaultCorp: w.corpId, trustedNetworks: "10.0.0.0/8\n300.1.1.1/8", allowedOrigins: oaOrigin });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("第 2 行不是有效的 CIDR");
    expect(html).toContain("300.1.1.1/8");
    const ok = await client.post("/admin/scan-login", { enabled: "on", [`app.${w.corpId}`]: w.appId, defaultCorp: w.corpId, trustedNetworks: "10.0.0.0/8\n127.0.0.0/8\n::1/128", allowedOrigins: oaOrigin });
    expect(ok.status).toBe(303);
    const audit = await w.h.call("GET", "/api/v1/audit?action=scan.settings.save", { tenant: TENANT });
    const items = ((await audit.json()) as { items: { action: string; target: string }[] }).items;
    expect(items.some((i) => i.action === "scan.settings.save" && i.target === `scan:${TENANT}`)).toBe(true);
    // The no-corp tenant's page says to add WeLink first and links to the enterprises.
    await w.h.tenantToken("nocorp", ["admin"]);
    await client.post("/admin/tenant", { tenant: "nocorp", back: "/admin" });
    const first = await client.getText("/admin/scan-login");
    expect(first.html).toContain("请先添加 WeLink");
    expect(first.html).toContain('href="/admin/corps"');
    await client.post("/admin/tenant", { tenant: TENANT, back: "/admin" });
    expect((await settings({ trustedNetworks: ["10.0.0.0/8", "127.0.0.0/8", "::1/128"], enabled: true })).status).toBe(200);
  });
});

describe("the browser's ticket API", () => {
  test("mints only for allowed origins and trusted networks, and answers problem+json", async () => {
    const ok = await mint();
    expect(ok.status).toBe(201);
    const m = (await ok.json()) as Minted;
    expect(m.qrSvg).toStartWith("<svg");
    expect(m.secret.length).toBeGreaterThan(20);
    expect(m.ttlMs).toBe(120_000);
    expect(ok.headers.get("cache-control")).toBe("no-store");
    expect(ok.headers.get("access-control-allow-origin")).toBe(oaOrigin);

    const origin = await mint({ origin: "https://evil.example" });
    expect(origin.status).toBe(403);
    expect(origin.headers.get("content-type")).toContain("application/problem+json");
    expect(((await origin.json()) as { code: string }).code).toBe("ORIGIN_NOT_ALLOWED");
    const network = await mint({ ip: "203.0.113.5" });
    expect(network.status).toBe(403);
    expect(((await network.json()) as { code: string }).code).toBe("NETWORK_NOT_ALLOWED");
    // The refusal must be readable by the OA page's script (CORS on errors too).
    expect(network.headers.get("access-control-allow-origin")).toBe(oaOrigin);
  });

  test("allows at most 10 tickets a minute per address (429 with Retry-After)", async () => {
    const ip = nextIp();
    for (let i = 0; i < 10; i++) expect((await mint({ ip })).status).toBe(201);
    const over = await mint({ ip });
    expect(over.status).toBe(429);
    expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("answers a CORS preflight from any origin, allowing the secret header", async () => {
    const res = await w.h.app.request("/scan/tickets/abc/events", { method: "OPTIONS", headers: { origin: oaOrigin, "access-control-request-method": "GET", "access-control-request-headers": "x-scan-secret" } });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(oaOrigin);
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("x-scan-secret");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });

  test("streams the state: pending first, then scanned and confirmed in order, and the hand-off once", async () => {
    const m = (await (await mint()).json()) as Minted;
    const res = await w.h.app.request(m.links.events!, { headers: { "x-scan-secret": m.secret } });
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    expect(res.headers.get("cache-control")).toBe("no-store");
    const sse = sseReader(res);
    expect(stateIn(await sse.next())).toBe("pending");
    const p = w.people[0]!;
    await scanTicket(w.h.deps, tokenOf(m), { welinkUserId: p.welinkUserId!, name: p.name }, phone);
    expect(stateIn(await sse.next())).toBe("scanned");
    await approveTicket(w.h.deps, tokenOf(m), p.welinkUserId!, { oaUserId: p.id, oaAccount: p.loginName }, phone);
    expect(stateIn(await sse.next())).toBe("confirmed");
    const handoff = await w.h.app.request(m.links.handoff!, { method: "POST", headers: { "x-scan-secret": m.secret } });
    expect(handoff.status).toBe(200);
    expect(((await handoff.json()) as { url: string }).url).toStartWith(`${w.oa.url}/sso/welink-bridge?token=`);
    expect(stateIn(await sse.next())).toBe("consumed");
    expect(await sse.next()).toBe("<end>");
    const again = await w.h.app.request(m.links.handoff!, { method: "POST", headers: { "x-scan-secret": m.secret } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe("TICKET_USED");
  });

  test("keeps the stream open while nothing changes (heartbeats, not an ending)", async () => {
    const m = (await (await mint()).json()) as Minted;
    const res = await w.h.app.request(m.links.events!, { headers: { "x-scan-secret": m.secret } });
    const sse = sseReader(res);
    expect(stateIn(await sse.next())).toBe("pending");
    await expect(sse.next(1500)).rejects.toThrow("no SSE block");
    await sse.cancel();
  });

  test("long poll answers at once when the state differs, and on the next change otherwise", async () => {
    const m = (await (await mint()).json()) as Minted;
    const headers = { "x-scan-secret": m.secret };
    const now = await w.h.app.request(`${m.links.state}?after=scanned`, { headers });
    expect(await now.json()).toMatchObject({ state: "pending" });
    expect(now.headers.get("cache-control")).toBe("no-store");
    const started = Date.now();
    const held = w.h.app.request(`${m.links.state}?after=pending`, { headers });
    await Bun.sleep(300);
    const p = w.people[1]!;
    await scanTicket(w.h.deps, tokenOf(m), { welinkUserId: p.welinkUserId!, name: p.name }, phone);
    expect(await (await held).json()).toMatchObject({ state: "scanned" });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test("without the secret a ticket is unknown: no state, no stream, no hand-off, no cancel", async () => {
    const m = (await (await mint()).json()) as Minted;
    for (const [path, method] of [[m.links.state, "GET"], [m.links.events, "GET"], [m.links.handoff, "POST"], [m.links.cancel, "POST"]] as const) {
      const res = await w.h.app.request(path!, { method, headers: { "x-scan-secret": "wrong" } });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe("TICKET_UNKNOWN");
    }
  });

  test("a same-origin page (the hosted page) gets the secret as an HttpOnly cookie scoped to its ticket, not in the body", async () => {
    const res = await mint({ origin: "http://bridge.test" });
    expect(res.status).toBe(201);
    const m = (await res.json()) as Partial<Minted> & { id: string };
    expect(m.secret).toBeUndefined();
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toContain(`wlb_scan_${m.id}=`);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain(`Path=/scan/tickets/${m.id}`);
  });

  test("the script and the hosted page are served with their headers", async () => {
    const js = await w.h.app.request("/scan/login.js");
    expect(js.headers.get("content-type")).toContain("application/javascript");
    expect(js.headers.get("cache-control")).toBe("public, max-age=300");
    expect(await js.text()).toContain("/scan/tickets");
    const page = await w.h.app.request("/scan/login?tenant=default&lang=en");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('data-tenant="default"');
    expect(html).toContain('lang="en"');
    expect(html).toContain("简体中文");
  });

  test("an unknown tenant is refused as switched off", async () => {
    const res = await mint({ tenant: "nobody-here" });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { code: string }).code).toBe("SCAN_LOGIN_OFF");
    expect(await tenantIdOf(w)).toBeTruthy();
  });
});
