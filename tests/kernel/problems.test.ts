import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ADMIN_TOKEN, startHarness, type Harness } from "../helpers/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { MAX_BODY_BYTES: "2048" } });
});
afterAll(() => h.close());

async function problem(res: Response) {
  expect(res.headers.get("content-type")).toStartWith("application/problem+json");
  const body = (await res.json()) as Record<string, unknown>;
  expect(body.status).toBe(res.status);
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  expect(body.requestId).toBe(res.headers.get("x-request-id"));
  return body;
}

describe("problem responses", () => {
  test("malformed JSON → 400 MALFORMED_JSON", async () => {
    const res = await h.call("POST", "/api/v1/tenants", { body: '{"slug": "x",' });
    expect(res.status).toBe(400);
    expect((await problem(res)).code).toBe("MALFORMED_JSON");
  });

  test("a body that is not JSON → 415, even where the body is optional", async () => {
    for (const path of ["/api/v1/tenants", "/api/v1/tenants/default"]) {
      const res = await h.call(path.endsWith("default") ? "PATCH" : "POST", path, {
        body: "slug=x&name=y",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      expect(res.status).toBe(415);
      expect((await problem(res)).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
  });

  test("an oversized body → 413 and nothing is created", async () => {
    const res = await h.call("POST", "/api/v1/tenants", { body: { slug: "big", name: "x".repeat(5000) } });
    expect(res.status).toBe(413);
    expect((await problem(res)).code).toBe("PAYLOAD_TOO_LARGE");
    expect((await h.call("GET", "/api/v1/tenants/big")).status).toBe(404);
  });

  test("an unknown route → 404 NOT_FOUND", async () => {
    const res = await h.call("GET", "/api/v1/no-such-thing");
    expect(res.status).toBe(404);
    expect((await problem(res)).code).toBe("NOT_FOUND");
  });

  test("a known path with the wrong method → 405 with Allow", async () => {
    const res = await h.call("PUT", "/api/v1/tenants", { body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toContain("GET");
    expect(res.headers.get("allow")).toContain("POST");
    expect((await problem(res)).code).toBe("METHOD_NOT_ALLOWED");
  });

  test("validation errors → 422 listing each bad field by path", async () => {
    const res = await h.call("POST", "/api/v1/tokens", { body: { name: "", scopes: ["root"], expiresAt: "tomorrow" } });
    expect(res.status).toBe(422);
    const body = await problem(res);
    expect(body.code).toBe("VALIDATION_FAILED");
    const paths = (body.errors as { path: string; message: string }[]).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["body.name", "body.scopes.0", "body.expiresAt"]));
  });

  test("a conflict → 409 with a stable code", async () => {
    await h.call("POST", "/api/v1/tenants", { body: { slug: "twice", name: "Twice" } });
    const res = await h.call("POST", "/api/v1/tenants", { body: { slug: "twice", name: "Twice" } });
    expect(res.status).toBe(409);
    expect((await problem(res)).code).toBe("TENANT_EXISTS");
  });

  test("an unexpected failure → 500 without stack or SQL, logged with the request id", async () => {
    h.deps.database.client.close();
    const res = await h.call("GET", "/api/v1/tenants", { headers: { "x-request-id": "req-boom-1" } });
    expect(res.status).toBe(500);
    const text = await res.clone().text();
    expect(text).not.toMatch(/at .*\.ts|SELECT|sqlite|libsql/i);
    expect((await problem(res)).code).toBe("INTERNAL");
    expect(h.logs.some((l) => l.includes('"level":"error"') && l.includes("req-boom-1"))).toBe(true);
  });
});

describe("uploads", () => {
  test("a chunked upload over MAX_UPLOAD_BYTES is refused with 413 while streaming", async () => {
    const g = await startHarness({ env: { MAX_UPLOAD_BYTES: "4096" } });
    try {
      const line = "公司>>研发部>>平台组\n";
      const body = new ReadableStream<Uint8Array>({
        start(ctl) {
          ctl.enqueue(new TextEncoder().encode("部门路径\n"));
          for (let i = 0; i < 2000; i++) ctl.enqueue(new TextEncoder().encode(line.replace("平台组", `组${i}`)));
          ctl.close();
        },
      });
      const res = await g.app.request("/api/v1/oa/csv/departments?fileName=big.csv", {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "x-bridge-tenant": "default", "content-type": "text/csv" },
        body,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(((await res.json()) as { code: string }).code).toBe("PAYLOAD_TOO_LARGE");
    } finally {
      g.close();
    }
  });
});
