import { afterEach, describe, expect, test } from "bun:test";
import { registerApp } from "../../src/sandbox/welink/sandbox.ts";
import type { RunningSandbox } from "../helpers/sandbox.ts";
import { appToken, call, frozenClock, get, post, startWithOrg } from "./support.ts";

let s: RunningSandbox;
afterEach(() => s?.stop());

const list = (token: string) => get(s, token, "/api/contact/v1/department/list", { deptCode: "0" });
const setPermissions = (clientId: string, permissions: string[]) =>
  call(s.baseUrl, "PUT", `/_sandbox/apps/${clientId}/permissions`, { body: { permissions } });

describe("per-app permissions", () => {
  test("a call without the grant answers 501 (HTTP 200)", async () => {
    s = startWithOrg();
    registerApp(s.sb, { clientId: "bare", clientSecret: "bare-secret", permissions: ["auth"] });
    const r = await list(await appToken(s, "bare", "bare-secret"));
    expect(r).toEqual({ status: 200, body: { code: "501", message: "第三方接口无权限" } });
  });

  test("after a grant the old token keeps the old permissions; a new token has the new ones", async () => {
    s = startWithOrg();
    registerApp(s.sb, { clientId: "late", clientSecret: "late-secret", permissions: ["auth"] });
    const before = await appToken(s, "late", "late-secret");
    expect((await setPermissions("late", ["auth", "contact-read"])).status).toBe(200);
    expect((await list(before)).body.code).toBe("501");
    expect((await list(await appToken(s, "late", "late-secret"))).body.code).toBe("0");
  });

  test("a revoked grant likewise stays on tokens issued before the change", async () => {
    s = startWithOrg();
    const before = await appToken(s);
    await setPermissions(s.app.clientId, ["auth"]);
    expect((await list(before)).body.code).toBe("0");
    expect((await list(await appToken(s))).body.code).toBe("501");
  });

  test("contact reads accept the sync grant; contact writes need it", async () => {
    s = startWithOrg();
    registerApp(s.sb, { clientId: "sync", clientSecret: "sync-secret", permissions: ["contact-sync"] });
    registerApp(s.sb, { clientId: "read", clientSecret: "read-secret", permissions: ["contact-read"] });
    expect((await list(await appToken(s, "sync", "sync-secret"))).body.code).toBe("0");
    const reader = await appToken(s, "read", "read-secret");
    const create = await post(s, reader, "/api/contact/v1/department/create", { deptNameCn: "新部门", corpDeptCode: "N1" });
    expect(create.body.code).toBe("501");
  });

  test("an unknown permission name is refused by the inspection API (400)", async () => {
    s = startWithOrg();
    expect((await setPermissions(s.app.clientId, ["everything"])).status).toBe(400);
  });
});

describe("rate limits (48503)", () => {
  test("40 calls per second per app per API; the 41st in the same second is refused, other APIs are not", async () => {
    const clock = frozenClock();
    s = startWithOrg({}, { now: clock.now });
    const token = await appToken(s);
    for (let i = 0; i < 40; i++) expect((await list(token)).body.code).toBe("0");
    expect(await list(token)).toEqual({ status: 200, body: { code: "48503", message: "interface call over limit" } });
    expect((await get(s, token, "/api/contact/v2/departments/list", { deptCode: "0" })).body.code).toBe("0");
    clock.advance(1000);
    expect((await list(token)).body.code).toBe("0");
  });

  test("the limit is per app", async () => {
    const clock = frozenClock();
    s = startWithOrg({}, { now: clock.now });
    registerApp(s.sb, { clientId: "b", clientSecret: "b-secret" });
    const a = await appToken(s);
    for (let i = 0; i < 40; i++) await list(a);
    expect((await list(a)).body.code).toBe("48503");
    expect((await list(await appToken(s, "b", "b-secret"))).body.code).toBe("0");
  });

  test("per-minute and per-address caps are configurable at run time", async () => {
    const clock = frozenClock();
    s = startWithOrg({}, { now: clock.now });
    const token = await appToken(s);
    await call(s.baseUrl, "PUT", "/_sandbox/settings", { body: { rateLimits: { perAppApiPerMinute: 3 } } });
    for (let i = 0; i < 3; i++) expect((await list(token)).body.code).toBe("0");
    clock.advance(5_000);
    expect((await list(token)).body.code).toBe("48503");
    await call(s.baseUrl, "PUT", "/_sandbox/settings", { body: { rateLimits: { perAppApiPerMinute: 1500, perIpPer20s: 2 } } });
    expect((await list(token)).body.code).toBe("0");
    expect((await get(s, token, "/api/contact/v2/departments/list", { deptCode: "0" })).body.code).toBe("0");
    expect((await get(s, token, "/api/contact/v1/department/detail", { deptCode: "10001" })).body.code).toBe("48503");
  });

  test("--no-rate-limits (enabled: false) lets every call through", async () => {
    const clock = frozenClock();
    s = startWithOrg({}, { now: clock.now, settings: { rateLimits: { enabled: false, perAppApiPerSecond: 40, perAppApiPerMinute: 1500, perIpPer20s: 3000 } } });
    const token = await appToken(s);
    for (let i = 0; i < 60; i++) expect((await list(token)).body.code).toBe("0");
  });
});
