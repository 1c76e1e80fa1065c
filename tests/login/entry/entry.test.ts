import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { codeOnPage, enter, EntryClient, handoffClaims, lastLog, phoneCode, startWorld, TENANT, tenantIdOf, type World } from "./support.ts";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { createBinding } from "../../../src/directory/bindings.ts";
import type { OaPerson } from "../../../src/sandbox/oa/model.ts";

const clock = frozenClock(Date.now());
let w: World;
let cast: OaPerson[];
const person = (i: number) => cast[i]!;

beforeAll(async () => {
  w = await startWorld({ clock });
  cast = w.people;
  // The first four are bound up front; the rest enter unbound.
  const tenantId = await tenantIdOf(w);
  for (const p of cast.slice(0, 4)) {
    await createBinding(w.h.deps, systemCtx(), { tenantId, corpId: w.corpId, welinkUserId: p.welinkUserId!, oaUserId: p.id, method: "admin" });
  }
});
afterAll(() => w?.stop());

describe("homepage inside WeLink", () => {
  test("the homepage loads WeLink's JSAPI under a nonce CSP and carries the app's client id", async () => {
    const res = await new EntryClient(w.h.app).get(`/h/${w.appKey}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toContain(`script-src 'nonce-${nonce}' ${w.sandbox.baseUrl}`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain(`<script src="${w.sandbox.baseUrl}/hwh5.js" nonce="${nonce}">`);
    expect(html).toContain(`data-client-id="${w.sandbox.app.clientId}"`);
    expect(html).toContain(`/h/${w.appKey}/oauth`);
  });

  test("a bound person is handed to the OA's SSO endpoint and the attempt is logged without the code", async () => {
    const p = person(0);
    const code = await phoneCode(w, p);
    const res = await enter(w, new EntryClient(w.h.app), code);
    expect(res.status).toBe(303);
    const location = res.headers.get("location") ?? "";
    expect(location.startsWith(`${w.oa.url}/sso/welink-bridge?token=`)).toBe(true);
    expect(handoffClaims(location)).toMatchObject({ sub: p.id, aud: `oa:${TENANT}`, target: `${w.oa.url}/` });
    expect(await lastLog(w)).toMatchObject({ result: "ok", reason: "OK", channel: "welink", welinkUserId: p.welinkUserId, oaUserId: p.id, oaAccount: p.loginName, userName: p.name, corpId: w.corpId, appId: w.appId });
    expect((await lastLog(w)).userAgent).toContain("WeLink");
    expect(w.h.logs.join("\n")).not.toContain(code);
  });

  test("a code used twice shows CODE_INVALID (open again from WeLink)", async () => {
    const code = await phoneCode(w, person(1));
    const client = new EntryClient(w.h.app);
    expect((await enter(w, client, code)).status).toBe(303);
    const again = await enter(w, client, code);
    expect(again.status).toBe(400);
    const html = await again.text();
    expect(html).toContain("请从 WeLink 重新打开应用");
    expect(html).toContain('data-code="CODE_INVALID"');
    expect(await lastLog(w)).toMatchObject({ result: "failed", reason: "CODE_INVALID" });
  });

  test("a code posted without the homepage's own cookie is refused (STATE_INVALID), not spent", async () => {
    const code = await phoneCode(w, person(1));
    const res = await new EntryClient(w.h.app).post(`/h/${w.appKey}/code`, { code, nonce: "forged" });
    expect(res.status).toBe(400);
    expect(await codeOnPage(res)).toBe("STATE_INVALID");
    expect(await lastLog(w)).toMatchObject({ reason: "STATE_INVALID" });
    expect((await enter(w, new EntryClient(w.h.app), code)).status).toBe(303);
  });

  test("an unknown app key shows UNKNOWN_APP", async () => {
    for (const path of ["/h/no-such-app", "/h/no-such-app/oauth", "/h/bad%20key"]) {
      const res = await new EntryClient(w.h.app).get(path);
      expect(res.status).toBe(404);
      expect(await codeOnPage(res)).toBe("UNKNOWN_APP");
    }
  });

  test("a switched-off app or corp shows APP_DISABLED and logs it", async () => {
    for (const path of [`/api/v1/apps/${w.appId}`, `/api/v1/corps/${w.corpId}`]) {
      await w.h.call("PATCH", path, { tenant: TENANT, body: { enabled: false } });
      const res = await enter(w, new EntryClient(w.h.app), "irrelevant");
      expect(res.status).toBe(403);
      expect(await codeOnPage(res)).toBe("APP_DISABLED");
      expect(await lastLog(w)).toMatchObject({ reason: "APP_DISABLED", appId: w.appId });
      await w.h.call("PATCH", path, { tenant: TENANT, body: { enabled: true } });
    }
  });

  test("a person outside the app's visible range gets NOT_VISIBLE", async () => {
    const p = person(2);
    const code = await phoneCode(w, p);
    const app = w.sandbox.app;
    app.visible = { all: false, deptCodes: [], userIds: [] };
    try {
      const res = await enter(w, new EntryClient(w.h.app), code);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("可见范围");
      expect(await lastLog(w)).toMatchObject({ reason: "NOT_VISIBLE", welinkUserId: p.welinkUserId });
    } finally {
      app.visible = { all: true };
    }
    // The page's getAuthCode may say so itself; the bridge shows the same page.
    const res = await enter(w, new EntryClient(w.h.app), "", { error: "NOT_VISIBLE" });
    expect(await codeOnPage(res)).toBe("NOT_VISIBLE");
  });

  test("WeLink refusing to say who the code belongs to shows WELINK_FAILED", async () => {
    const code = await phoneCode(w, person(1));
    const faults = `${w.sandbox.baseUrl}/_sandbox/faults`;
    // 10007 (bad credentials) is not retried, so the page comes at once.
    await fetch(faults, { method: "POST", body: JSON.stringify({ errorRates: { "/api/auth/v2/userid": { rate: 1, code: "10007" } } }) });
    try {
      const res = await enter(w, new EntryClient(w.h.app), code);
      expect(res.status).toBe(502);
      expect(await codeOnPage(res)).toBe("WELINK_FAILED");
      expect(await lastLog(w)).toMatchObject({ reason: "WELINK_FAILED", result: "failed" });
    } finally {
      await fetch(faults, { method: "DELETE" });
    }
  });

  test("a requested target inside the OA is honoured; one outside it is ignored (no open redirect)", async () => {
    const inside = await enter(w, new EntryClient(w.h.app), await phoneCode(w, person(0)), { target: "/todo" });
    expect(handoffClaims(inside.headers.get("location") ?? "").target).toBe(`${w.oa.url}/todo`);
    for (const evil of ["https://evil.example/", "//evil.example/x", "/\\evil.example", `${w.oa.url}@evil.example/`]) {
      const res = await enter(w, new EntryClient(w.h.app), await phoneCode(w, person(0)), { target: evil });
      expect(res.status).toBe(303);
      const location = res.headers.get("location") ?? "";
      expect(new URL(location).origin).toBe(w.oa.url);
      expect(new URL(handoffClaims(location).target as string).origin).toBe(w.oa.url);
    }
  });
});

describe("browser sign-in (OAuth2)", () => {
  async function authorize(client: EntryClient, userId: string, target = "") {
    const start = await client.get(`/h/${w.appKey}/oauth${target}`);
    expect(start.status).toBe(302);
    const url = new URL(start.headers.get("location") ?? "");
    url.searchParams.set("sandbox_user", userId);
    return (await fetch(url, { redirect: "manual" })).headers.get("location") ?? "";
  }

  test("the bridge sends the browser to WeLink's authorize page with a state bound to a cookie", async () => {
    const client = new EntryClient(w.h.app);
    const res = await client.get(`/h/${w.appKey}/oauth`);
    const url = new URL(res.headers.get("location") ?? "");
    expect(url.origin + url.pathname).toBe(`${w.sandbox.baseUrl}/sso/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: w.sandbox.app.clientId, response_type: "code", scope: "backendlogin", redirect_uri: `http://bridge.test/h/${w.appKey}/callback` });
    expect(url.searchParams.get("state")?.length).toBeGreaterThan(20);
    expect(res.headers.getSetCookie().join()).toMatch(/wlb_oauth=.*HttpOnly.*SameSite=Lax/i);
  });

  test("WeLink's code comes back with the state and the person lands in the OA on the requested page", async () => {
    const client = new EntryClient(w.h.app, "Mozilla/5.0 (Windows NT 10.0) Chrome/120 test-pc");
    const back = new URL(await authorize(client, person(0).welinkUserId!, "?target=/notice"));
    const res = await client.get(back.pathname + back.search);
    expect(res.status).toBe(303);
    const claims = handoffClaims(res.headers.get("location") ?? "");
    expect(claims).toMatchObject({ sub: person(0).id, target: `${w.oa.url}/notice` });
    expect(await lastLog(w)).toMatchObject({ reason: "OK", channel: "oauth2" });
    expect(await lastLog(w, "&device=test-pc")).toMatchObject({ channel: "oauth2" });
  });

  test("a callback whose state is not this browser's shows STATE_INVALID and spends nothing", async () => {
    const victim = new EntryClient(w.h.app);
    const back = new URL(await authorize(new EntryClient(w.h.app), person(1).welinkUserId!));
    const res = await victim.get(back.pathname + back.search);
    expect(res.status).toBe(400);
    expect(await codeOnPage(res)).toBe("STATE_INVALID");
    expect(await lastLog(w)).toMatchObject({ reason: "STATE_INVALID", channel: "oauth2" });
    const tampered = new EntryClient(w.h.app);
    const own = new URL(await authorize(tampered, person(1).welinkUserId!));
    own.searchParams.set("state", "another-state");
    expect((await tampered.get(own.pathname + own.search)).status).toBe(400);
  });
});
