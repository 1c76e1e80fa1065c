import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ADMIN_TOKEN, startHarness, type Harness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("operations", () => {
  test("a caller's X-Request-Id is echoed; otherwise one is made", async () => {
    const mine = await h.call("GET", "/healthz", { headers: { "x-request-id": "abc-123" } });
    expect(mine.headers.get("x-request-id")).toBe("abc-123");
    const made = await h.call("GET", "/healthz");
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("one JSON log line per request with method, route, status, ms, request id and tenant — and never the token", async () => {
    h.logs.length = 0;
    const created = await h.call("POST", "/api/v1/tokens", { tenant: "default", body: { name: "logged", scopes: ["read"] }, headers: { "x-request-id": "log-1" } });
    const token = ((await created.json()) as { token: string }).token;
    const lines = h.logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === "request");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: "POST", route: "/api/v1/tokens", status: 201, requestId: "log-1", tenant: "default" });
    expect(typeof lines[0]?.ms).toBe("number");
    const all = h.logs.join("\n");
    expect(all).not.toContain(token);
    expect(all).not.toContain(ADMIN_TOKEN);
  });

  test("/healthz says alive and /readyz checks the database and migrations", async () => {
    expect((await h.call("GET", "/healthz", { token: null })).status).toBe(200);
    const ready = await h.call("GET", "/readyz", { token: null });
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe("ready");
  });

  test("/metrics counts requests by route pattern and status in Prometheus text", async () => {
    await h.call("GET", "/api/v1/tenants/default");
    await h.call("GET", "/api/v1/tenants/nope");
    const res = await h.call("GET", "/metrics", { token: null });
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toMatch(/bridge_http_requests_total\{method="GET",route="\/api\/v1\/tenants\/:slug",status="200"\} 1/);
    expect(text).toMatch(/bridge_http_requests_total\{method="GET",route="\/api\/v1\/tenants\/:slug",status="404"\} 1/);
    expect(text).toContain("bridge_http_request_duration_seconds_bucket");
    expect(text).not.toContain("/api/v1/tenants/nope");
  });

  test("the OpenAPI 3.1 document describes the API and the reference page is served locally", async () => {
    const doc = (await (await h.call("GET", "/api/v1/openapi.json", { token: null })).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/tenants", "/tenants/{slug}", "/tokens", "/tokens/{id}", "/audit"]));
    expect(doc.components.securitySchemes.bearerAuth).toBeDefined();
    const page = await (await h.call("GET", "/api/docs", { token: null })).text();
    expect(page).toContain("/api/docs/standalone.js");
    expect(page).not.toMatch(/https:\/\/cdn\./);
    const script = await h.call("GET", "/api/docs/standalone.js", { token: null });
    expect(script.status).toBe(200);
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });
});
