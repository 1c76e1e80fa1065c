import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Hono } from "hono";
// The harness first: it loads @hono/zod-openapi before the feature modules build their schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../../helpers/harness.ts";
import { adminAndOutsider, signedIn, type AdminClient } from "../../helpers/admin-client.ts";
import { findTenantBySlug } from "../../../src/accounts/store.ts";
import { oaUsers } from "../../../src/oa/index.ts";
import { currentSession, startSession } from "../../../src/login/session/session.ts";

let h: Harness;
let admin: AdminClient;
let outsider: AdminClient;
let app: Hono;
beforeAll(async () => {
  h = await startHarness();
  const def = (await findTenantBySlug(h.deps.db, "default"))!;
  await h.deps.db.insert(oaUsers).values([
    { tenantId: def.id, id: "oa-li", account: "lilei", name: "李雷" },
    { tenantId: def.id, id: "oa-han", account: "hanmeimei", name: "韩梅梅" },
  ]);
  ({ admin, outsider } = await adminAndOutsider(h, ADMIN_PASSWORD));
  const deps = h.deps;
  // Starts a session as a WeLink proof would, and tells who a cookie signs in.
  app = new Hono();
  app.get("/t/:slug/start/:oa", async (c) => {
    const t = (await findTenantBySlug(deps.db, c.req.param("slug")))!;
    return c.json(await startSession(deps, c, { tenantId: t.id, tenantSlug: t.slug, corpId: "corp-1", appId: null, welinkUserId: `w-${c.req.param("oa")}@welink`, oaUserId: c.req.param("oa"), channel: "scan" }));
  });
  app.get("/t/:slug/me", async (c) => c.json((await currentSession(deps, c, (await findTenantBySlug(deps.db, c.req.param("slug")))!.id))?.oaUserId ?? null));
});
afterAll(() => h.close());

const start = async (slug: string, oa: string) => {
  const res = await app.request(`/t/${slug}/start/${oa}`);
  return { id: ((await res.json()) as { id: string }).id, cookie: res.headers.get("set-cookie")!.split(";")[0]! };
};
const me = async (slug: string, cookie: string) => (await app.request(`/t/${slug}/me`, { headers: { cookie } })).json();
const inEnglish = async (c: AdminClient, path: string) => {
  await c.get(`/admin/lang/en?back=/admin`);
  const page = await c.getText(path);
  await c.get(`/admin/lang/zh-CN?back=/admin`);
  return page;
};

describe("the SSO settings page", () => {
  test("is in the navigation, in both languages, with the OA's CAS and OIDC addresses to copy", async () => {
    const { status, html } = await admin.getText("/admin/sso");
    expect(status).toBe(200);
    expect(html).toContain('href="/admin/sso" aria-current="page"');
    expect(html).toContain("首页和消息链接的登录方式");
    const base = `${h.config.publicUrl}/t/default`;
    for (const url of [`${base}/cas`, `${base}/cas/login`, `${base}/cas/serviceValidate`, `${base}/cas/p3/serviceValidate`, `${base}/cas/logout`, `${base}/oidc`, `${base}/oidc/.well-known/openid-configuration`]) {
      expect(html).toContain(`value="${url}"`);
    }
    expect(html).toMatch(/name="method" value="handoff" checked/);
    expect(html).toContain('value="480"');
    const en = await inEnglish(admin, "/admin/sso");
    expect(en.html).toContain("Sign-in method for the homepage and message links");
    expect(en.html).not.toContain("首页和消息链接");
  });

  test("saves the method and lifetime through the audited use case; bad input comes back with the typed values", async () => {
    const bad = await admin.post("/admin/sso", { method: "oidc", sessionMinutes: "4" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("请填写 5 到 43200 之间的整数分钟数");
    expect(html).toContain('value="4"');
    expect(html).toMatch(/name="method" value="oidc" checked/);
    expect(await (await h.call("GET", "/api/v1/sso/settings", { tenant: "default" })).json()).toEqual({ method: "handoff", sessionMinutes: 480 });

    const ok = await admin.post("/admin/sso", { method: "cas", sessionMinutes: "60" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/admin/sso?done=saved");
    expect(await (await h.call("GET", "/api/v1/sso/settings", { tenant: "default" })).json()).toEqual({ method: "cas", sessionMinutes: 60 });
    const done = (await admin.getText("/admin/sso?done=saved")).html;
    expect(done).toContain("单点登录设置已保存");
    // CAS chosen with no service registered: the page says so and links to the registry; once one is registered it stops.
    expect(done).toContain('data-warn="cas"');
    await h.call("POST", "/api/v1/sso/cas/services", { tenant: "default", body: { name: "OA", urlPrefix: "https://oa.example.com/" } });
    expect((await admin.getText("/admin/sso")).html).not.toContain("data-warn");
    const audit = (await (await h.call("GET", "/api/v1/audit?limit=5", { tenant: "default" })).json()) as { items: { action: string }[] };
    expect(audit.items.map((a) => a.action)).toContain("sso.settings.save");
    expect(await (await h.call("GET", "/api/v1/sso/settings", { tenant: "other" })).json()).toEqual({ method: "handoff", sessionMinutes: 480 });
  });

  test("a form without the CSRF field is refused and changes nothing", async () => {
    const res = await admin.post("/admin/sso", { method: "oidc", sessionMinutes: "90" }, { csrf: null });
    expect(res.status).toBe(403);
    expect(((await (await h.call("GET", "/api/v1/sso/settings", { tenant: "default" })).json()) as { method: string }).method).not.toBe("oidc");
  });
});

describe("the sign-in sessions page", () => {
  test("lists live sessions with the person's name and OA account, filters by person, and revoking ends the session", async () => {
    const empty = await outsider.getText("/admin/sso/sessions");
    expect(empty.html).toContain("目前没有有效的登录会话");
    const li = await start("default", "oa-li");
    await start("default", "oa-han");
    const foreign = await start("other", "oa-li");

    const page = await admin.getText("/admin/sso/sessions");
    expect(page.html).toContain("李雷");
    expect(page.html).toContain("lilei");
    expect(page.html).toContain("韩梅梅");
    expect(page.html).toContain("w-oa-li@welink");
    expect(page.html).toContain("扫码登录");
    // Times in the bridge's zone (Asia/Shanghai by default), the UTC instant beside them for machines.
    const started = new Date(h.deps.clock.now());
    const local = new Date(started.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
    expect(page.html).toContain(`<time datetime="${started.toISOString()}">${local}</time>`);
    const filtered = await admin.getText("/admin/sso/sessions?person=lile");
    expect(filtered.html).toContain("李雷");
    expect(filtered.html).not.toContain("韩梅梅");
    expect(page.html).toContain('href="/admin/sso/sessions?person=lilei"');
    expect((await admin.getText("/admin/sso/sessions?person=nobody")).html).toContain("没有与该人员匹配的有效会话");
    const en = await inEnglish(admin, "/admin/sso/sessions");
    expect(en.html).toContain("Scan login");
    expect(en.html).toContain("Revoke");

    // The API returns the names too.
    const api = (await (await h.call("GET", "/api/v1/sso/sessions?person=韩", { tenant: "default" })).json()) as { items: { name: string; oaAccount: string }[] };
    expect(api.items).toHaveLength(1);
    expect(api.items[0]).toMatchObject({ name: "韩梅梅", oaAccount: "hanmeimei" });

    // Another tenant's admin sees none of it and cannot revoke it.
    const theirs = await outsider.getText("/admin/sso/sessions");
    expect(theirs.html).not.toContain("李雷");
    expect(theirs.html).toContain(foreign.id);
    expect((await outsider.post(`/admin/sso/sessions/${li.id}/revoke`)).status).toBe(404);
    expect(await me("default", li.cookie)).toBe("oa-li");

    expect((await admin.post(`/admin/sso/sessions/${li.id}/revoke`, {}, { csrf: null })).status).toBe(403);
    expect(await me("default", li.cookie)).toBe("oa-li");
    const revoked = await admin.post(`/admin/sso/sessions/${li.id}/revoke`);
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get("location")).toBe("/admin/sso/sessions?done=revoked");
    expect(await me("default", li.cookie)).toBeNull();
    expect(await me("other", foreign.cookie)).toBe("oa-li");
    const after = await admin.getText("/admin/sso/sessions?done=revoked");
    expect(after.html).toContain("会话已撤销");
    expect(after.html).not.toContain(li.id);
    const audit = (await (await h.call("GET", "/api/v1/audit?limit=5", { tenant: "default" })).json()) as { items: { action: string; target: string }[] };
    expect(audit.items).toContainEqual(expect.objectContaining({ action: "sso.session.revoke", target: `session:${li.id}` }));
  });

  test("in the global view the area asks for a tenant", async () => {
    const global = await signedIn(h.app, "admin", ADMIN_PASSWORD);
    await global.post("/admin/tenant", { tenant: "", back: "/admin" });
    const { status, html } = await global.getText("/admin/sso/sessions");
    expect(status).toBe(200);
    expect(html).toContain("单点登录设置属于某个租户");
  });
});
