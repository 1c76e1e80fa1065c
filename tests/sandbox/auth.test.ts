import { afterEach, describe, expect, test } from "bun:test";
import { mintAuthCode } from "../../src/sandbox/welink/auth.ts";
import { registerApp } from "../../src/sandbox/welink/sandbox.ts";
import type { RunningSandbox } from "../helpers/sandbox.ts";
import { appToken, call, frozenClock, get, startWithOrg } from "./support.ts";

let s: RunningSandbox;
afterEach(() => s?.stop());

const tickets = (body: unknown, version = 2) => call(s.baseUrl, "POST", `/api/auth/v${version}/tickets`, { body });
const creds = () => ({ client_id: s.app.clientId, client_secret: s.app.clientSecret });
const wrong = () => ({ client_id: s.app.clientId, client_secret: "not-the-secret" });
const someUser = () => [...s.sb.org.users.keys()][0]!;

describe("POST /api/auth/v2/tickets", () => {
  test("issues an opaque token with expires_in 7200 and string code \"0\"", async () => {
    s = startWithOrg();
    const r = await tickets(creds());
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ code: "0", message: "ok", expires_in: 7200 });
    expect(typeof r.body.access_token).toBe("string");
    expect(r.body.access_token.length).toBeGreaterThan(20);
  });

  test("expires_in follows the configured lifetime", async () => {
    s = startWithOrg({}, { settings: { tokenTtlSeconds: 60 } });
    expect((await tickets(creds())).body.expires_in).toBe(60);
  });

  test("answers 41579 / 41580 / 10007 with HTTP 200", async () => {
    s = startWithOrg();
    expect(await tickets({ client_secret: "x" })).toEqual({ status: 200, body: expect.objectContaining({ code: "41579" }) });
    expect((await tickets({ client_id: s.app.clientId })).body.code).toBe("41580");
    expect((await tickets(wrong())).body.code).toBe("10007");
    expect((await tickets({ client_id: "nobody", client_secret: "x" })).body.code).toBe("10007");
  });

  test("a token stops working once it expires (47101)", async () => {
    const clock = frozenClock();
    s = startWithOrg({}, { now: clock.now, settings: { tokenTtlSeconds: 100 } });
    const token = await appToken(s);
    expect((await get(s, token, "/api/contact/v1/department/list", { deptCode: "0" })).body.code).toBe("0");
    clock.advance(99_000);
    expect((await get(s, token, "/api/contact/v1/department/list", { deptCode: "0" })).body.code).toBe("0");
    clock.advance(1_000);
    expect((await get(s, token, "/api/contact/v1/department/list", { deptCode: "0" })).body.code).toBe("47101");
  });

  test("an unknown or missing token is 47101", async () => {
    s = startWithOrg();
    expect((await get(s, "made-up", "/api/contact/v1/department/list", { deptCode: "0" })).body.code).toBe("47101");
    expect((await call(s.baseUrl, "GET", "/api/contact/v1/department/list?deptCode=0")).body.code).toBe("47101");
  });
});

describe("41403 lock-out", () => {
  test("locks the client id after 5 wrong secrets, refusing even the right one, until the lock ends", async () => {
    const clock = frozenClock();
    s = startWithOrg({}, { now: clock.now });
    for (let i = 0; i < 5; i++) expect((await tickets(wrong())).body.code).toBe("10007");
    expect((await tickets(creds())).body.code).toBe("41403");
    expect((await tickets(wrong())).body.code).toBe("41403");
    clock.advance(10 * 60_000);
    expect((await tickets(creds())).body.code).toBe("0");
  });

  test("successful calls are not counted: 4 wrong, many right, still open; the 5th wrong locks", async () => {
    s = startWithOrg();
    for (let i = 0; i < 4; i++) await tickets(wrong());
    for (let i = 0; i < 10; i++) expect((await tickets(creds())).body.code).toBe("0");
    expect((await tickets(wrong())).body.code).toBe("10007");
    expect((await tickets(creds())).body.code).toBe("41403");
  });

  test("only wrong secrets within 10 minutes count", async () => {
    const clock = frozenClock();
    s = startWithOrg({}, { now: clock.now });
    for (let i = 0; i < 4; i++) await tickets(wrong());
    clock.advance(10 * 60_000 + 1);
    for (let i = 0; i < 4; i++) await tickets(wrong());
    expect((await tickets(creds())).body.code).toBe("0");
  });

  test("the lock is per client id: another app is unaffected, and v1 tickets share the count", async () => {
    s = startWithOrg();
    const other = registerApp(s.sb, { clientId: "other", clientSecret: "other-secret" });
    for (let i = 0; i < 5; i++) await tickets({ ...wrong(), type: "e" }, 1);
    expect((await tickets(creds())).body.code).toBe("41403");
    expect((await tickets({ client_id: other.clientId, client_secret: other.clientSecret })).body.code).toBe("0");
  });
});

describe("POST /api/auth/v1/tickets", () => {
  test("type e issues an app token", async () => {
    s = startWithOrg();
    const r = await tickets({ ...creds(), type: "e" }, 1);
    expect(r.body).toMatchObject({ code: "0", expires_in: 7200 });
  });

  test("type u with a free-login code issues a user token that /auth/v1/userid names", async () => {
    s = startWithOrg();
    const userId = someUser();
    const code = mintAuthCode(s.sb, s.app.clientId, userId);
    const r = await tickets({ ...creds(), type: "u", code }, 1);
    expect(r.body.code).toBe("0");
    const who = await get(s, r.body.access_token, "/api/auth/v1/userid");
    expect(who.body).toEqual({ code: "0", message: "ok", userId, tenantId: "sandbox-tenant" });
  });

  test("type u: 41501 without a code, 41504 on reuse; a bad type is 41502; an app token has no user (41500)", async () => {
    s = startWithOrg();
    expect((await tickets({ ...creds(), type: "u" }, 1)).body.code).toBe("41501");
    const code = mintAuthCode(s.sb, s.app.clientId, someUser());
    expect((await tickets({ ...creds(), type: "u", code }, 1)).body.code).toBe("0");
    expect((await tickets({ ...creds(), type: "u", code }, 1)).body.code).toBe("41504");
    expect((await tickets({ ...creds(), type: "x" }, 1)).body.code).toBe("41502");
    expect((await get(s, await appToken(s), "/api/auth/v1/userid")).body.code).toBe("41500");
  });

  test("credential errors are the v2 ones", async () => {
    s = startWithOrg();
    expect((await tickets({ type: "e" }, 1)).body.code).toBe("41579");
    expect((await tickets({ ...wrong(), type: "e" }, 1)).body.code).toBe("10007");
  });
});

describe("GET /api/auth/v2/userid (free login)", () => {
  test("a code minted through /_sandbox/codes names the person and the tenant", async () => {
    s = startWithOrg({}, { settings: { tenantId: "t-42" } });
    const userId = someUser();
    const minted = await call(s.baseUrl, "POST", "/_sandbox/codes", { body: { clientId: s.app.clientId, userId } });
    expect(minted.body.expiresIn).toBe(120);
    const r = await get(s, await appToken(s), "/api/auth/v2/userid", { code: minted.body.code });
    expect(r.body).toEqual({ code: "0", message: "ok", userId, tenantId: "t-42" });
  });

  test("a code works once (41504)", async () => {
    s = startWithOrg();
    const token = await appToken(s);
    const code = mintAuthCode(s.sb, s.app.clientId, someUser());
    expect((await get(s, token, "/api/auth/v2/userid", { code })).body.code).toBe("0");
    expect((await get(s, token, "/api/auth/v2/userid", { code })).body.code).toBe("41504");
  });

  test("a code lives 120 s (41503 after)", async () => {
    const clock = frozenClock();
    s = startWithOrg({}, { now: clock.now });
    const token = await appToken(s);
    const early = mintAuthCode(s.sb, s.app.clientId, someUser());
    const late = mintAuthCode(s.sb, s.app.clientId, someUser());
    clock.advance(119_999);
    expect((await get(s, token, "/api/auth/v2/userid", { code: early })).body.code).toBe("0");
    clock.advance(1);
    expect((await get(s, token, "/api/auth/v2/userid", { code: late })).body.code).toBe("41503");
  });

  test("unknown codes and another app's codes are 41502; a missing code is 41501", async () => {
    s = startWithOrg();
    registerApp(s.sb, { clientId: "other", clientSecret: "other-secret" });
    const token = await appToken(s);
    const others = mintAuthCode(s.sb, "other", someUser());
    expect((await get(s, token, "/api/auth/v2/userid", { code: others })).body.code).toBe("41502");
    expect((await get(s, token, "/api/auth/v2/userid", { code: "nope" })).body.code).toBe("41502");
    expect((await get(s, token, "/api/auth/v2/userid")).body.code).toBe("41501");
  });

  test("invalidating all tokens through /_sandbox/faults makes every token 47101", async () => {
    s = startWithOrg();
    const token = await appToken(s);
    await call(s.baseUrl, "POST", "/_sandbox/faults", { body: { invalidateTokens: true } });
    expect((await get(s, token, "/api/auth/v2/userid", { code: "x" })).body.code).toBe("47101");
    expect((await get(s, await appToken(s), "/api/auth/v2/userid", { code: "x" })).body.code).toBe("41502");
  });
});
