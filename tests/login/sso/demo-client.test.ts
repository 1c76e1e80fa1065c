import { afterAll, beforeAll, describe, expect, test } from "bun:test";
// The world first: it loads the harness (and @hono/zod-openapi) before feature modules.
import { type SsoWorld, startSsoWorld } from "./support.ts";

/** The demo OA's CAS and OIDC clients against the real bridge, over HTTP, without a browser: where they go and what they refuse. */

const get = (url: string, cookie = "") => fetch(url, { redirect: "manual", headers: cookie ? { cookie } : {} });

describe("the demo OA as a CAS client of the bridge", () => {
  let w: SsoWorld;
  beforeAll(async () => void (w = await startSsoWorld("cas")), 30_000);
  afterAll(() => w?.stop());

  test("a signed-out page goes to the bridge's CAS login with this OA's service URL for that page; a foreign next stays on the OA", async () => {
    const todo = await get(`${w.oa.url}/todo`);
    expect(todo.status).toBe(303);
    expect(todo.headers.get("location")).toBe("/sso/start?next=%2Ftodo");
    const start = await get(`${w.oa.url}/sso/start?next=%2Ftodo`);
    const login = new URL(start.headers.get("location")!);
    expect(`${login.origin}${login.pathname}`).toBe(`${w.base}/cas/login`);
    expect(login.searchParams.get("service")).toBe(`${w.oa.url}/sso/cas?next=%2Ftodo`);
    const evil = new URL((await get(`${w.oa.url}/sso/start?next=%2F%2Fevil.example%2F`)).headers.get("location")!);
    expect(evil.searchParams.get("service")).toBe(`${w.oa.url}/sso/cas?next=%2F`);
  });

  test("a forged ticket is refused by the bridge's validation, and no session starts", async () => {
    const res = await get(`${w.oa.url}/sso/cas?next=%2Ftodo&ticket=ST-forged`);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain("INVALID_TICKET");
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  test("a logout request naming an unknown ticket ends nothing; one that is not XML is ignored", async () => {
    const before = w.oa.state.sessions.size;
    for (const body of ['<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><samlp:SessionIndex>ST-nobody</samlp:SessionIndex></samlp:LogoutRequest>', "not xml <"]) {
      const res = await fetch(`${w.oa.url}/sso/cas`, { method: "POST", body: new URLSearchParams({ logoutRequest: body }) });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("no such session");
    }
    expect(w.oa.state.sessions.size).toBe(before);
  });
});

describe("the demo OA as an OpenID Connect client of the bridge", () => {
  let w: SsoWorld;
  beforeAll(async () => void (w = await startSsoWorld("oidc")), 30_000);
  afterAll(() => w?.stop());

  test("a signed-out page goes to the bridge's authorize with PKCE S256, state and nonce, and a pending cookie for this browser", async () => {
    const start = await get(`${w.oa.url}/sso/start?next=%2Fnotice`);
    const to = new URL(start.headers.get("location")!);
    expect(`${to.origin}${to.pathname}`).toBe(`${w.base}/oidc/authorize`);
    expect(to.searchParams.get("code_challenge_method")).toBe("S256");
    expect(to.searchParams.get("redirect_uri")).toBe(`${w.oa.url}/sso/oidc/callback`);
    for (const k of ["state", "nonce", "code_challenge", "client_id"]) expect(to.searchParams.get(k)?.length).toBeGreaterThan(10);
    expect(start.headers.getSetCookie().join()).toMatch(/^demo_oa_oidc=[^;]+; Max-Age=600; Path=\/sso\/oidc\/callback; HttpOnly; SameSite=Lax/);
  });

  test("a callback from another browser (no pending cookie) or with a wrong state starts no session", async () => {
    const start = await get(`${w.oa.url}/sso/start?next=%2F`);
    const cookie = start.headers.getSetCookie()[0]!.split(";")[0]!;
    expect((await get(`${w.oa.url}/sso/oidc/callback?code=x&state=y`)).status).toBe(401);
    const wrong = await get(`${w.oa.url}/sso/oidc/callback?code=x&state=not-the-state`, cookie);
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("OpenID Connect");
    expect(wrong.headers.getSetCookie().some((c) => c.startsWith("demo_oa_session="))).toBe(false);
  });
});
