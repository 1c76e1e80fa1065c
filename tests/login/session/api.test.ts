import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Hono } from "hono";
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { findTenantBySlug } from "../../../src/accounts/store.ts";
import { currentSession, startSession } from "../../../src/login/session/session.ts";

let h: Harness;
let app: Hono;
beforeAll(async () => {
  h = await startHarness();
  await h.call("POST", "/api/v1/tenants", { body: { slug: "other", name: "Other" } });
  const deps = h.deps;
  app = new Hono();
  // Starts a session for the tenant and person named in the path (as a WeLink proof would).
  app.get("/t/:slug/start/:oa", async (c) => {
    const t = (await findTenantBySlug(deps.db, c.req.param("slug")))!;
    return c.json(await startSession(deps, c, { tenantId: t.id, tenantSlug: t.slug, corpId: "corp-1", appId: null, welinkUserId: `w-${c.req.param("oa")}`, oaUserId: c.req.param("oa"), channel: "scan" }));
  });
  app.get("/t/:slug/me", async (c) => c.json((await currentSession(deps, c, (await findTenantBySlug(deps.db, c.req.param("slug")))!.id))?.oaUserId ?? null));
});
afterAll(() => h.close());

const start = async (slug: string, oa: string) => {
  const res = await app.request(`/t/${slug}/start/${oa}`);
  return { id: ((await res.json()) as { id: string }).id, cookie: res.headers.get("set-cookie")!.split(";")[0]! };
};
const body = async (res: Response) => (await res.json()) as Record<string, unknown>;

describe("/api/v1/sso", () => {
  test("settings: defaults, a validated and audited change, and the new lifetime applies to new sessions", async () => {
    expect(await body(await h.call("GET", "/api/v1/sso/settings", { tenant: "default" }))).toEqual({ method: "handoff", sessionMinutes: 480 });
    for (const bad of [{ sessionMinutes: 4 }, { sessionMinutes: 43201 }, { method: "saml" }, { extra: 1 }]) {
      const res = await h.call("PUT", "/api/v1/sso/settings", { tenant: "default", body: bad });
      expect(res.status).toBe(422);
      expect((await body(res)).code).toBe("VALIDATION_FAILED");
    }
    const saved = await h.call("PUT", "/api/v1/sso/settings", { tenant: "default", body: { method: "cas", sessionMinutes: 60 } });
    expect(await body(saved)).toEqual({ method: "cas", sessionMinutes: 60 });
    expect(await body(await h.call("GET", "/api/v1/sso/settings", { tenant: "other" }))).toEqual({ method: "handoff", sessionMinutes: 480 });
    const audit = (await body(await h.call("GET", "/api/v1/audit?limit=5", { tenant: "default" }))) as { items: { action: string }[] };
    expect(audit.items.map((a) => a.action)).toContain("sso.settings.save");
    const res = await app.request("/t/default/start/oa-life");
    expect(res.headers.get("set-cookie")).toMatch(/Max-Age=3600/);
  });

  test("sessions: live ones by person, never the token hash; revoke ends one (audited); another tenant sees and revokes nothing", async () => {
    const a = await start("default", "oa-1");
    await start("default", "oa-2");
    const b = await start("other", "oa-1");
    const list = (await body(await h.call("GET", "/api/v1/sso/sessions?oaUserId=oa-1", { tenant: "default" }))) as { items: Record<string, unknown>[] };
    expect(list.items.map((s) => s.id)).toEqual([a.id]);
    expect(list.items[0]).toMatchObject({ oaUserId: "oa-1", welinkUserId: "w-oa-1", channel: "scan", live: true });
    expect(JSON.stringify(list)).not.toMatch(/tokenHash|token_hash/);
    const byWelink = (await body(await h.call("GET", "/api/v1/sso/sessions?welinkUserId=w-oa-2", { tenant: "default" }))) as { items: unknown[] };
    expect(byWelink.items).toHaveLength(1);

    const foreign = await h.call("DELETE", `/api/v1/sso/sessions/${b.id}`, { tenant: "default" });
    expect(foreign.status).toBe(404);
    expect(await (await app.request("/t/other/me", { headers: { cookie: b.cookie } })).json()).toBe("oa-1");
    const otherList = (await body(await h.call("GET", "/api/v1/sso/sessions", { tenant: "other" }))) as { items: { id: string }[] };
    expect(otherList.items.map((s) => s.id)).toEqual([b.id]);

    expect((await h.call("DELETE", `/api/v1/sso/sessions/${a.id}`, { tenant: "default" })).status).toBe(200);
    expect(await (await app.request("/t/default/me", { headers: { cookie: a.cookie } })).json()).toBeNull();
    expect((await h.call("DELETE", `/api/v1/sso/sessions/${a.id}`, { tenant: "default" })).status).toBe(404);
    const live = (await body(await h.call("GET", "/api/v1/sso/sessions?oaUserId=oa-1", { tenant: "default" }))) as { items: unknown[] };
    expect(live.items).toHaveLength(0);
    const all = (await body(await h.call("GET", "/api/v1/sso/sessions?oaUserId=oa-1&all=true", { tenant: "default" }))) as { items: Record<string, unknown>[] };
    expect(all.items[0]).toMatchObject({ id: a.id, endReason: "revoked", live: false });
    const audit = (await body(await h.call("GET", "/api/v1/audit?limit=5", { tenant: "default" }))) as { items: { action: string }[] };
    expect(audit.items.map((x) => x.action)).toContain("sso.session.revoke");
  });
});
