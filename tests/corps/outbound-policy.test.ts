import { afterAll, beforeAll, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { startHarness, type Harness } from "../helpers/harness.ts";

type Json = Record<string, any>;
const SECRET = "internal-answer-secret-91c2";
const T = { tenant: "default" };

// What a loopback service would answer if the bridge asked it for a WeLink token.
let hits = 0;
const internal = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: () => {
    hits++;
    return Response.json({ code: "1", message: SECRET, access_token: SECRET, expires_in: 7200 });
  },
});
// 127.0.0.2 is loopback too, but outside OUTBOUND_ALLOW=127.0.0.1/32 below.
let targetHits = 0;
const target = Bun.serve({
  hostname: "127.0.0.2",
  port: 0,
  fetch: () => {
    targetHits++;
    return Response.json({ code: "0", access_token: SECRET, expires_in: 7200 });
  },
});
let redirects = 0;
const redirector = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: (req) => {
    redirects++;
    return Response.redirect(`http://127.0.0.2:${target.port}${new URL(req.url).pathname}`, 307);
  },
});

let strict: Harness;
let listed: Harness;
beforeAll(async () => {
  strict = await startHarness({ env: { OUTBOUND_ALLOW: "" } });
  listed = await startHarness({ env: { OUTBOUND_ALLOW: "127.0.0.1/32" } });
});
afterAll(() => {
  strict.close();
  listed.close();
  for (const s of [internal, target, redirector]) s.stop(true);
});

/** A tenant admin's corp at `apiBaseUrl` with one app, then the app's test. */
async function testAppAt(h: Harness, apiBaseUrl: string): Promise<{ status: number; text: string }> {
  const token = await h.tenantToken("default", ["admin"]);
  const corp = await h.call("POST", "/api/v1/corps", { ...T, token, body: { name: `c${Math.random()}`, welinkTenantId: `t${Math.random()}`, apiBaseUrl } });
  expect(corp.status).toBe(201);
  const corpId = ((await corp.json()) as Json).id;
  const app = await h.call("POST", `/api/v1/corps/${corpId}/apps`, { ...T, token, body: { name: "a", clientId: `client-${Math.random()}`, clientSecret: "test-secret-0123456789" } });
  expect(app.status).toBe(201);
  const res = await h.call("POST", `/api/v1/apps/${((await app.json()) as Json).id}/test`, { ...T, token });
  return { status: res.status, text: await res.text() };
}

test("a corp's API base URL on loopback is refused by default, and nothing of the answer comes back", async () => {
  hits = 0;
  const { status, text } = await testAppAt(strict, `http://127.0.0.1:${internal.port}`);
  expect(status).toBe(422);
  expect(JSON.parse(text)).toMatchObject({ code: "OUTBOUND_REFUSED" });
  expect(text).toContain("OUTBOUND_ALLOW");
  expect(text).not.toContain(SECRET);
  expect(hits).toBe(0);
});

test("a corp's API base URL on a private address is refused (WeLink is a public service)", async () => {
  const { status, text } = await testAppAt(strict, "http://10.255.255.1:8080");
  expect(status).toBe(422);
  expect(JSON.parse(text)).toMatchObject({ code: "OUTBOUND_REFUSED" });
  expect(text).toContain("10.255.255.1");
});

test("metadata addresses are refused even when the global setting lists them", async () => {
  const h = await startHarness({ env: { OUTBOUND_ALLOW: "169.254.0.0/16" } });
  try {
    const { status, text } = await testAppAt(h, "http://169.254.169.254");
    expect(status).toBe(422);
    expect(JSON.parse(text)).toMatchObject({ code: "OUTBOUND_REFUSED" });
  } finally {
    h.close();
  }
});

test("an allowed server cannot redirect the bridge to a refused address", async () => {
  redirects = 0;
  targetHits = 0;
  const { status, text } = await testAppAt(listed, `http://127.0.0.1:${redirector.port}`);
  expect(redirects).toBeGreaterThan(0); // listed, so reached
  expect(targetHits).toBe(0);
  expect(status).toBeGreaterThanOrEqual(400);
  expect(text).not.toContain(SECRET);
});
