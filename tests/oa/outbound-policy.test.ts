import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "../helpers/harness.ts";
import { OA_QUERIES } from "../helpers/oa-data.ts";
import { fixtureSettings, startFixtureOa, type FixtureOa } from "./fixture-oa.ts";

// A loopback service the bridge's machine runs (an admin port, a cache): its answer must never
// come back to a tenant admin who points the OA connection at it.
const SECRET = "internal-service-secret-7f3a";
let hits = 0;
const internal = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: () => {
    hits++;
    return Response.json({ data: { items: [{ id: SECRET, name: SECRET, account: SECRET, parentId: null, order: 0 }] } });
  },
});
const internalUrl = `http://127.0.0.1:${internal.port}`;
// A loopback TCP port that counts connections: LDAP and SQL must not even connect.
let opened = 0;
const tcp = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { open: (s) => { opened++; s.end(); }, data: () => {} } });
let oa: FixtureOa;
// `serve`'s defaults: OUTBOUND_ALLOW empty (the harness allows loopback for every other test).
let strict: Harness;
let adminToken: string;

beforeAll(async () => {
  oa = startFixtureOa();
  strict = await startHarness({ env: { OUTBOUND_ALLOW: "" } });
  adminToken = await strict.tenantToken("default", ["admin"]);
});
afterAll(() => {
  strict.close();
  oa.stop();
  internal.stop(true);
  tcp.stop(true);
});

const T = { tenant: "default" };
type Problem = { code: string; detail: string };

async function testConnection(h: Harness, token: string, body: Record<string, unknown>): Promise<{ status: number; text: string }> {
  const saved = await h.call("PUT", "/api/v1/oa/connection", { ...T, token, body });
  expect(saved.status).toBe(200);
  const res = await h.call("POST", "/api/v1/oa/connection/test", { ...T, token });
  return { status: res.status, text: await res.text() };
}

describe("the OA connection follows the global allow-list", () => {
  test("a tenant admin pointing the OA at a loopback service is refused, and nothing of its answer comes back", async () => {
    hits = 0;
    const { status, text } = await testConnection(strict, adminToken, { type: "http", settings: fixtureSettings(internalUrl), secrets: { token: "t" } });
    expect(status).toBe(422);
    const problem = JSON.parse(text) as Problem;
    expect(problem.code).toBe("OUTBOUND_REFUSED");
    expect(problem.detail).toContain("127.0.0.1");
    expect(problem.detail).toContain("OUTBOUND_ALLOW");
    expect(text).not.toContain(SECRET);
    expect(hits).toBe(0);
    // Nor through a refresh (the snapshot).
    const refresh = await strict.call("POST", "/api/v1/oa/refresh", { ...T, token: adminToken });
    expect(await refresh.text()).not.toContain(SECRET);
    expect(await (await strict.call("GET", "/api/v1/oa/directory", { ...T, token: adminToken })).text()).not.toContain(SECRET);
    expect(hits).toBe(0);
  });

  test("a host name that resolves to loopback is refused like the address", async () => {
    hits = 0;
    const { status, text } = await testConnection(strict, adminToken, { type: "http", settings: fixtureSettings(`http://localhost:${internal.port}`), secrets: { token: "t" } });
    expect(status).toBe(422);
    expect((JSON.parse(text) as Problem).detail).toContain("localhost");
    expect(hits).toBe(0);
  });

  test("the cloud metadata address is refused although private ranges are allowed", async () => {
    const { status, text } = await testConnection(strict, adminToken, { type: "http", settings: fixtureSettings("http://169.254.169.254"), secrets: { token: "t" } });
    expect(status).toBe(422);
    expect(JSON.parse(text)).toMatchObject({ code: "OUTBOUND_REFUSED" });
    expect((JSON.parse(text) as Problem).detail).toContain("169.254.169.254");
  });

  test("LDAP and SQL connections are checked before they connect", async () => {
    const ldap = await testConnection(strict, adminToken, {
      type: "ldap",
      settings: { url: `ldap://127.0.0.1:${tcp.port}`, bindDn: "cn=reader,dc=example,dc=com", baseDn: "dc=example,dc=com", userFilter: "(objectClass=inetOrgPerson)", preset: "openldap" },
      secrets: { bindPassword: "pw" },
    });
    expect(JSON.parse(ldap.text)).toMatchObject({ code: "OUTBOUND_REFUSED" });
    const sql = await testConnection(strict, adminToken, { type: "sql", settings: { url: `postgres://reader@localhost:${tcp.port}/oa`, ...OA_QUERIES }, secrets: { password: "pw" } });
    expect(JSON.parse(sql.text)).toMatchObject({ code: "OUTBOUND_REFUSED" });
    expect(opened).toBe(0);
  });

  test("a loopback OA is reached when the global setting lists it", async () => {
    const allowed = await startHarness({ env: { OUTBOUND_ALLOW: "127.0.0.1/32" } });
    try {
      const token = await allowed.tenantToken("default", ["admin"]);
      const { status } = await testConnection(allowed, token, { type: "http", settings: fixtureSettings(oa.url), secrets: { token: oa.token } });
      expect(status).toBe(200);
    } finally {
      allowed.close();
    }
  });
});
