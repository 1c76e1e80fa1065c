import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ADMIN_TOKEN, startHarness, type Harness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const body = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;

describe("tenants", () => {
  test("first start created tenant 'default'", async () => {
    const res = await h.call("GET", "/api/v1/tenants");
    expect((await body<{ items: { slug: string }[] }>(res)).items.map((t) => t.slug)).toContain("default");
  });

  test("a global admin creates, renames and deletes a tenant; each write is audited", async () => {
    const created = await h.call("POST", "/api/v1/tenants", { body: { slug: "acme", name: "Acme 集团" } });
    expect(created.status).toBe(201);
    expect(await body(created)).toMatchObject({ slug: "acme", name: "Acme 集团" });
    const renamed = await h.call("PATCH", "/api/v1/tenants/acme", { body: { name: "Acme Group" } });
    expect(await body(renamed)).toMatchObject({ slug: "acme", name: "Acme Group" });
    expect((await h.call("DELETE", "/api/v1/tenants/acme?confirm=true")).status).toBe(204);
    expect((await h.call("GET", "/api/v1/tenants/acme")).status).toBe(404);
    const audit = await body<{ items: { action: string; target: string; before: unknown; after: unknown }[] }>(
      await h.call("GET", "/api/v1/audit?target=tenant:acme"),
    );
    expect(audit.items.map((a) => a.action)).toEqual(["tenant.delete", "tenant.update", "tenant.create"]);
    expect(audit.items[1]).toMatchObject({ before: { name: "Acme 集团" }, after: { name: "Acme Group" } });
  });

  test("a tenant token sees only its own tenant and cannot create or delete tenants", async () => {
    const token = await h.tenantToken("solo", ["admin"]);
    const list = await body<{ items: { slug: string }[] }>(await h.call("GET", "/api/v1/tenants", { token }));
    expect(list.items.map((t) => t.slug)).toEqual(["solo"]);
    expect((await h.call("POST", "/api/v1/tenants", { token, body: { slug: "mine", name: "Mine" } })).status).toBe(403);
    expect((await h.call("DELETE", "/api/v1/tenants/solo", { token })).status).toBe(403);
    expect((await h.call("PATCH", "/api/v1/tenants/solo", { token, body: { name: "Solo Ltd" } })).status).toBe(200);
  });

  test("deleting a tenant takes its tokens with it", async () => {
    const token = await h.tenantToken("doomed", ["read"]);
    expect((await h.call("GET", "/api/v1/tenants", { token })).status).toBe(200);
    await h.call("DELETE", "/api/v1/tenants/doomed?confirm=true");
    expect((await h.call("GET", "/api/v1/tenants", { token })).status).toBe(401);
  });
});

describe("tokens", () => {
  test("a created token is shown once, recognisable by its prefix, and stored only as a hash", async () => {
    const res = await h.call("POST", "/api/v1/tokens", { tenant: "default", body: { name: "ci", scopes: ["push"] } });
    expect(res.status).toBe(201);
    const t = await body<{ id: string; token: string; hint: string; scopes: string[] }>(res);
    expect(t.token).toStartWith("wlb_");
    expect(t.token.length).toBeGreaterThan(40);
    expect(t.hint).toBe(`${t.token.slice(0, 8)}…`);
    const listed = await (await h.call("GET", "/api/v1/tokens", { tenant: "default" })).text();
    expect(listed).toContain(t.id);
    expect(listed).not.toContain(t.token);
    const rows = await h.deps.database.client.execute("SELECT token_hash FROM api_tokens");
    expect(JSON.stringify(rows.rows)).not.toContain(t.token);
  });

  test("a push token may call only message intake; a read token only reads", async () => {
    const push = await h.tenantToken("default", ["push"]);
    expect((await h.call("GET", "/api/v1/tenants", { token: push })).status).toBe(403);
    const read = await h.tenantToken("default", ["read"]);
    expect((await h.call("GET", "/api/v1/tenants", { token: read })).status).toBe(200);
    expect((await h.call("POST", "/api/v1/tokens", { token: read, body: { name: "x", scopes: ["admin"] } })).status).toBe(403);
  });

  test("revoking works at once and the list keeps the token as revoked", async () => {
    const created = await body<{ id: string; token: string }>(
      await h.call("POST", "/api/v1/tokens", { tenant: "default", body: { name: "short-lived", scopes: ["read"] } }),
    );
    expect((await h.call("GET", "/api/v1/whoami", { token: created.token })).status).toBe(200);
    const revoked = await h.call("DELETE", `/api/v1/tokens/${created.id}`, { tenant: "default" });
    expect(await body(revoked)).toMatchObject({ status: "revoked" });
    expect((await h.call("GET", "/api/v1/whoami", { token: created.token })).status).toBe(401);
  });

  test("a global token acts in a tenant named by X-Bridge-Tenant, and at the global level without it", async () => {
    const inTenant = await body(await h.call("GET", "/api/v1/whoami", { tenant: "default" }));
    expect(inTenant).toMatchObject({ level: "global", tenant: "default", scopes: ["admin"] });
    const global = await body(await h.call("GET", "/api/v1/whoami"));
    expect(global).toMatchObject({ tenant: null });
    expect((await h.call("GET", "/api/v1/whoami", { tenant: "no-such" })).status).toBe(404);
    const globals = await body<{ items: { name: string; tenant: string }[] }>(await h.call("GET", "/api/v1/tokens"));
    expect(globals.items.every((t) => t.tenant === "global")).toBe(true);
    expect(globals.items.map((t) => t.name)).toContain("BRIDGE_ADMIN_TOKEN");
  });

  test("an expiry in the past is refused", async () => {
    const res = await h.call("POST", "/api/v1/tokens", { body: { name: "old", scopes: ["read"], expiresAt: "2000-01-01T00:00:00Z" } });
    expect(res.status).toBe(422);
  });
});

describe("audit log", () => {
  test("records actor, tenant, request id and masks secrets; a tenant sees only its own entries", async () => {
    await h.call("POST", "/api/v1/admins", { tenant: "default", body: { username: "ops-lead", password: "very-secret-pass" }, headers: { "x-request-id": "aud-1" } });
    const list = await body<{ items: Record<string, unknown>[] }>(await h.call("GET", "/api/v1/audit?action=admin.create", { tenant: "default" }));
    const entry = list.items.find((e) => e.requestId === "aud-1");
    expect(entry).toMatchObject({ actor: "token:BRIDGE_ADMIN_TOKEN", action: "admin.create", target: "admin:ops-lead" });
    // The API speaks ISO 8601 UTC (the harness's clock is frozen, so this is the write's instant).
    expect(entry?.at).toBe(new Date(h.deps.clock.now()).toISOString());
    expect(JSON.stringify(list)).not.toContain("very-secret-pass");
    const other = await h.tenantToken("elsewhere", ["read"]);
    const theirs = await (await h.call("GET", "/api/v1/audit", { token: other })).text();
    expect(theirs).not.toContain("ops-lead");
    expect(theirs).not.toContain(ADMIN_TOKEN);
  });

  test("pages with a cursor, newest first", async () => {
    for (let i = 0; i < 3; i++) await h.call("PATCH", "/api/v1/tenants/default", { body: { name: `Default ${i}` } });
    const first = await body<{ items: { after: { name: string } }[]; next: string }>(await h.call("GET", "/api/v1/audit?action=tenant.update&limit=2"));
    expect(first.items.map((e) => e.after.name)).toEqual(["Default 2", "Default 1"]);
    const second = await body<{ items: { after: { name: string } }[] }>(await h.call("GET", `/api/v1/audit?action=tenant.update&limit=2&before=${first.next}`));
    expect(second.items[0]?.after.name).toBe("Default 0");
  });
});

describe("deleting a tenant", () => {
  test("without ?confirm=true it deletes nothing and says what would go, like a corp's removal", async () => {
    const token = await h.tenantToken("kept", ["admin"]);
    const corp = await h.call("POST", "/api/v1/corps", { token, body: { name: "留下的企业", welinkTenantId: "t-kept", apiBaseUrl: "https://open.welink.huaweicloud.com" } });
    expect(corp.status).toBe(201);
    for (const query of ["", "?confirm=false"]) {
      const res = await h.call("DELETE", `/api/v1/tenants/kept${query}`);
      expect(res.status).toBe(409);
      const problem = (await res.json()) as { code: string; detail: string };
      expect(problem.code).toBe("CONFIRMATION_REQUIRED");
      expect(problem.detail).toContain("'kept'");
      expect(problem.detail).toContain("1 WeLink enterprise");
    }
    expect((await h.call("GET", "/api/v1/tenants/kept")).status).toBe(200);
    expect((await h.call("GET", "/api/v1/corps", { token })).status).toBe(200);
    expect((await h.call("DELETE", "/api/v1/tenants/kept?confirm=true")).status).toBe(204);
    expect((await h.call("GET", "/api/v1/tenants/kept")).status).toBe(404);
  });

  test("also removes its scheduled jobs", async () => {
    await h.call("POST", "/api/v1/tenants", { body: { slug: "scheduled", name: "Scheduled" } });
    const tenant = (await (await h.call("GET", "/api/v1/tenants/scheduled")).json()) as { id: string };
    h.deps.scheduler.set(`oa-refresh:${tenant.id}`, "0 2 * * *", async () => {});
    h.deps.scheduler.set("oa-refresh:someone-else", "0 2 * * *", async () => {});
    expect((await h.call("DELETE", "/api/v1/tenants/scheduled?confirm=true")).status).toBe(204);
    expect(h.deps.scheduler.names()).not.toContain(`oa-refresh:${tenant.id}`);
    expect(h.deps.scheduler.names()).toContain("oa-refresh:someone-else");
  });
});
