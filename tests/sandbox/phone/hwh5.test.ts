import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { registerApp } from "../../../src/sandbox/welink/sandbox.ts";
import { startSandbox, type RunningSandbox } from "../../helpers/sandbox.ts";
import { addUser, appToken, call } from "./phone-fixtures.ts";

let rs: RunningSandbox;
let token: string;
let script: string;
const HOME = "http://bridge.test/h5/home?corp=acme";

/** Runs the served script against a minimal stand-in of a browser tab opened at `url`. */
function loadInTab(url: string) {
  const u = new URL(url);
  const storage = new Map<string, string>();
  const location = { hash: u.hash, pathname: u.pathname, search: u.search };
  const replaced: string[] = [];
  const history = { state: null, replaceState: (_s: unknown, _t: string, next: string) => void replaced.push(next) };
  const sessionStorage = { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) };
  const window: Record<string, any> = {};
  const document = { currentScript: { src: `${rs.baseUrl}/wecode/docs/jsapi/2.0.1/hwh5-cloudonline.js` } };
  new Function("window", "document", "location", "sessionStorage", "history", "fetch", script)(window, document, location, sessionStorage, history, fetch);
  return { HWH5: window.HWH5 as { getAuthCode(o: { clientId?: string }): Promise<{ code: string }>; sandbox: boolean }, replaced };
}

const whoIs = async (code: string) => (await call(rs, "GET", `/api/auth/v2/userid?code=${encodeURIComponent(code)}`, { token })).json;
const openApp = (body: Record<string, unknown>) => call(rs, "POST", "/_sandbox/open-app", { body });

beforeAll(async () => {
  rs = startSandbox();
  addUser(rs.sb, "zhangsan@welink");
  addUser(rs.sb, "lisi@welink");
  registerApp(rs.sb, { clientId: "other-app", clientSecret: "other-secret", visible: { all: false, deptCodes: [], userIds: ["lisi@welink"] } });
  token = await appToken(rs);
  script = (await call(rs, "GET", "/wecode/docs/jsapi/2.0.1/hwh5-cloudonline.js")).text;
});
afterAll(() => rs.stop());

describe("the HWH5 stand-in script", () => {
  test("is served as JavaScript at /hwh5.js and at WeLink's own script paths, to any origin", async () => {
    for (const path of ["/hwh5.js", "/wecode/docs/jsapi/2.0.1/hwh5-cloudonline.js", "/docs/jsapi/2.0.3/hwh5-cloudonline.js"]) {
      const r = await call(rs, "GET", path, { headers: { origin: "http://bridge.test" } });
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toContain("javascript");
      expect(r.headers.get("access-control-allow-origin")).toBe("*");
      expect(r.text).toContain("HWH5.getAuthCode");
      expect(r.text).toContain("/_sandbox/codes/claim");
      expect(() => new Function(r.text)).not.toThrow();
    }
  });

  test("a page opened through open-app gets a valid free-login code for that user and app", async () => {
    const opened = await openApp({ clientId: rs.app.clientId, userId: "zhangsan@welink", url: HOME });
    expect(opened.status).toBe(200);
    expect(opened.json.url).toStartWith(`${HOME}#wlk_sandbox_ticket=`);
    const tab = loadInTab(opened.json.url);
    expect(tab.HWH5.sandbox).toBe(true);
    expect(tab.replaced).toEqual(["/h5/home?corp=acme"]); // the ticket leaves the address bar
    const { code } = await tab.HWH5.getAuthCode({ clientId: rs.app.clientId });
    expect(await whoIs(code)).toMatchObject({ code: "0", userId: "zhangsan@welink" });
    const again = await tab.HWH5.getAuthCode({ clientId: rs.app.clientId });
    expect(again.code).not.toBe(code); // a fresh code per call, like the real client
    expect((await whoIs(code)).code).toBe("41504"); // each one single use
  });

  test("open-app also answers a ready code for tests that skip the page", async () => {
    const opened = await openApp({ clientId: rs.app.clientId, userId: "zhangsan@welink", url: HOME });
    expect(await whoIs(opened.json.code)).toMatchObject({ code: "0", userId: "zhangsan@welink" });
  });

  test("the ticket sits beside a hash route and the route survives", async () => {
    const opened = await openApp({ clientId: rs.app.clientId, userId: "zhangsan@welink", url: "http://bridge.test/h5/#/approve?id=7" });
    expect(opened.json.url).toContain("#/approve?id=7&wlk_sandbox_ticket=");
    expect(loadInTab(opened.json.url).replaced).toEqual(["/h5/#/approve?id=7"]);
  });

  test("a page not opened through the sandbox is rejected clearly", async () => {
    const tab = loadInTab(HOME);
    await expect(tab.HWH5.getAuthCode({ clientId: rs.app.clientId })).rejects.toMatchObject({ errorCode: "NOT_IN_WELINK" });
    await expect(tab.HWH5.getAuthCode({})).rejects.toMatchObject({ errorCode: "PARAM" });
  });

  test("a page opened as one app cannot get a code for another", async () => {
    const opened = await openApp({ clientId: rs.app.clientId, userId: "lisi@welink", url: HOME });
    const tab = loadInTab(opened.json.url);
    await expect(tab.HWH5.getAuthCode({ clientId: "other-app" })).rejects.toMatchObject({ errorCode: "CLIENT_MISMATCH" });
  });
});

describe("scan and the claim endpoint", () => {
  test("a scanned URL runs in WeLink as the user; any app the user can use may ask for a code", async () => {
    const scanned = await call(rs, "POST", "/_sandbox/scan", { body: { userId: "lisi@welink", url: "http://bridge.test/scan/login?sid=42" } });
    expect(scanned.status).toBe(200);
    expect(scanned.json.code).toBeUndefined();
    const tab = loadInTab(scanned.json.url);
    const { code } = await tab.HWH5.getAuthCode({ clientId: rs.app.clientId });
    expect(await whoIs(code)).toMatchObject({ userId: "lisi@welink" });
    const other = await tab.HWH5.getAuthCode({ clientId: "other-app" });
    expect(other.code).toBeTruthy();
  });

  test("scan with a clientId answers a code too; a user outside that app's range is refused", async () => {
    const scanned = await call(rs, "POST", "/_sandbox/scan", { body: { userId: "zhangsan@welink", clientId: rs.app.clientId, url: HOME } });
    expect(await whoIs(scanned.json.code)).toMatchObject({ userId: "zhangsan@welink" });
    expect((await call(rs, "POST", "/_sandbox/scan", { body: { userId: "zhangsan@welink", clientId: "other-app", url: HOME } })).status).toBe(403);
  });

  test("open-app refuses unknown users (404), unknown apps (404), users outside the range (403) and bad URLs (400)", async () => {
    expect((await openApp({ clientId: rs.app.clientId, userId: "ghost@welink", url: HOME })).status).toBe(404);
    expect((await openApp({ clientId: "nope", userId: "zhangsan@welink", url: HOME })).status).toBe(404);
    expect((await openApp({ clientId: "other-app", userId: "zhangsan@welink", url: HOME })).status).toBe(403);
    expect((await openApp({ clientId: rs.app.clientId, userId: "zhangsan@welink", url: "javascript:alert(1)" })).status).toBe(400);
    expect((await openApp({ userId: "zhangsan@welink", url: HOME })).status).toBe(400);
  });

  test("the claim endpoint allows cross-origin calls from the bridge's pages", async () => {
    const res = await fetch(`${rs.baseUrl}/_sandbox/codes/claim`, {
      method: "OPTIONS",
      headers: { origin: "http://bridge.test", "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const bad = await call(rs, "POST", "/_sandbox/codes/claim", { body: { ticket: "forged", clientId: rs.app.clientId } });
    expect(bad.status).toBe(403);
    expect(bad.json.errorCode).toBe("NOT_IN_WELINK");
  });
});
