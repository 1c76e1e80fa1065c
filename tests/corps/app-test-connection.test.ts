import { afterAll, beforeAll, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { startHarness, type Harness } from "../helpers/harness.ts";
import { registerApp } from "../../src/sandbox/welink/sandbox.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";

type Json = Record<string, any>;
let h: Harness;
let rs: RunningSandbox;
let corpId: string;
const T = { tenant: "default" };

beforeAll(async () => {
  rs = startSandbox();
  // Sandbox mode: a new corp's API base URL is the sandbox's.
  h = await startHarness({ env: { WELINK_BASE_URL: rs.baseUrl } });
  const corp = (await (await h.call("POST", "/api/v1/corps", { ...T, body: { name: "Sandbox", welinkTenantId: rs.sb.settings.tenantId } })).json()) as Json;
  expect(corp.apiBaseUrl).toBe(rs.baseUrl);
  corpId = corp.id;
});
afterAll(() => {
  h.close();
  rs.stop();
});

async function appWith(clientId: string, clientSecret: string): Promise<string> {
  const res = await h.call("POST", `/api/v1/corps/${corpId}/apps`, { ...T, body: { name: clientId, clientId, clientSecret } });
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).id;
}
const testApp = async (appId: string) => {
  const res = await h.call("POST", `/api/v1/apps/${appId}/test`, T);
  return { status: res.status, body: (await res.json()) as Json };
};
const tokenCalls = (clientId: string) => rs.sb.calls.filter((c) => c.path === "/api/auth/v2/tickets" && c.clientId === clientId).length;

test("the right credentials: WeLink issues a token and the identity permission is granted", async () => {
  const { status, body } = await testApp(await appWith("test-client", "test-secret-0123456789"));
  expect(status).toBe(200);
  expect(body.ok).toBe(true);
  expect(body.detail).toContain("test-client");
  expect(body.detail).toContain("identity");
  expect(body.ms).toBeGreaterThanOrEqual(0);
});

test("a wrong secret says to check the client_id and secret (10007), and a second test does not ask WeLink again", async () => {
  registerApp(rs.sb, { clientId: "wrong-secret-client", clientSecret: "the-real-secret" });
  const appId = await appWith("wrong-secret-client", "not-the-secret");
  const { status, body } = await testApp(appId);
  expect(status).toBe(502);
  expect(body.code).toBe("WELINK_AUTH_FAILED");
  expect(body.detail).toContain("10007");
  expect(body.detail).toMatch(/client_secret/);
  expect(body.detail).toMatch(/developer console/);
  expect(body.detail).not.toContain("not-the-secret");
  // Pressing "test" again reuses WeLink's answer: the bridge's own tests never lock the app.
  await testApp(appId);
  expect(tokenCalls("wrong-secret-client")).toBe(1);
});

test("a locked client id (41403) says to wait about 10 minutes without retrying and to check the secret", async () => {
  registerApp(rs.sb, { clientId: "locked-client", clientSecret: "the-real-secret" });
  // Someone else's wrong secrets lock the app (the sandbox locks after 5 within 10 minutes).
  for (let i = 0; i < rs.sb.settings.maxWrongSecrets; i++) {
    await fetch(`${rs.baseUrl}/api/auth/v2/tickets`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ client_id: "locked-client", client_secret: `guess-${i}` }) });
  }
  const { status, body } = await testApp(await appWith("locked-client", "the-real-secret"));
  expect(status).toBe(502);
  expect(body.code).toBe("WELINK_LOCKED");
  expect(body.detail).toContain("41403");
  expect(body.detail).toMatch(/10 minutes/);
  expect(body.detail).toMatch(/do not retry/);
  expect(body.detail).toMatch(/client_secret/);
});

test("a missing identity permission (501) names the permission to apply for", async () => {
  registerApp(rs.sb, { clientId: "no-auth-client", clientSecret: "its-secret-value", permissions: ["contact-read", "todo", "message"] });
  const { status, body } = await testApp(await appWith("no-auth-client", "its-secret-value"));
  expect(status).toBe(502);
  expect(body.code).toBe("WELINK_NO_PERMISSION");
  expect(body.detail).toContain("501");
  expect(body.detail).toContain('apply for "identity & authentication (free login)"');
  expect(body.detail).toMatch(/apply for/);
});

test("the corp's sync app is checked for contact reads too; a permission missing there is named", async () => {
  registerApp(rs.sb, { clientId: "sync-client", clientSecret: "sync-secret-value" });
  const appId = await appWith("sync-client", "sync-secret-value");
  await h.call("PATCH", `/api/v1/corps/${corpId}`, { ...T, body: { syncAppId: appId } });
  const put = await fetch(`${rs.baseUrl}/_sandbox/apps/sync-client/permissions`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ permissions: ["auth"] }) });
  expect(put.status).toBe(200);
  const { status, body } = await testApp(appId);
  expect(status).toBe(502);
  expect(body.detail).toContain('apply for "contacts read"');
  expect(body.detail).toMatch(/a minute after granting/);
});
