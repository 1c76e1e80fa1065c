import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { rotateMasterKeyCommand } from "../../src/cli/rotate-master-key.ts";
import { startHarness, type Harness } from "../helpers/harness.ts";
import { fixtureSettings, startFixtureOa, type FixtureOa } from "./fixture-oa.ts";

let h: Harness;
let oa: FixtureOa;
beforeEach(async () => {
  h = await startHarness();
  oa = startFixtureOa();
});
afterEach(() => {
  oa.stop();
  h.close();
});

const T = { tenant: "default" };
const json = async <X = Record<string, unknown>>(r: Response) => (await r.json()) as X;
const connect = (extra: Record<string, unknown> = {}) =>
  h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "http", settings: fixtureSettings(oa.url), secrets: { token: oa.token }, ...extra } });

describe("OA connection", () => {
  test("without a connection the OA endpoints say how to set one", async () => {
    const res = await h.call("GET", "/api/v1/oa/connection", T);
    expect(res.status).toBe(409);
    expect(await json(res)).toMatchObject({ code: "OA_NOT_CONFIGURED" });
  });

  test("secrets are sealed at rest, masked in answers and the audit log, and kept when not sent again", async () => {
    const saved = await json<{ secrets: { token: string } }>(await connect());
    expect(saved.secrets.token).not.toContain(oa.token);
    expect(saved.secrets.token).toContain("••");
    const raw = await h.deps.database.client.execute("SELECT secrets FROM oa_connections");
    expect(String(raw.rows[0]?.[0])).toStartWith("v1.");
    expect(JSON.stringify(raw.rows)).not.toContain(oa.token);
    // Saved again without secrets: the token still works.
    const again = await h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "http", settings: fixtureSettings(oa.url) } });
    expect(again.status).toBe(200);
    expect((await h.call("POST", "/api/v1/oa/connection/test", T)).status).toBe(200);
    const audit = await (await h.call("GET", "/api/v1/audit?action=oa.", T)).text();
    expect(audit).toContain("oa.connection.save");
    expect(audit).not.toContain(oa.token);
  });

  test("test connection explains failures in words: wrong token, OA down", async () => {
    await connect({ secrets: { token: "wrong-token" } });
    const denied = await json<{ code: string; detail: string }>(await h.call("POST", "/api/v1/oa/connection/test", T));
    expect(denied.code).toBe("OA_AUTH_FAILED");
    expect(denied.detail).toMatch(/refused the bridge's credentials/);
    await connect();
    oa.stop();
    const down = await h.call("POST", "/api/v1/oa/connection/test", T);
    expect(down.status).toBe(502);
    expect(await json(down)).toMatchObject({ code: "OA_UNREACHABLE" });
  });

  test("a bad cron expression is refused; a good one schedules the tenant's refresh", async () => {
    const bad = await connect({ refreshCron: "every tuesday" });
    expect(bad.status).toBe(422);
    expect(await (await connect({ refreshCron: "0 2 * * *" })).json()).toMatchObject({ refreshCron: "0 2 * * *" });
    const tenant = await json<{ id: string }>(await h.call("GET", "/api/v1/tenants/default"));
    expect(h.deps.scheduler.names()).toContain(`oa-refresh:${tenant.id}`);
    h.deps.scheduler.start();
    const dir = await json<{ nextScheduledRefresh: string }>(await h.call("GET", "/api/v1/oa/directory", T));
    expect(new Date(dir.nextScheduledRefresh).getUTCHours()).toBe(18); // 02:00 in Asia/Shanghai
    h.deps.scheduler.stop();
    await connect({ refreshCron: null });
    expect(h.deps.scheduler.names()).not.toContain(`oa-refresh:${tenant.id}`);
  });

  test("the OA secrets still open after a master-key rotation", async () => {
    await connect();
    expect(await rotateMasterKeyCommand(h.deps, [], () => {})).toBe(0);
    const { buildDeps } = await import("../../src/deps.ts");
    const { createApp } = await import("../../src/app.ts");
    const { parseConfig } = await import("../../src/config.ts");
    const { createLogger } = await import("../../src/kernel/log.ts");
    const deps = await buildDeps(parseConfig({ DATABASE_URL: h.config.databaseUrl, BRIDGE_MASTER_KEY_FILE: `${h.dir}/master.key`, OUTBOUND_ALLOW: "127.0.0.0/8,::1,localhost" }), { log: createLogger("silent") });
    try {
      const res = await createApp(deps).request("/api/v1/oa/connection/test", { method: "POST", headers: { authorization: `Bearer ${(await import("../helpers/harness.ts")).ADMIN_TOKEN}`, "x-bridge-tenant": "default" } });
      expect(res.status).toBe(200);
    } finally {
      deps.database.close();
    }
  });
});

describe("OA directory refresh", () => {
  test("a refresh brings the snapshot to the OA's state and records counts", async () => {
    await connect();
    const run = await json(await h.call("POST", "/api/v1/oa/refresh", T));
    expect(run).toMatchObject({ status: "ok", departments: 3, users: 7, trigger: "manual" });
    const dir = await json(await h.call("GET", "/api/v1/oa/directory", T));
    expect(dir).toMatchObject({ connection: "http", departments: 3, users: 7, lastRefresh: { status: "ok" } });
    const users = await json<{ items: { id: string; mainDeptId: string }[]; total: number }>(await h.call("GET", "/api/v1/oa/users?q=用户3", T));
    expect(users.items.map((u) => u.id)).toEqual(["u3"]);
    const depts = await json<{ items: unknown[] }>(await h.call("GET", "/api/v1/oa/departments", T));
    expect(depts.items).toHaveLength(3);
  });

  for (const [mode, code] of [["malformed", "OA_BAD_RESPONSE"], ["unauthorized", "OA_AUTH_FAILED"], ["duplicate", "OA_BAD_RESPONSE"], ["hang", "OA_TIMEOUT"]] as const) {
    test(`a refresh that fails (${mode}) keeps the last good snapshot and records why`, async () => {
      await connect();
      await h.call("POST", "/api/v1/oa/refresh", T);
      oa.state.users = 20;
      oa.state.mode = mode;
      const failed = await h.call("POST", "/api/v1/oa/refresh", T);
      expect(failed.status).toBe(502);
      expect(await json(failed)).toMatchObject({ code });
      const dir = await json(await h.call("GET", "/api/v1/oa/directory", T));
      expect(dir).toMatchObject({ users: 7, departments: 3, lastRefresh: { status: "failed", errorCode: code }, lastGoodRefresh: { status: "ok", users: 7 } });
      const history = await json<{ items: { status: string }[] }>(await h.call("GET", "/api/v1/oa/refreshes", T));
      expect(history.items.map((r) => r.status)).toEqual(["failed", "ok"]);
    });
  }

  test("a refresh of an OA that is down keeps the snapshot", async () => {
    await connect();
    await h.call("POST", "/api/v1/oa/refresh", T);
    oa.stop();
    expect((await h.call("POST", "/api/v1/oa/refresh", T)).status).toBe(502);
    expect(await json(await h.call("GET", "/api/v1/oa/directory", T))).toMatchObject({ users: 7, lastRefresh: { errorCode: "OA_UNREACHABLE" } });
  });

  test("a CSV connection has nothing to refresh from and says so", async () => {
    await h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "csv" } });
    const res = await h.call("POST", "/api/v1/oa/refresh", T);
    expect(res.status).toBe(422);
    expect(await json(res)).toMatchObject({ code: "OA_NOT_SUPPORTED" });
    expect((await h.call("POST", "/api/v1/oa/connection/test", T)).status).toBe(200);
  });

  test("a global token must name the tenant", async () => {
    const res = await h.call("GET", "/api/v1/oa/directory");
    expect(res.status).toBe(400);
    expect(await json(res)).toMatchObject({ code: "TENANT_REQUIRED" });
  });
});
