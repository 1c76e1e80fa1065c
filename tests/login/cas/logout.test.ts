import { afterEach, describe, expect, test } from "bun:test";
import { backChannel, casWorld, type CasWorld } from "./support.ts";

let w: CasWorld | undefined;
let channel: ReturnType<typeof backChannel> | undefined;
afterEach(() => {
  w?.h.close();
  channel?.stop();
  w = undefined;
  channel = undefined;
});

/** The loopback back channel of this test, stopped after it. */
const listen = () => (channel = backChannel());

describe("CAS /logout and single logout", () => {
  test("ends the session, POSTs the SAML LogoutRequest naming each ticket to its service, then follows a registered service", async () => {
    const bc = listen();
    w = await casWorld({ slo: bc.prefix });
    const cookie = await w.signIn();
    const service = `${bc.prefix}home`;
    const tickets = [];
    for (let i = 0; i < 2; i++) tickets.push(w.ticketOf(await w.login({ service }, cookie)));
    expect(await (await w.validate("serviceValidate", { service, ticket: tickets[0]! })).text()).toContain("zhang.san");
    const out = await w.get(`/t/default/cas/logout?${new URLSearchParams({ service })}`, cookie);
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe(service);
    expect(bc.posts).toHaveLength(2);
    for (const p of bc.posts) {
      expect(p.path).toBe("/app/home");
      expect(p.type).toContain("application/x-www-form-urlencoded");
      expect(p.logoutRequest).toMatch(/^<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" [^>]*ID="LR-[^"]+" Version="2.0" IssueInstant="2026-12-05T08:00:00.000Z">/);
      expect(p.logoutRequest).toContain("<saml:NameID>zhang.san</saml:NameID>");
    }
    const indexes = bc.posts.map((p) => /<samlp:SessionIndex>(ST-[0-9a-f]+)<\/samlp:SessionIndex>/.exec(p.logoutRequest!)?.[1]).sort();
    expect(indexes).toEqual([...tickets].sort());
    // The session is over: /login sends the browser to sign in again, and its tickets are gone.
    expect(new URL((await w.login({ service }, cookie)).headers.get("location")!, "http://bridge").pathname).toBe("/t/default/signin");
    expect((await w.h.deps.database.client.execute("SELECT count(*) AS n FROM cas_tickets")).rows[0]!.n).toBe(0);
  });

  test("an unregistered service after logout gets the signed-out page; a service without single logout gets no request", async () => {
    const bc = listen();
    w = await casWorld({ slo: bc.prefix });
    expect((await w.h.call("PATCH", `/api/v1/sso/cas/services/${w.service.id}`, { tenant: "default", body: { singleLogout: false } })).status).toBe(200);
    const cookie = await w.signIn();
    w.ticketOf(await w.login({ service: `${bc.prefix}x` }, cookie));
    const out = await w.get(`/t/default/cas/logout?service=${encodeURIComponent("https://evil.example.com/")}`, cookie);
    expect(out.status).toBe(200);
    expect(out.headers.get("location")).toBeNull();
    expect(await out.text()).toContain("已退出登录");
    expect(bc.posts).toHaveLength(0);
    expect(out.headers.get("set-cookie")).toMatch(/wlb_session=;/);
  });

  test("a back channel that does not answer does not stop the logout", async () => {
    w = await casWorld({ slo: "http://127.0.0.1:9/app/" });
    const cookie = await w.signIn();
    w.ticketOf(await w.login({ service: "http://127.0.0.1:9/app/" }, cookie));
    const out = await w.get("/t/default/cas/logout", cookie);
    expect(out.status).toBe(200);
    expect(await out.text()).toContain("已退出登录");
  });
  test("an admin's revocation (DELETE /api/v1/sso/sessions/{id}) sends the same single logout as /logout", async () => {
    const bc = listen();
    w = await casWorld({ slo: bc.prefix });
    const cookie = await w.signIn();
    const service = `${bc.prefix}home`;
    const ticket = w.ticketOf(await w.login({ service }, cookie));
    expect(await (await w.validate("serviceValidate", { service, ticket })).text()).toContain("zhang.san");
    const { items } = (await (await w.h.call("GET", "/api/v1/sso/sessions", { tenant: "default" })).json()) as { items: { id: string }[] };
    expect(items).toHaveLength(1);
    expect((await w.h.call("DELETE", `/api/v1/sso/sessions/${items[0]!.id}`, { tenant: "default" })).status).toBe(200);
    expect(bc.posts).toHaveLength(1);
    expect(bc.posts[0]!.path).toBe("/app/home");
    expect(bc.posts[0]!.logoutRequest).toContain(`<samlp:SessionIndex>${ticket}</samlp:SessionIndex>`);
    expect(bc.posts[0]!.logoutRequest).toContain("<saml:NameID>zhang.san</saml:NameID>");
    expect((await w.h.deps.database.client.execute("SELECT count(*) AS n FROM cas_tickets")).rows[0]!.n).toBe(0);
    // Revoking again is a 404 and sends nothing more; the browser must sign in again.
    expect((await w.h.call("DELETE", `/api/v1/sso/sessions/${items[0]!.id}`, { tenant: "default" })).status).toBe(404);
    expect(bc.posts).toHaveLength(1);
    expect(new URL((await w.login({ service }, cookie)).headers.get("location")!, "http://b").pathname).toBe("/t/default/signin");
  });
});
