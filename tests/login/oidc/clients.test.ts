import { afterEach, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "../../helpers/harness.ts";

let h: Harness | undefined;
afterEach(() => {
  h?.close();
  h = undefined;
});

const good = { name: "OA", type: "confidential", redirectUris: ["https://oa.example.com/oidc/callback"], postLogoutUris: ["https://oa.example.com/"] };

describe("OIDC clients API", () => {
  test("create shows the secret once; reads never; rotation retires the old secret; every change is audited", async () => {
    h = await startHarness();
    const token = await h.tenantToken("default", ["admin"]);
    const created = await h.call("POST", "/api/v1/sso/oidc/clients", { token, body: good });
    expect(created.status).toBe(201);
    const c = (await created.json()) as { id: string; clientId: string; clientSecret: string; issuer: string };
    expect(c.clientSecret.length).toBeGreaterThanOrEqual(40);
    expect(c.issuer).toBe(`${h.config.publicUrl}/t/default/oidc`);
    const stored = (await h.deps.database.client.execute("SELECT secret_hash FROM oidc_clients")).rows[0]!;
    expect(String(stored.secret_hash)).toBe(`sha256:${new Bun.CryptoHasher("sha256").update(c.clientSecret).digest("hex")}`);
    const read = await (await h.call("GET", `/api/v1/sso/oidc/clients/${c.id}`, { token })).text();
    expect(read).not.toContain(c.clientSecret);
    expect(read).not.toContain(String(stored.secret_hash).slice(7));
    const list = (await (await h.call("GET", "/api/v1/sso/oidc/clients", { token })).json()) as { items: { clientId: string }[] };
    expect(list.items.map((i) => i.clientId)).toEqual([c.clientId]);

    const patched = await h.call("PATCH", `/api/v1/sso/oidc/clients/${c.id}`, { token, body: { redirectUris: ["http://localhost:3000/cb"] } });
    expect(((await patched.json()) as { redirectUris: string[] }).redirectUris).toEqual(["http://localhost:3000/cb"]);
    const rotated = (await (await h.call("POST", `/api/v1/sso/oidc/clients/${c.id}/secret`, { token })).json()) as { clientSecret: string };
    expect(rotated.clientSecret).not.toBe(c.clientSecret);
    // The old secret no longer authenticates at the token endpoint.
    const basic = (s: string) => `Basic ${btoa(`${c.clientId}:${s}`)}`;
    const tokenCall = (s: string) =>
      h!.app.request("/t/default/oidc/token", { method: "POST", headers: { authorization: basic(s), "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=authorization_code&code=nothing" });
    expect((await tokenCall(c.clientSecret)).status).toBe(401);
    expect((await tokenCall(rotated.clientSecret)).status).toBe(400); // authenticated; the code is what is wrong

    expect((await h.call("DELETE", `/api/v1/sso/oidc/clients/${c.id}`, { token })).status).toBe(204);
    expect((await h.call("GET", `/api/v1/sso/oidc/clients/${c.id}`, { token })).status).toBe(404);
    const audit = (await h.deps.database.client.execute("SELECT action, after, before FROM audit_log WHERE action LIKE 'sso.oidc.%' ORDER BY at, id")).rows;
    expect(audit.map((r) => r.action)).toEqual(["sso.oidc.client.create", "sso.oidc.client.update", "sso.oidc.client.rotate-secret", "sso.oidc.client.delete"]);
    expect(JSON.stringify(audit)).not.toContain(c.clientSecret);
    expect(JSON.stringify(audit)).not.toContain(rotated.clientSecret);
  });

  test("redirect and post-logout URIs must be absolute, https (http only on loopback), without a fragment", async () => {
    h = await startHarness();
    const token = await h.tenantToken("default", ["admin"]);
    for (const bad of ["/relative", "http://oa.example.com/cb", "https://oa.example.com/cb#frag", "javascript:alert(1)", "https://user:pw@oa.example.com/cb"]) {
      const res = await h.call("POST", "/api/v1/sso/oidc/clients", { token, body: { ...good, redirectUris: [bad] } });
      expect({ bad, status: res.status }).toEqual({ bad, status: 422 });
      const logout = await h.call("POST", "/api/v1/sso/oidc/clients", { token, body: { ...good, postLogoutUris: [bad] } });
      expect({ bad, status: logout.status }).toEqual({ bad, status: 422 });
    }
    for (const ok of ["http://127.0.0.1:8080/cb", "http://[::1]/cb", "https://oa.example.com/cb?x=1"]) {
      expect((await h.call("POST", "/api/v1/sso/oidc/clients", { token, body: { ...good, redirectUris: [ok] } })).status).toBe(201);
    }
  });

  test("a client is its tenant's: another tenant's issuer does not know its client_id", async () => {
    h = await startHarness();
    const a = await h.tenantToken("default", ["admin"]);
    await h.tenantToken("tenant-b", ["admin"]);
    const c = (await (await h.call("POST", "/api/v1/sso/oidc/clients", { token: a, body: { ...good, type: "public", redirectUris: ["http://127.0.0.1:9/cb"] } })).json()) as { clientId: string };
    const q = new URLSearchParams({ client_id: c.clientId, redirect_uri: "http://127.0.0.1:9/cb", response_type: "code", scope: "openid" });
    const other = await h.app.request(`/t/tenant-b/oidc/authorize?${q}`);
    expect(other.status).toBe(400);
    expect(await other.text()).toContain('data-code="unknown_client"');
    expect((await h.app.request(`/t/default/oidc/authorize?${q}`)).status).toBe(302);
    expect((await h.app.request("/t/no-such-tenant/oidc/.well-known/openid-configuration")).status).toBe(404);
  });
});
