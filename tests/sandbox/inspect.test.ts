import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import type { RunningSandbox } from "../helpers/sandbox.ts";
import { appToken, call, frozenClock, get, startWithOrg } from "./support.ts";

let s: RunningSandbox;
let clock: ReturnType<typeof frozenClock>;
beforeEach(() => {
  clock = frozenClock();
  s = startWithOrg({ seed: 4, users: 50, depts: 10 }, { now: clock.now });
});
afterEach(() => s.stop());

const inspect = (method: string, path: string, body?: unknown) => call(s.baseUrl, method, `/_sandbox${path}`, body === undefined ? {} : { body });
const deptList = (token: string) => get(s, token, "/api/contact/v1/department/list", { deptCode: "0" });

describe("/_sandbox/state and the console's users and departments", () => {
  test("state summarises the tenant, apps, tokens, faults and settings", async () => {
    await appToken(s);
    const r = await inspect("GET", "/state");
    expect(r.body).toMatchObject({ tenantId: "sandbox-tenant", users: 50, depts: 10, liveTokens: 1, faults: { hasMoreStuck: false } });
    expect(r.body.apps[0]).toMatchObject({ clientId: "test-client", permissions: ["auth", "contact-read", "contact-sync", "todo", "message"], visible: { all: true } });
  });

  test("users: create (201), duplicate mobile (409 with the WeLink code), read, update, close, delete", async () => {
    const dept = [...s.sb.org.depts.values()][0]!;
    const body = { corpUserId: "IU1", userNameCn: "控制台", userNameEn: "Console User", mobileNumber: "+86-19912345678", deptCodes: [dept.deptCode] };
    const created = await inspect("POST", "/users", body);
    expect(created.status).toBe(201);
    const userId = created.body.userId as string;
    expect(created.body).toMatchObject({ corpUserId: "IU1", mainDeptCode: dept.deptCode });
    expect(await inspect("POST", "/users", { ...body, corpUserId: "IU2" })).toMatchObject({ status: 409, body: { code: "47009" } });
    expect((await inspect("GET", `/users/${userId}`)).body.userNameCn).toBe("控制台");
    expect((await inspect("PATCH", `/users/${userId}`, { position: "顾问", userStatus: 1 })).body).toMatchObject({ position: "顾问", userStatus: 1 });
    expect((await inspect("GET", `/users?deptCode=${dept.deptCode}&q=console`)).body).toMatchObject({ total: 1, users: [{ userId }] });
    expect((await inspect("DELETE", `/users/${userId}?close=1`)).status).toBe(200);
    expect(s.sb.org.users.get(userId)?.userStatus).toBe(4);
    expect((await inspect("DELETE", `/users/${userId}`)).status).toBe(200);
    expect((await inspect("GET", `/users/${userId}`)).status).toBe(404);
  });

  test("departments: create, list children, refuse deleting a non-empty one (409), force deletes the branch", async () => {
    const top = (await inspect("POST", "/depts", { corpDeptCode: "ID1", deptNameCn: "控制台部" })).body;
    await inspect("POST", "/depts", { corpDeptCode: "ID2", corpParentCode: "ID1", deptNameCn: "子部" });
    expect((await inspect("GET", `/depts?parentCode=${top.deptCode}`)).body).toMatchObject({ total: 1, depts: [{ corpDeptCode: "ID2" }] });
    expect((await inspect("GET", `/depts/${top.deptCode}`)).body).toMatchObject({ childCount: 1, memberCount: 0 });
    expect(await inspect("PATCH", `/depts/${top.deptCode}`, { parentCode: s.sb.org.deptByCorpCode("ID2")!.deptCode })).toMatchObject({ status: 409, body: { code: "47011" } });
    expect((await inspect("DELETE", `/depts/${top.deptCode}`)).status).toBe(409);
    expect((await inspect("DELETE", `/depts/${top.deptCode}?force=1`)).status).toBe(200);
    expect(s.sb.org.deptByCorpCode("ID2")).toBeUndefined();
    expect(s.sb.settings.refuseNonEmptyDeptDelete).toBe(true);
  });

  test("POST /_sandbox/generate replaces the organisation", async () => {
    const r = await inspect("POST", "/generate", { seed: 9, users: 120, depts: 20 });
    expect(r.body).toMatchObject({ users: 120, depts: 20 });
    expect(s.sb.org.users.size).toBe(120);
  });
});

describe("apps and codes", () => {
  test("registers an app and changes its visible range", async () => {
    const app = await inspect("POST", "/apps", { clientId: "app2", clientSecret: "s2", permissions: ["auth", "contact-read"] });
    expect(app).toMatchObject({ status: 201, body: { clientId: "app2", permissions: ["auth", "contact-read"], visible: { all: true } } });
    expect((await inspect("POST", "/apps", { clientId: "app2" })).status).toBe(409);
    const top = [...s.sb.org.sortedChildren("0")][0]!;
    expect((await inspect("PUT", "/apps/app2/visible", { deptCodes: [top.deptCode] })).body.visible).toEqual({ all: false, deptCodes: [top.deptCode], userIds: [] });
    expect((await inspect("PATCH", "/apps/app2", { visible: { all: true }, name: "Renamed" })).body).toMatchObject({ name: "Renamed", visible: { all: true } });
    expect((await inspect("PUT", "/apps/nope/visible", { all: true })).status).toBe(404);
  });

  test("POST /_sandbox/codes needs a known app and user", async () => {
    expect((await inspect("POST", "/codes", { clientId: "test-client", userId: "ghost@welink" })).status).toBe(404);
    expect((await inspect("POST", "/codes", { clientId: "ghost", userId: [...s.sb.org.users.keys()][0] })).status).toBe(404);
    expect((await inspect("POST", "/codes", {})).status).toBe(400);
  });
});

describe("call log", () => {
  test("lists API calls with status, WeLink code, client and the start of the answer; filters by path and time", async () => {
    const token = await appToken(s);
    clock.advance(1000);
    const since = clock.now();
    await deptList(token);
    await get(s, token, "/api/contact/v1/department/detail", { deptCode: "missing" });
    const all = (await inspect("GET", "/calls")).body;
    expect(all.total).toBe(3);
    const recent = (await inspect("GET", `/calls?since=${since}&path=/api/contact/v1/department/detail`)).body;
    expect(recent.calls).toEqual([
      expect.objectContaining({ method: "GET", path: "/api/contact/v1/department/detail", query: "deptCode=missing", clientId: "test-client", httpStatus: 200, code: "47001" }),
    ]);
    expect(JSON.parse(recent.calls[0].answer)).toMatchObject({ code: "47001" });
    expect((await inspect("DELETE", "/calls")).body.cleared).toBe(3);
  });
});

describe("faults and settings", () => {
  test("an error rate with a WeLink code answers that code on matching paths only", async () => {
    const token = await appToken(s);
    await inspect("POST", "/faults", { errorRates: { "/api/contact/v1/department/list": { rate: 1, code: "41500" } } });
    expect((await deptList(token)).body).toEqual({ code: "41500", message: "injected fault" });
    expect((await get(s, token, "/api/contact/v2/departments/list", { deptCode: "0" })).body.code).toBe("0");
    await inspect("POST", "/faults", { errorRates: { "/api/contact": 1 } });
    expect((await deptList(token)).status).toBe(500);
    await inspect("DELETE", "/faults");
    expect((await deptList(token)).body.code).toBe("0");
  });

  test("an outage window answers 503 until it ends; latency delays answers", async () => {
    const token = await appToken(s);
    await inspect("POST", "/faults", { outage: { durationMs: 60_000 } });
    expect((await deptList(token)).status).toBe(503);
    clock.advance(60_000);
    expect((await deptList(token)).status).toBe(200);
    await inspect("POST", "/faults", { latencyMs: 120 });
    const start = performance.now();
    await deptList(token);
    expect(performance.now() - start).toBeGreaterThanOrEqual(100);
    expect((await inspect("GET", "/faults")).body.latencyMs).toEqual({ "": 120 });
  });

  test("bad fault or settings input is a 400 listing the fields", async () => {
    const r = await inspect("POST", "/faults", { errorRates: { "/api": 2 } });
    expect(r.status).toBe(400);
    expect(r.body.issues[0].path).toContain("errorRates");
    expect((await inspect("PUT", "/settings", { tokenTtl: 5 })).status).toBe(400);
  });

  test("settings change token lifetime and code lifetime at run time", async () => {
    expect((await inspect("PUT", "/settings", { tokenTtlSeconds: 30, authCodeTtlSeconds: 10 })).body).toMatchObject({ tokenTtlSeconds: 30, authCodeTtlSeconds: 10 });
    const t = await call(s.baseUrl, "POST", "/api/auth/v2/tickets", { body: { client_id: s.app.clientId, client_secret: s.app.clientSecret } });
    expect(t.body.expires_in).toBe(30);
    expect((await inspect("POST", "/codes", { clientId: s.app.clientId, userId: [...s.sb.org.users.keys()][0] })).body.expiresIn).toBe(10);
  });

  test("DELETE /_sandbox/lockouts lifts a 41403 lock", async () => {
    const wrong = { client_id: s.app.clientId, client_secret: "wrong" };
    for (let i = 0; i < 5; i++) await call(s.baseUrl, "POST", "/api/auth/v2/tickets", { body: wrong });
    await inspect("DELETE", "/lockouts");
    expect(await appToken(s)).toBeTruthy();
  });
});
