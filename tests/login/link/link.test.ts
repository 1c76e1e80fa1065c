import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD } from "../../helpers/harness.ts";
import { signedIn } from "../../helpers/admin-client.ts";
import { messageLinks } from "../../../src/login/link/link.ts";
import type { OaPerson } from "../../../src/sandbox/oa/model.ts";
import { EntryClient, handoffClaims, lastLog, phoneCode, TENANT } from "../entry/support.ts";
import { completed, type LinkWorld, PC_UA, pathOf, proveAt, setMethod, startLinkWorld } from "./support.ts";

let w: LinkWorld;
let recipient: OaPerson;
let opener: OaPerson;
let link: string;
let target: string;

beforeAll(async () => {
  w = await startLinkWorld();
  [recipient, opener] = [w.people[0]!, w.people[1]!];
  target = `${w.oa.url}/todo/AP-7?tab=flow`;
  await w.push({ externalId: "AP-7", to: [recipient], url: target });
  link = (await w.todoOf(recipient, "AP-7")).detailsUrl!;
});
afterAll(() => w?.stop());

const cookieOf = (res: Response) => res.headers.getSetCookie().find((l) => l.startsWith("wlb_session="));

describe("pushed links", () => {
  test("a pushed todo's mobile and PC links in WeLink are /t/{slug}/go links; the message keeps the OA's own URL", async () => {
    expect(link.startsWith(`http://bridge.test/t/${TENANT}/go/v1.`)).toBe(true);
    const todo = await w.todoOf(recipient, "AP-7");
    expect(todo.detailsUrlPc!.startsWith(`http://bridge.test/t/${TENANT}/go/v1.`)).toBe(true);
    expect(link).not.toContain("AP-7");
    const rs = await w.h.deps.database.client.execute({ sql: "SELECT mobile_url, pc_url FROM messages WHERE external_id = 'AP-7'", args: [] });
    expect(rs.rows[0]).toMatchObject({ mobile_url: target, pc_url: target });
  });

  test("the admin's message page shows where the links go (the OA's URL), in both languages", async () => {
    const id = String((await w.h.deps.database.client.execute("SELECT id FROM messages WHERE external_id = 'AP-7'")).rows[0]![0]);
    const admin = await signedIn(w.h.app, "admin", ADMIN_PASSWORD);
    const page = await admin.getText(`/admin/push/messages/${id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`href="${target.replace("&", "&amp;")}"`);
    expect(page.html).toContain("OA 页面的链接推送到 WeLink 时换成桥接的登录链接");
    expect(page.html).not.toContain("/go/v1.");
  });

  test("a pushed card's links are bridge links too; a link outside the OA is sent as the OA gave it", async () => {
    await w.push({ source: "notice", externalId: "NT-1", to: [opener], url: `${w.oa.url}/notice/1` });
    const [card] = await w.cardsOf(opener);
    expect(card!.urlPath!.startsWith(`http://bridge.test/t/${TENANT}/go/v1.`)).toBe(true);
    expect(card!.desktopUrlPath!.startsWith(`http://bridge.test/t/${TENANT}/go/v1.`)).toBe(true);
    await w.push({ source: "notice", externalId: "NT-2", to: [opener], url: "https://elsewhere.example/notice/2" });
    const cards = await w.cardsOf(opener);
    expect(cards).toHaveLength(2);
    expect(cards.filter((c) => c.urlPath === "https://elsewhere.example/notice/2" && c.desktopUrlPath === c.urlPath)).toHaveLength(1);
  });

  test("a link outside the OA is sent as the OA gave it (nothing to sign in to, never a bridge redirect)", async () => {
    const rewrite = await messageLinks(w.h.deps, { tenantId: w.tenantId, corpId: w.corpId, appId: w.appId });
    expect(await rewrite("https://elsewhere.example/x")).toBe("https://elsewhere.example/x");
    expect(await rewrite(null)).toBeNull();
    expect((await rewrite(`${w.oa.url}/notice/1`))!.startsWith("http://bridge.test/t/default/go/")).toBe(true);
  });
});

describe("opening a link inside WeLink", () => {
  test("another WeLink person opening the recipient's link is signed in as themselves, on the todo (handoff)", async () => {
    const phone = new EntryClient(w.h.app);
    const go = await phone.get(pathOf(link));
    expect(go.status).toBe(303);
    const home = go.headers.get("location")!;
    expect(home).toBe(`/h/${w.appKey}?target=${encodeURIComponent(target)}`);
    const landed = await proveAt(w, phone, home, await phoneCode(w, opener));
    expect(landed.status).toBe(303);
    const sso = landed.headers.get("location")!;
    expect(sso.startsWith(`${w.oa.url}/sso/welink-bridge?token=`)).toBe(true);
    expect(handoffClaims(sso)).toMatchObject({ sub: opener.id, target });
    expect(await lastLog(w)).toMatchObject({ result: "ok", channel: "welink", welinkUserId: opener.welinkUserId, oaUserId: opener.id, appId: w.appId });
  });

  test("a session already in the webview is never used: the link always asks WeLink who is holding the phone", async () => {
    await setMethod(w, "cas");
    try {
      const phone = new EntryClient(w.h.app);
      const first = await proveAt(w, phone, (await phone.get(pathOf(link))).headers.get("location")!, await phoneCode(w, recipient));
      expect(first.headers.get("location")).toBe(target);
      expect(phone.jar.has("wlb_session")).toBe(true);
      const again = await phone.get(pathOf(link));
      expect(again.status).toBe(303);
      expect(again.headers.get("location")!.startsWith(`/h/${w.appKey}?target=`)).toBe(true);
    } finally {
      await setMethod(w, "handoff");
    }
  });

  test("CAS: the opener lands straight on the todo with a session that CAS /login turns into a ticket for them", async () => {
    await setMethod(w, "cas");
    try {
      const service = `${w.oa.url}/cas-client/`;
      const created = await w.h.call("POST", "/api/v1/sso/cas/services", { tenant: TENANT, body: { name: "OA", urlPrefix: service } });
      expect(created.status).toBe(201);
      const phone = new EntryClient(w.h.app);
      const landed = await proveAt(w, phone, (await phone.get(pathOf(link))).headers.get("location")!, await phoneCode(w, opener));
      expect(landed.status).toBe(303);
      expect(landed.headers.get("location")).toBe(target);
      expect(cookieOf(landed)).toContain(`Path=/t/${TENANT}/`);
      const login = await phone.get(`/t/${TENANT}/cas/login?service=${encodeURIComponent(service)}`);
      const ticket = new URL(login.headers.get("location")!).searchParams.get("ticket")!;
      expect(ticket).toStartWith("ST-");
      const valid = await (await w.h.app.request(`/t/${TENANT}/cas/serviceValidate?service=${encodeURIComponent(service)}&ticket=${ticket}`)).text();
      expect(valid).toContain(`<cas:user>${opener.loginName}</cas:user>`);
    } finally {
      await setMethod(w, "handoff");
    }
  });
});

describe("opening a link in a PC browser", () => {
  test("without a session it goes to the sign-in page, which returns to the link", async () => {
    const res = await new EntryClient(w.h.app, PC_UA).get(pathOf(link));
    expect(res.status).toBe(303);
    const signin = new URL(res.headers.get("location")!, "http://bridge.test");
    expect(signin.pathname).toBe(`/t/${TENANT}/signin`);
    expect(signin.searchParams.get("return")).toBe(pathOf(link));
    // Scan login is off in this world: the sign-in page goes on to WeLink's OAuth2 page, the link as its target.
    const page = await new EntryClient(w.h.app, PC_UA).get(pathOf(signin.href));
    expect(page.status).toBe(303);
    expect(page.headers.get("location")).toBe(`/h/${w.appKey}/oauth?target=${encodeURIComponent(link)}`);
  });

  test("WeLink's OAuth2 page on the PC proves the person, the session starts and the link lands them on the todo", async () => {
    const pc = new EntryClient(w.h.app, PC_UA);
    const signin = (await pc.get(pathOf(link))).headers.get("location")!;
    const start = await pc.get((await pc.get(signin)).headers.get("location")!);
    const authorize = new URL(start.headers.get("location")!);
    authorize.searchParams.set("sandbox_user", opener.welinkUserId!);
    const callback = new URL((await fetch(authorize, { redirect: "manual" })).headers.get("location")!);
    const back = await completed(pc, await pc.get(pathOf(callback.href)));
    expect(back.status).toBe(303);
    expect(back.headers.get("location")).toBe(link);
    const landed = await pc.get(pathOf(link));
    expect(landed.status).toBe(303);
    expect(handoffClaims(landed.headers.get("location")!)).toMatchObject({ sub: opener.id, target });
    expect(await lastLog(w)).toMatchObject({ result: "ok", channel: "oauth2", oaUserId: opener.id });
  });

  test("with a session it hands the session's person off to the todo (handoff), or goes straight there (OIDC)", async () => {
    await setMethod(w, "cas");
    const phone = new EntryClient(w.h.app);
    await proveAt(w, phone, `/h/${w.appKey}`, await phoneCode(w, opener));
    await setMethod(w, "handoff");
    const pc = new EntryClient(w.h.app, PC_UA);
    pc.jar.set("wlb_session", phone.jar.get("wlb_session")!);
    const res = await pc.get(pathOf(link));
    expect(res.status).toBe(303);
    expect(handoffClaims(res.headers.get("location")!)).toMatchObject({ sub: opener.id, target });
    expect(await lastLog(w)).toMatchObject({ result: "ok", reason: "OK", oaUserId: opener.id, welinkUserId: opener.welinkUserId });
    await setMethod(w, "oidc");
    try {
      expect((await pc.get(pathOf(link))).headers.get("location")).toBe(target);
    } finally {
      await setMethod(w, "handoff");
    }
  });
});

describe("the homepage follows the tenant's method", () => {
  test("CAS: the homepage starts a session and lands on the app's OA page, no handoff token", async () => {
    await setMethod(w, "cas");
    try {
      const phone = new EntryClient(w.h.app);
      const res = await proveAt(w, phone, `/h/${w.appKey}`, await phoneCode(w, recipient));
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`${w.oa.url}/`);
      expect(cookieOf(res)).toContain("HttpOnly");
      const sessions = await (await w.h.call("GET", `/api/v1/sso/sessions?welinkUserId=${encodeURIComponent(recipient.welinkUserId!)}`, { tenant: TENANT })).json();
      expect((sessions as { items: { oaUserId: string }[] }).items[0]).toMatchObject({ oaUserId: recipient.id });
      // A target off the OA is ignored: the app's own page, never elsewhere.
      const off = await proveAt(w, new EntryClient(w.h.app), `/h/${w.appKey}?target=${encodeURIComponent("https://evil.example/")}`, await phoneCode(w, recipient));
      expect(off.headers.get("location")).toBe(`${w.oa.url}/`);
    } finally {
      await setMethod(w, "handoff");
    }
  });

  test("handoff (the default) still hands a JWT to the OA's SSO URL", async () => {
    const res = await proveAt(w, new EntryClient(w.h.app), `/h/${w.appKey}`, await phoneCode(w, recipient));
    expect(res.headers.get("location")!.startsWith(`${w.oa.url}/sso/welink-bridge?token=`)).toBe(true);
    expect(cookieOf(res)).toBeUndefined();
  });
});
