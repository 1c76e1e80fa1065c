import { afterAll, beforeAll, describe, expect, test } from "bun:test";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { codeOnPage, enter, EntryClient, lastLog, phoneCode, startWorld, TENANT, tenantIdOf, type World } from "../entry/support.ts";
import { answer, DESKTOP_UA, enableScan, phoneClient, scan } from "../scan/phone-support.ts";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { createBinding } from "../../../src/directory/bindings.ts";

const clock = frozenClock(Date.now());
let w: World;
let tenantId: string;
const RETURN = "/t/default/landing?x=1";
const ABS = `http://bridge.test${RETURN}`;
const signin = (ret = RETURN, extra = "") => `/t/${TENANT}/signin?return=${encodeURIComponent(ret)}${extra}`;
const pc = () => new EntryClient(w.h.app, DESKTOP_UA);
const COMPLETE = "http://bridge.test/t/default/signin/complete?proof=";
const sessions = async () => (await w.h.deps.database.client.execute("SELECT channel, oa_user_id, welink_user_id, ended_at FROM sign_in_sessions ORDER BY created_at")).rows;

beforeAll(async () => {
  w = await startWorld({ clock, env: { TRUST_PROXY: "true" } });
  tenantId = await tenantIdOf(w);
  for (const p of w.people.slice(0, 2)) await createBinding(w.h.deps, systemCtx(), { tenantId, corpId: w.corpId, welinkUserId: p.welinkUserId!, oaUserId: p.id, method: "admin" });
});
afterAll(() => w?.stop());

describe("the sign-in page refuses", () => {
  test("an unknown tenant with a not-found page in both languages", async () => {
    const zh = await pc().get(`/t/no-such-team/signin?return=${encodeURIComponent("/t/no-such-team/x")}`);
    expect(zh.status).toBe(404);
    const page = await zh.text();
    expect(page).toContain("找不到该组织");
    expect(page).toContain('data-code="UNKNOWN_TENANT"');
    const en = await pc().get(`/t/no-such-team/signin?lang=en&return=%2Ft%2Fno-such-team%2Fx`);
    expect(await en.text()).toContain("Organisation not found");
  });

  test("a return that is not a page of this tenant on the bridge (no open redirect)", async () => {
    const foreign = ["https://evil.example/t/default/x", "//evil.example/t/default/x", "/t/other/x", "/admin", "javascript:alert(1)", "/t/default/signin?return=/t/default/x", "t/default/x", "/t/default/\\evil", "http://bridge.test@evil.example/t/default/"];
    for (const ret of foreign) {
      const res = await pc().get(signin(ret));
      expect({ ret, status: res.status }).toEqual({ ret, status: 400 });
      expect(await codeOnPage(res)).toBe("BAD_RETURN");
      expect(res.headers.get("location")).toBeNull();
    }
    const none = await pc().get(`/t/${TENANT}/signin`);
    expect(none.status).toBe(400);
    expect(await none.text()).toContain("无法登录到该地址");
  });
});

describe("inside WeLink", () => {
  test("the page goes through the sign-in app's homepage; the code starts a session and lands on the return; a live session goes straight back", async () => {
    const phone = phoneClient(w);
    const first = await phone.get(signin(RETURN, "&code=planted"));
    expect(first.status).toBe(303);
    const home = new URL(first.headers.get("location") ?? "", "http://bridge.test");
    expect(home.pathname).toBe(`/h/${w.appKey}`);
    const target = home.searchParams.get("target") ?? "";
    expect(target).toBe(ABS);
    const p = w.people[0]!;
    const proved = await enter(w, phone, await phoneCode(w, p), { target });
    expect(proved.status).toBe(303);
    // The proof on /h/… hands over to the tenant's path, where the session starts.
    expect(proved.headers.get("location")).toStartWith(COMPLETE);
    expect(proved.headers.getSetCookie().join()).not.toContain("wlb_session");
    const entered = await phone.get(proved.headers.get("location")!);
    expect(entered.status).toBe(303);
    expect(entered.headers.get("location")).toBe(ABS);
    const cookie = entered.headers.getSetCookie().find((c) => c.startsWith("wlb_session="));
    expect(cookie).toMatch(/Path=\/t\/default\/; HttpOnly; SameSite=Lax/);
    expect((await sessions()).at(-1)).toMatchObject({ channel: "welink", oa_user_id: p.id, welink_user_id: p.welinkUserId, ended_at: null });
    expect(await lastLog(w)).toMatchObject({ reason: "OK", channel: "welink", oaUserId: p.id });

    const again = await phone.get(signin());
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(ABS);
    // renew asks for a new proof even so.
    const renew = await phone.get(signin(RETURN, "&renew=1"));
    expect(new URL(renew.headers.get("location") ?? "", ABS).pathname).toBe(`/h/${w.appKey}`);
    // The session belongs to its tenant's paths only: another tenant's sign-in page does not see it.
    const other = await phone.get(signin("/t/default/x").replace(`/t/${TENANT}/`, "/t/nobody/"));
    expect(other.status).toBe(404);
  });

  test("an unbound person gets the bind page first, then the session", async () => {
    const phone = phoneClient(w);
    const p = w.people[5]!;
    const entered = await enter(w, phone, await phoneCode(w, p), { target: ABS });
    expect(entered.headers.get("location")).toBe(`/h/${w.appKey}/bind`);
    const form = await (await phone.get(`/h/${w.appKey}/bind`)).text();
    const nonce = /name="nonce"[^>]*value="([^"]*)"/.exec(form)?.[1] ?? "";
    const bound = await phone.post(`/h/${w.appKey}/bind`, { nonce, account: p.loginName, password: p.password });
    expect(bound.status).toBe(303);
    expect(bound.headers.get("location")).toStartWith(COMPLETE);
    expect((await phone.get(bound.headers.get("location")!)).headers.get("location")).toBe(ABS);
    expect((await sessions()).at(-1)).toMatchObject({ channel: "welink", oa_user_id: p.id });
  });
});

describe("on a PC", () => {
  test("with scan login off, WeLink's OAuth2 page proves the person and the session starts", async () => {
    const browser = pc();
    const res = await browser.get(signin());
    expect(res.status).toBe(303);
    const start = await browser.get(res.headers.get("location") ?? "");
    const authorize = new URL(start.headers.get("location") ?? "");
    authorize.searchParams.set("sandbox_user", w.people[1]!.welinkUserId!);
    const back = new URL((await fetch(authorize, { redirect: "manual" })).headers.get("location") ?? "");
    const proved = await browser.get(back.pathname + back.search);
    expect(proved.headers.get("location")).toStartWith(COMPLETE);
    const done = await browser.get(proved.headers.get("location")!);
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(ABS);
    expect((await sessions()).at(-1)).toMatchObject({ channel: "oauth2", oa_user_id: w.people[1]!.id });
    expect(await lastLog(w)).toMatchObject({ reason: "OK", channel: "oauth2" });
  });

  test("with scan login on, the page shows the QR script with the return as target and the OAuth2 link", async () => {
    await enableScan(w);
    const res = await pc().get(signin(RETURN, "&lang=en"));
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain(`data-target="${ABS.replace("&", "&amp;")}"`);
    expect(page).toContain(`/h/${w.appKey}/oauth?target=${encodeURIComponent(ABS)}`);
    expect(page).toContain("Sign in with your WeLink account");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  test("a ticket minted with a bridge return starts a scan session; the same target from another page's origin is a plain handoff", async () => {
    await enableScan(w, { allowedOrigins: [w.oa.url] });
    const mintFrom = async (origin: string) => {
      const r = await w.h.app.request("/scan/tickets", { method: "POST", body: JSON.stringify({ tenant: TENANT, target: ABS }), headers: { "content-type": "application/json", origin, "x-forwarded-for": `127.9.0.${Math.floor(Math.random() * 200) + 1}`, "user-agent": DESKTOP_UA } });
      const b = (await r.json()) as { id: string; qrUrl: string; secret?: string };
      if (r.status !== 201) throw new Error(`${r.status} ${JSON.stringify(b)}`);
      const cookie = r.headers.getSetCookie().find((c) => c.startsWith(`wlb_scan_${b.id}=`))?.split(";")[0] ?? "";
      return { ...b, path: new URL(b.qrUrl).pathname, secretCookie: cookie };
    };
    const approveAs = async (m: Awaited<ReturnType<typeof mintFrom>>) => {
      const phone = phoneClient(w);
      const page = await (await scan(w, phone, m, w.people[0]!.welinkUserId!)).text();
      expect(await (await answer(phone, m, page, "approve")).text()).toContain("已确认，请回到电脑");
    };
    const own = await mintFrom("http://bridge.test");
    await approveAs(own);
    const took = await w.h.app.request(`/scan/tickets/${own.id}/handoff`, { method: "POST", headers: { cookie: own.secretCookie } });
    const { url } = (await took.json()) as { url: string };
    expect(url).toStartWith(COMPLETE);
    const landed = await w.h.app.request(url);
    expect(landed.headers.get("location")).toBe(ABS);
    expect(landed.headers.getSetCookie().join()).toMatch(/wlb_session=.*Path=\/t\/default\//);
    expect((await sessions()).at(-1)).toMatchObject({ channel: "scan", oa_user_id: w.people[0]!.id });

    const foreign = await mintFrom(w.oa.url);
    await approveAs(foreign);
    const handed = await w.h.app.request(`/scan/tickets/${foreign.id}/handoff`, { method: "POST", headers: { "x-scan-secret": foreign.secret ?? "" } });
    expect(handed.headers.getSetCookie().join()).not.toContain("wlb_session");
    expect(((await handed.json()) as { url: string }).url).not.toBe(ABS);
  });
});

describe("a renewed proof in the same browser", () => {
  test("ends the browser's earlier session (the proof on /h/… completes on the tenant's path); a proof link works once, for its tenant only", async () => {
    const phone = phoneClient(w);
    const p = w.people[0]!;
    const prove = async () => (await enter(w, phone, await phoneCode(w, p), { target: ABS })).headers.get("location")!;
    const firstLink = await prove();
    expect((await phone.get(firstLink)).headers.get("location")).toBe(ABS);
    const firstCookie = phone.jar.get("wlb_session");
    const before = (await sessions()).length;
    clock.advance(1000);
    const secondLink = await prove();
    expect((await phone.get(secondLink)).headers.get("location")).toBe(ABS);
    expect(phone.jar.get("wlb_session")).not.toBe(firstCookie);
    const rows = await sessions();
    expect(rows).toHaveLength(before + 1);
    // The earlier session of this browser ended; only the new one is live.
    expect(rows.at(-2)).toMatchObject({ oa_user_id: p.id });
    expect(rows.at(-2)!.ended_at).not.toBeNull();
    expect(rows.at(-1)).toMatchObject({ oa_user_id: p.id, ended_at: null });

    // Used once: a second visit (another browser that saw the link) gets the expired page.
    const replay = await pc().get(secondLink);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("登录链接已失效");
    // Another tenant's path, a forged proof and an expired one are refused the same way.
    const third = await prove();
    expect((await phone.get(third.replace("/t/default/", "/t/other/"))).status).toBe(400);
    expect((await phone.get(`${COMPLETE}forged`)).status).toBe(400);
    clock.advance(61_000);
    const late = await phone.get(third);
    expect(late.status).toBe(400);
    expect(late.headers.getSetCookie().join()).not.toContain("wlb_session");
  });
});
