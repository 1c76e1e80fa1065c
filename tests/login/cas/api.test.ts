import { afterEach, describe, expect, test } from "bun:test";
import { frozenClock } from "../../../src/kernel/clock.ts";
import { startHarness, type Harness } from "../../helpers/harness.ts";

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const PATH = "/api/v1/sso/cas/services";
type Service = { id: string; name: string; urlPrefix: string; attributes: string[]; singleLogout: boolean };

describe("CAS service registry API", () => {
  test("creates, lists, reads, changes and removes a service; each write is audited", async () => {
    h = await startHarness({ clock: frozenClock(Date.UTC(2026, 11, 5)) });
    const token = await h.tenantToken("acme", ["admin"]);
    const created = await h.call("POST", PATH, { token, body: { name: "OA", urlPrefix: "https://OA.Example.com:443/cas/", attributes: ["email", "name", "email"] } });
    expect(created.status).toBe(201);
    const s = (await created.json()) as Service;
    expect(s).toMatchObject({ name: "OA", urlPrefix: "https://oa.example.com/cas/", attributes: ["name", "email"], singleLogout: true });
    expect(((await (await h.call("GET", PATH, { token })).json()) as { items: Service[] }).items.map((x) => x.id)).toEqual([s.id]);
    const patched = await h.call("PATCH", `${PATH}/${s.id}`, { token, body: { name: "OA 办公", singleLogout: false } });
    expect((await patched.json()) as Service).toMatchObject({ name: "OA 办公", singleLogout: false, urlPrefix: "https://oa.example.com/cas/" });
    expect(((await (await h.call("GET", `${PATH}/${s.id}`, { token })).json()) as Service).name).toBe("OA 办公");
    expect((await h.call("DELETE", `${PATH}/${s.id}`, { token })).status).toBe(204);
    const gone = await h.call("GET", `${PATH}/${s.id}`, { token });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { code: string }).code).toBe("NOT_FOUND");
    const audit = (await h.deps.database.client.execute({ sql: "SELECT action FROM audit_log WHERE target = ? ORDER BY at, action", args: [`cas-service:${s.id}`] })).rows.map((r) => r.action);
    expect(audit.sort()).toEqual(["cas.service.create", "cas.service.delete", "cas.service.update"]);
  });

  test("refuses wildcards, queries, fragments, user info, other schemes and unknown attributes, naming each field", async () => {
    h = await startHarness();
    const token = await h.tenantToken("acme", ["admin"]);
    for (const urlPrefix of ["https://*.example.com/", "https://oa.example.com/cas/*", "https://oa.example.com/cas?x=1", "https://oa.example.com/cas#top", "https://u:p@oa.example.com/", "ftp://oa.example.com/", "oa.example.com/cas", ""]) {
      const res = await h.call("POST", PATH, { token, body: { name: "x", urlPrefix } });
      expect({ urlPrefix, status: res.status }).toEqual({ urlPrefix, status: 422 });
      const problem = (await res.json()) as { code: string; errors: { path: string }[] };
      expect(problem.code).toBe("VALIDATION_FAILED");
      expect(problem.errors.map((e) => e.path)).toContain("body.urlPrefix");
    }
    const bad = await h.call("POST", PATH, { token, body: { name: "x", urlPrefix: "https://oa.example.com/", attributes: ["password"] } });
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(["body.attributes.0"]);
    expect((await h.call("PATCH", `${PATH}/nope`, { token, body: { urlPrefix: "https://*.x/" } })).status).toBe(422);
  });

  test("another tenant neither sees nor changes a tenant's services; a read token cannot write", async () => {
    h = await startHarness();
    const a = await h.tenantToken("acme", ["admin"]);
    const b = await h.tenantToken("other", ["admin"]);
    const readA = await h.tenantToken("acme", ["read"]);
    const s = (await (await h.call("POST", PATH, { token: a, body: { name: "OA", urlPrefix: "https://oa.example.com/" } })).json()) as Service;
    expect(((await (await h.call("GET", PATH, { token: b })).json()) as { items: Service[] }).items).toEqual([]);
    expect((await h.call("GET", `${PATH}/${s.id}`, { token: b })).status).toBe(404);
    expect((await h.call("PATCH", `${PATH}/${s.id}`, { token: b, body: { name: "mine" } })).status).toBe(404);
    expect((await h.call("DELETE", `${PATH}/${s.id}`, { token: b })).status).toBe(404);
    expect((await h.call("POST", PATH, { token: readA, body: { name: "x", urlPrefix: "https://x.example.com/" } })).status).toBe(403);
    expect(((await (await h.call("GET", `${PATH}/${s.id}`, { token: readA })).json()) as Service).name).toBe("OA");
  });

  test("the registry is in the OpenAPI document", async () => {
    h = await startHarness();
    const doc = (await (await h.call("GET", "/api/v1/openapi.json", { token: null })).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths["/sso/cas/services"]!).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.paths["/sso/cas/services/{id}"]!).sort()).toEqual(["delete", "get", "patch"]);
  });
});
