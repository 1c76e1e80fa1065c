/**
 * The shared security suite: every protected API route, discovered from the router, must refuse
 * no token, unknown / revoked / expired tokens (401), a token without the needed scope (403),
 * and must not show one tenant's objects to another tenant's token (404).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { frozenClock } from "../src/kernel/clock.ts";
import type { Scope } from "../src/kernel/http/env.ts";
import { startHarness, type Harness } from "./helpers/harness.ts";

// Routes anyone may call without a token.
const PUBLIC = new Set(["GET /api/v1/openapi.json", "GET /api/v1/errors"]);

type Fixture = { params: Record<string, string>; body?: unknown; query?: string; headers?: Record<string, string> };

const clock = frozenClock(Date.UTC(2026, 5, 1));
let h: Harness;
let tokens: Record<"adminA" | "readB" | "pushB" | "adminB" | "revokedB" | "expiredB", string>;
let other: { slug: string; tenantId: string; tokenId: string; adminId: string };
let routes: { method: string; path: string; scope: Scope | "any" }[];
let corpOfB: { corpId: string; appId: string };
let runOfB: string;
let ruleOfB: string;
let messageOfB: string;
let deliveryOfB: string;
let oidcClientOfB: string;

async function json(res: Response) {
  return (await res.json()) as Record<string, unknown>;
}

beforeAll(async () => {
  // Many deliberate bad-token calls from one address: lift the per-address limit (tested on its own below).
  h = await startHarness({ clock, env: { AUTH_FAILURES_PER_MINUTE: "100000" } });
  const adminA = await h.tenantToken("tenant-a", ["admin"]);
  const adminB = await h.tenantToken("tenant-b", ["admin"]);
  const readB = await h.tenantToken("tenant-b", ["read"]);
  const pushB = await h.tenantToken("tenant-b", ["push"]);
  const created = await json(
    await h.call("POST", "/api/v1/tokens", { tenant: "tenant-b", body: { name: "expiring", scopes: ["admin"], expiresAt: new Date(clock.now() + 60_000).toISOString() } }),
  );
  const expiredB = created.token as string;
  const victim = await json(await h.call("POST", "/api/v1/tokens", { tenant: "tenant-b", body: { name: "to-revoke", scopes: ["admin"] } }));
  await h.call("DELETE", `/api/v1/tokens/${victim.id as string}`, { tenant: "tenant-b" });
  tokens = { adminA, adminB, readB, pushB, revokedB: victim.token as string, expiredB };
  clock.advance(120_000); // the expiring token is now expired

  const tenantB = await json(await h.call("GET", "/api/v1/tenants/tenant-b"));
  const admin = await json(await h.call("POST", "/api/v1/admins", { tenant: "tenant-b", body: { username: "b-admin", password: "a-long-password" } }));
  other = { slug: "tenant-b", tenantId: tenantB.id as string, tokenId: victim.id as string, adminId: admin.id as string };
  const corpB = await json(await h.call("POST", "/api/v1/corps", { token: adminB, body: { name: "B-corp", welinkTenantId: "b-welink" } }));
  const appB = await json(await h.call("POST", `/api/v1/corps/${corpB.id as string}/apps`, { token: adminB, body: { name: "B app", clientId: "b-client", clientSecret: "b-secret" } }));
  corpOfB = { corpId: corpB.id as string, appId: appB.id as string };
  // A WeLink person of B's corp, for the directory browse routes (src/directory/browse-routes.ts).
  await h.deps.database.client.execute({ sql: "INSERT INTO welink_users (tenant_id, corp_id, user_id, name_cn, updated_at) VALUES (?, ?, 'b-welink-user', 'B person', ?)", args: [other.tenantId, corpOfB.corpId, clock.now()] });
  runOfB = "run-of-tenant-b";
  await h.deps.database.client.execute({ sql: "INSERT INTO sync_runs (id, tenant_id, corp_id, kind, trigger, status, started_at) VALUES (?, ?, ?, 'pull', 'manual', 'held', ?)", args: [runOfB, other.tenantId, corpOfB.corpId, clock.now()] });
  const ruleB = await json(await h.call("POST", "/api/v1/push-rules", { token: adminB, body: { name: "B rule", sources: ["todo"], targets: [{ corpId: corpOfB.corpId, appId: corpOfB.appId, type: "todo" }] } }));
  ruleOfB = ruleB.id as string;
  const messageB = await json(await h.call("POST", "/api/v1/messages", { token: pushB, body: { source: "todo", externalId: "B-1", kind: "create", title: "B todo", recipients: ["b-oa"] } }));
  messageOfB = messageB.id as string;
  const logB = await json(await h.call("GET", `/api/v1/messages/${messageOfB}`, { token: adminB }));
  const oidcB = await json(await h.call("POST", "/api/v1/sso/oidc/clients", { token: adminB, body: { name: "B rp", type: "confidential", redirectUris: ["https://b.example/cb"] } }));
  oidcClientOfB = oidcB.id as string;
  deliveryOfB = (logB.deliveries as { id: string }[])[0]!.id;

  const doc = await json(await h.call("GET", "/api/v1/openapi.json", { token: null }));
  const paths = doc.paths as Record<string, Record<string, { "x-scope"?: Scope | "any" }>>;
  const declared = new Map<string, Scope | "any" | undefined>();
  for (const [p, ops] of Object.entries(paths)) {
    for (const [m, op] of Object.entries(ops)) declared.set(`${m.toUpperCase()} /api/v1${p.replace(/\{(\w+)\}/g, ":$1")}`, op["x-scope"]);
  }
  const seen = new Set<string>();
  routes = [];
  for (const r of h.app.routes) {
    const key = `${r.method} ${r.path}`;
    if (r.method === "ALL" || !r.path.startsWith("/api/v1/") || PUBLIC.has(key) || seen.has(key)) continue;
    seen.add(key);
    const scope = declared.get(key);
    if (!scope) throw new Error(`${key} is in the router but declares no scope in the OpenAPI document (use apiRoute()).`);
    routes.push({ method: r.method, path: r.path, scope });
  }
});

afterAll(() => h.close());

/** Values for path parameters that name tenant B's objects. A new parameterised route adds its fixture here. */
function fixtureFor(path: string): Fixture {
  const fixtures: Record<string, Fixture> = {
    "/api/v1/tenants/:slug": { params: { slug: other.slug }, body: {} },
    "/api/v1/tokens/:id": { params: { id: other.tokenId } },
    "/api/v1/admins/:id": { params: { id: other.adminId } },
    // No import of tenant B exists here, so any B id stands in; tests/oa/csv-users.test.ts reads a real one across tenants.
    "/api/v1/oa/csv/imports/:id": { params: { id: other.tokenId } },
    "/api/v1/oa/csv/imports/:id/result.csv": { params: { id: other.tokenId } },
    "/api/v1/corps/:corpId": { params: { corpId: corpOfB.corpId }, body: {} },
    "/api/v1/corps/:corpId/impact": { params: { corpId: corpOfB.corpId } },
    "/api/v1/corps/:corpId/apps": { params: { corpId: corpOfB.corpId }, body: { name: "x", clientId: "x", clientSecret: "x" } },
    "/api/v1/apps/:appId": { params: { appId: corpOfB.appId }, body: {} },
    "/api/v1/apps/:appId/test": { params: { appId: corpOfB.appId } },
    "/api/v1/corps/:corpId/welink/departments": { params: { corpId: corpOfB.corpId } },
    "/api/v1/corps/:corpId/welink/people": { params: { corpId: corpOfB.corpId } },
    "/api/v1/corps/:corpId/welink/people/:userId": { params: { corpId: corpOfB.corpId, userId: "b-welink-user" } },
    "/api/v1/corps/:corpId/bindings": { params: { corpId: corpOfB.corpId } },
    "/api/v1/corps/:corpId/bindings/:welinkUserId": { params: { corpId: corpOfB.corpId, welinkUserId: "b-person" }, body: { oaUserId: "b-oa" } },
    "/api/v1/corps/:corpId/bindings/unbind-all": { params: { corpId: corpOfB.corpId }, body: { confirm: 0 } },
    "/api/v1/corps/:corpId/bindings/export.csv": { params: { corpId: corpOfB.corpId } },
    "/api/v1/corps/:corpId/bindings/import": { params: { corpId: corpOfB.corpId }, query: "?field=mobile", body: "welink_user_id,oa_value\r\n", headers: { "content-type": "text/csv" } },
    "/api/v1/corps/:corpId/dept-bindings": { params: { corpId: corpOfB.corpId } },
    "/api/v1/corps/:corpId/dept-bindings/:deptCode": { params: { corpId: corpOfB.corpId, deptCode: "b-dept" }, body: { oaDeptId: "b-oa-dept" } },
    "/api/v1/corps/:corpId/oa-departments": { params: { corpId: corpOfB.corpId } },
    "/api/v1/corps/:corpId/auto-bind": { params: { corpId: corpOfB.corpId } },
    "/api/v1/corps/:corpId/binding-reviews": { params: { corpId: corpOfB.corpId } },
    // No review of tenant B exists here, so any B id stands in; tests/directory/binding-rule.test.ts reads a real one across tenants.
    "/api/v1/binding-reviews/:reviewId/pick": { params: { reviewId: other.tokenId }, body: { oaUserId: "b-oa" } },
    "/api/v1/binding-reviews/:reviewId/dismiss": { params: { reviewId: other.tokenId } },
    "/api/v1/corps/:corpId/pull-settings": { params: { corpId: corpOfB.corpId }, body: { clearMissing: false } },
    "/api/v1/corps/:corpId/pull": { params: { corpId: corpOfB.corpId } },
    "/api/v1/corps/:corpId/sync-runs": { params: { corpId: corpOfB.corpId } },
    "/api/v1/sync-runs/:runId": { params: { runId: runOfB } },
    "/api/v1/sync-runs/:runId/changes": { params: { runId: runOfB } },
    "/api/v1/sync-runs/:runId/approve": { params: { runId: runOfB } },
    "/api/v1/sync-runs/:runId/dismiss": { params: { runId: runOfB } },
    "/api/v1/corps/:corpId/push-settings": { params: { corpId: corpOfB.corpId }, body: {} },
    "/api/v1/corps/:corpId/push": { params: { corpId: corpOfB.corpId }, query: "?dryRun=true" },
    "/api/v1/sync-runs/:runId/plan": { params: { runId: runOfB } },
    "/api/v1/sync-runs/:runId/apply": { params: { runId: runOfB } },
    "/api/v1/corps/:corpId/sync-direction": { params: { corpId: corpOfB.corpId }, body: { direction: "to-oa" } },
    "/api/v1/corps/:corpId/writeback": { params: { corpId: corpOfB.corpId }, query: "?dryRun=true" },
    "/api/v1/sync-runs/:runId/writeback-apply": { params: { runId: runOfB } },
    "/api/v1/corps/:corpId/org-edits": { params: { corpId: corpOfB.corpId }, body: { edit: { op: "updateDept", deptCode: "b-dept", name: "x" } } },
    "/api/v1/corps/:corpId/org-edits/preview": { params: { corpId: corpOfB.corpId }, body: { edit: { op: "updateDept", deptCode: "b-dept", name: "x" } } },
    "/api/v1/push-rules/:ruleId": { params: { ruleId: ruleOfB }, body: { name: "x" } },
    "/api/v1/messages/:messageId": { params: { messageId: messageOfB } },
    "/api/v1/messages/:messageId/replay-dead": { params: { messageId: messageOfB } },
    "/api/v1/deliveries/:deliveryId/replay": { params: { deliveryId: deliveryOfB } },
    // No session of tenant B exists here, so any B id stands in; tests/login/session/api.test.ts revokes a real one across tenants.
    "/api/v1/sso/sessions/:id": { params: { id: other.tokenId } },
    // No CAS service of tenant B exists here, so any B id stands in; tests/login/cas/api.test.ts reads a real one across tenants.
    "/api/v1/sso/cas/services/:id": { params: { id: other.tokenId }, body: { name: "x" } },
    "/api/v1/sso/oidc/clients/:id": { params: { id: oidcClientOfB }, body: { name: "x" } },
    "/api/v1/sso/oidc/clients/:id/secret": { params: { id: oidcClientOfB } },
  };
  const f = fixtures[path];
  if (!f && path.includes(":")) throw new Error(`No security fixture for ${path}: add one naming another tenant's object.`);
  return f ?? { params: {} };
}

const fill = (path: string, f: Fixture) => path.replace(/:(\w+)/g, (_, k: string) => f.params[k] ?? `missing-${k}`) + (f.query ?? "");
const bodyFor = (method: string, f: Fixture) => (method === "POST" || method === "PATCH" || method === "PUT" ? (f.body ?? {}) : undefined);

describe("security suite over every protected route", () => {
  test("the router has protected routes and every one declares its scope", () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain("POST /api/v1/tokens");
  });

  const cases: [string, () => string | null, number, string][] = [
    ["no token", () => null, 401, "UNAUTHORIZED"],
    ["an unknown token", () => "wlb_this-token-was-never-issued-000000000", 401, "UNAUTHORIZED"],
    ["a revoked token", () => tokens.revokedB, 401, "UNAUTHORIZED"],
    ["an expired token", () => tokens.expiredB, 401, "UNAUTHORIZED"],
  ];
  for (const [name, token, status, code] of cases) {
    test(`${name} → ${status} on every route`, async () => {
      for (const r of routes) {
        const f = fixtureFor(r.path);
        const res = await h.call(r.method, fill(r.path, f), { token: token(), body: bodyFor(r.method, f), headers: f.headers });
        expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status });
        expect(res.headers.get("content-type")).toContain("application/problem+json");
        expect((await json(res)).code).toBe(code);
      }
    });
  }

  test("a token without the needed scope → 403 on every route that needs one", async () => {
    let checked = 0;
    for (const r of routes) {
      if (r.scope === "any") continue;
      const wrong = r.scope === "read" ? tokens.pushB : tokens.readB;
      const f = fixtureFor(r.path);
      const res = await h.call(r.method, fill(r.path, f), { token: wrong, body: bodyFor(r.method, f), headers: f.headers });
      expect({ route: `${r.method} ${r.path}`, status: res.status }).toEqual({ route: `${r.method} ${r.path}`, status: 403 });
      expect((await json(res)).code).toBe("FORBIDDEN");
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  test("another tenant's token → 404 for that tenant's objects, and lists never show them", async () => {
    for (const r of routes) {
      const f = fixtureFor(r.path);
      const url = fill(r.path, f);
      const res = await h.call(r.method, url, { token: tokens.adminA, body: bodyFor(r.method, f), headers: f.headers });
      const label = `${r.method} ${r.path}`;
      if (r.path.includes(":")) {
        expect({ route: label, status: res.status }).toEqual({ route: label, status: 404 });
      } else if (r.method === "GET") {
        const text = await res.text();
        for (const secret of [other.tenantId, other.tokenId, other.adminId, `"${other.slug}"`]) {
          expect({ route: label, leaks: text.includes(secret) }).toEqual({ route: label, leaks: false });
        }
      }
    }
    // The objects exist: B's own token sees them.
    expect((await h.call("GET", `/api/v1/tokens/${other.tokenId}`, { token: tokens.adminB })).status).toBe(200);
  });

  test("a tenant token cannot act in another tenant by naming it in X-Bridge-Tenant", async () => {
    const res = await h.call("GET", "/api/v1/tokens", { token: tokens.adminA, tenant: "tenant-b" });
    expect(res.status).toBe(404);
  });

  test("repeated bad tokens from one address are slowed down with 429", async () => {
    const g = await startHarness();
    try {
      let last = 0;
      for (let i = 0; i < 32; i++) last = (await g.call("GET", "/api/v1/tenants", { token: `wlb_bad-${i}-xxxxxxxxxxxxxxxxxxxx` })).status;
      expect(last).toBe(429);
      const res = await g.call("GET", "/api/v1/tenants", { token: "wlb_bad-again-xxxxxxxxxxxxxxxxxxxx" });
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBeTruthy();
      // Others' failures never refuse a valid token (issue 19, finding 4).
      expect((await g.call("GET", "/api/v1/tenants")).status).toBe(200);
    } finally {
      g.close();
    }
  });
});
