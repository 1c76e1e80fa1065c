import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { registerApp } from "../../../src/sandbox/welink/sandbox.ts";
import { startSandbox, type RunningSandbox } from "../../helpers/sandbox.ts";
import { addUser, call } from "./phone-fixtures.ts";

let rs: RunningSandbox;
let now = Date.UTC(2024, 0, 8, 9, 0, 0);
const REDIRECT = "http://127.0.0.1:9/bridge/oauth/callback";

function authorizeUrl(params: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  const all = { client_id: rs.app.clientId, response_type: "code", redirect_uri: REDIRECT, scope: "backendlogin", state: "csrf-123", ...params };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) q.set(k, v);
  return `/sso/oauth2/authorize?${q}`;
}

/** Signs in as `userId` and returns the redirect target's query. */
async function signIn(userId: string, params: Record<string, string | undefined> = {}): Promise<URLSearchParams> {
  const r = await call(rs, "GET", authorizeUrl({ ...params, sandbox_user: userId }));
  expect(r.status).toBe(302);
  const location = new URL(r.headers.get("location")!);
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
  return location.searchParams;
}

async function exchange(fields: Record<string, string | undefined>, asQuery = false) {
  const form = new URLSearchParams();
  const all = { grant_type: "authorization_code", client_id: rs.app.clientId, client_secret: rs.app.clientSecret, redirect_uri: REDIRECT, ...fields };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) form.set(k, v);
  const res = asQuery ? await fetch(`${rs.baseUrl}/api/oauth2/v1/token?${form}`, { method: "POST" }) : await fetch(`${rs.baseUrl}/api/oauth2/v1/token`, { method: "POST", body: form });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

beforeAll(() => {
  rs = startSandbox({ now: () => now });
  addUser(rs.sb, "zhangsan@welink", { userNameCn: "张三" });
  addUser(rs.sb, "lisi@welink");
  rs.app.visible = { all: false, deptCodes: [], userIds: ["zhangsan@welink"] };
});
afterAll(() => rs.stop());

describe("browser OAuth2: authorize page", () => {
  test("without a chosen user it shows the sandbox login page listing the app's users", async () => {
    const r = await call(rs, "GET", authorizeUrl());
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toContain("text/html");
    expect(r.text).toContain('name="sandbox_user"');
    expect(r.text).toContain("zhangsan@welink");
    expect(r.text).not.toContain("lisi@welink"); // outside the visible range
    expect(r.text).toContain(`value="${REDIRECT}"`);
  });

  test("with sandbox_user it redirects to redirect_uri with a code and the state unchanged", async () => {
    const q = await signIn("zhangsan@welink");
    expect(q.get("code")).toBeTruthy();
    expect(q.get("state")).toBe("csrf-123");
  });

  test("a user outside the visible range gets the page again with an error (400)", async () => {
    const r = await call(rs, "GET", authorizeUrl({ sandbox_user: "lisi@welink" }));
    expect(r.status).toBe(400);
    expect(r.text).toContain("visible range");
  });

  test("an unknown client or a redirect_uri with a query string is refused on the page itself", async () => {
    expect((await call(rs, "GET", authorizeUrl({ client_id: "nope", sandbox_user: "zhangsan@welink" }))).status).toBe(400);
    const r = await call(rs, "GET", authorizeUrl({ redirect_uri: `${REDIRECT}?x=1`, sandbox_user: "zhangsan@welink" }));
    expect(r.status).toBe(400);
    expect(r.text).toContain("60019");
  });

  test("a wrong response_type or scope is sent back to redirect_uri as code 60013", async () => {
    for (const params of [{ response_type: "token" }, { scope: "openid" }]) {
      const r = await call(rs, "GET", authorizeUrl({ ...params, sandbox_user: "zhangsan@welink" }));
      expect(r.status).toBe(302);
      const q = new URL(r.headers.get("location")!).searchParams;
      expect(q.get("code")).toBe("60013");
      expect(q.get("state")).toBe("csrf-123");
    }
  });
});

describe("browser OAuth2: token", () => {
  test("form fields: 60001 with a user token; /api/auth/v1/userid names the user", async () => {
    const code = (await signIn("zhangsan@welink")).get("code")!;
    const r = await exchange({ code, state: "csrf-123" });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ code: "60001", token_type: "Bearer", expires_in: 7200, state: "csrf-123" });
    const who = await call(rs, "GET", "/api/auth/v1/userid", { token: r.json.access_token });
    expect(who.json).toMatchObject({ code: "0", userId: "zhangsan@welink", tenantId: rs.sb.settings.tenantId });
    expect(rs.sb.tokens.get(r.json.access_token)?.userId).toBe("zhangsan@welink");
    expect(rs.sb.calls.find((e) => e.path === "/api/oauth2/v1/token")).toMatchObject({ httpStatus: 200, code: "60001", clientId: rs.app.clientId });
  });

  test("query parameters work too, and a code is single use (60008 the second time, HTTP 400)", async () => {
    const code = (await signIn("zhangsan@welink")).get("code")!;
    expect((await exchange({ code }, true)).json.code).toBe("60001");
    const again = await exchange({ code });
    expect(again.status).toBe(400);
    expect(again.json).toEqual({ code: "60008", message: "code is invalid" });
  });

  test("a code older than 5 minutes is 60007", async () => {
    const code = (await signIn("zhangsan@welink")).get("code")!;
    now += 301_000;
    expect((await exchange({ code })).json.code).toBe("60007");
  });

  test("another client's code, or a different redirect_uri, is 60008", async () => {
    const code = (await signIn("zhangsan@welink")).get("code")!;
    const other = registerApp(rs.sb, { clientId: "other-oauth", clientSecret: "other-secret" });
    expect((await exchange({ code, client_id: other.clientId, client_secret: other.clientSecret })).json.code).toBe("60008");
    expect((await exchange({ code, redirect_uri: "http://127.0.0.1:9/elsewhere" })).json.code).toBe("60008");
    expect((await exchange({ code: "made-up" })).json.code).toBe("60008");
  });

  test("parameter errors: 60013 grant_type, 60003 empty code, 60002 long code, 60004/60005/60006 long fields", async () => {
    const long = (n: number) => "x".repeat(n);
    expect((await exchange({ code: "c", grant_type: "client_credentials" })).json.code).toBe("60013");
    expect((await exchange({ code: undefined })).json.code).toBe("60003");
    expect((await exchange({ code: long(2001) })).json.code).toBe("60002");
    expect((await exchange({ code: "c", client_id: long(256) })).json.code).toBe("60004");
    expect((await exchange({ code: "c", client_secret: long(256) })).json.code).toBe("60005");
    expect((await exchange({ code: "c", state: long(256) })).json.code).toBe("60006");
  });

  test("a JSON body is not read (parameters are form fields or query parameters)", async () => {
    const code = (await signIn("zhangsan@welink")).get("code")!;
    const r = await call(rs, "POST", "/api/oauth2/v1/token", { body: { grant_type: "authorization_code", code, client_id: rs.app.clientId, client_secret: rs.app.clientSecret } });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe("60013");
  });

  test("wrong secrets are 60010, and after the limit the client id is locked (60009) for 15 minutes", async () => {
    const code = (await signIn("zhangsan@welink")).get("code")!;
    for (let i = 0; i < rs.sb.settings.maxWrongSecrets; i++) expect((await exchange({ code, client_secret: "wrong" })).json.code).toBe("60010");
    expect((await exchange({ code })).json.code).toBe("60009");
    now += 15 * 60_000 + 1000;
    const fresh = (await signIn("zhangsan@welink")).get("code")!;
    expect((await exchange({ code: fresh })).json.code).toBe("60001");
  });
});
