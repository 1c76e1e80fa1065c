import { afterAll, beforeAll, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the feature modules build their schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../../helpers/harness.ts";
import { adminAndOutsider, type AdminClient } from "../../helpers/admin-client.ts";
import { findTenantBySlug } from "../../../src/accounts/store.ts";
import { secretMatches } from "../../../src/login/oidc/clients.ts";
import { findClientRow } from "../../../src/login/oidc/store.ts";

let h: Harness;
let admin: AdminClient;
let outsider: AdminClient;
beforeAll(async () => {
  h = await startHarness();
  ({ admin, outsider } = await adminAndOutsider(h, ADMIN_PASSWORD));
});
afterAll(() => h.close());

type Client = { id: string; clientId: string; name: string; type: string; redirectUris: string[]; postLogoutUris: string[] };
const clients = async (tenant = "default") => ((await (await h.call("GET", "/api/v1/sso/oidc/clients", { tenant })).json()) as { items: Client[] }).items;
/** The secret shown in the page's copy field, if any. */
const shownSecret = (html: string) => /id="oidc-client-secret"[^>]*value="([^"]+)"/.exec(html)?.[1];
const matches = async (id: string, secret: string) => secretMatches((await findClientRow(h.deps.db, (await findTenantBySlug(h.deps.db, "default"))!.id, id))!, secret);

describe("the OIDC client pages", () => {
  test("the empty list says what to do next, in both languages", async () => {
    expect((await admin.getText("/admin/sso/oidc")).html).toContain("还没有登记 OIDC 客户端");
    expect((await admin.getText("/admin/sso/oidc/new")).html).toContain("回调地址（redirect_uri）");
    await admin.get("/admin/lang/en?back=/admin");
    expect((await admin.getText("/admin/sso/oidc")).html).toContain("No OIDC clients registered yet");
    expect((await admin.getText("/admin/sso/oidc/new")).html).toContain("Post-logout redirect URIs");
    await admin.get("/admin/lang/zh-CN?back=/admin");
  });

  test("bad input shows the form with the errors and keeps what was typed", async () => {
    const res = await admin.post("/admin/sso/oidc", { name: "报销系统", type: "confidential", redirectUris: "https://oa.example.com/cb\nhttp://oa.example.com/cb2", postLogoutUris: "https://oa.example.com/#x" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("请每行填写一个完整的 https 地址");
    expect(html).toContain('value="报销系统"');
    expect(html).toContain("http://oa.example.com/cb2");
    expect(html).toContain("https://oa.example.com/#x");
    expect(html).toMatch(/value="confidential" checked/);
    expect((await admin.post("/admin/sso/oidc", { name: "x", type: "", redirectUris: "https://a.example/cb" })).status).toBe(422);
    expect((await admin.post("/admin/sso/oidc", { name: "x", type: "public", redirectUris: "https://a.example/cb" }, { csrf: null })).status).toBe(403);
    expect(await clients()).toEqual([]);
  });

  test("create shows the secret once; edit, rotate (a new secret once, the old one dead) and delete", async () => {
    const created = await admin.post("/admin/sso/oidc", { name: "报销系统", type: "confidential", redirectUris: "https://oa.example.com/cb\n\n https://oa.example.com/cb2 ", postLogoutUris: "https://oa.example.com/bye" });
    expect(created.status).toBe(200);
    const page = await created.text();
    const secret = shownSecret(page)!;
    expect(secret).toMatch(/^[\w-]{40,}$/);
    expect(page).toContain("它只显示这一次");
    const [cl] = await clients();
    expect(cl).toMatchObject({ name: "报销系统", type: "confidential", redirectUris: ["https://oa.example.com/cb", "https://oa.example.com/cb2"], postLogoutUris: ["https://oa.example.com/bye"] });
    expect(page).toContain(`value="${cl!.clientId}"`);
    expect(await matches(cl!.id, secret)).toBe(true);
    for (const path of ["/admin/sso/oidc", `/admin/sso/oidc/${cl!.id}`, `/admin/sso/oidc/${cl!.id}/secret`, `/admin/sso/oidc/${cl!.id}/delete`]) {
      expect((await admin.getText(path)).html).not.toContain(secret);
    }

    const edited = await admin.post(`/admin/sso/oidc/${cl!.id}`, { name: "报销", type: "public", redirectUris: "https://oa.example.com/cb3", postLogoutUris: "" });
    expect(edited.headers.get("location")).toBe("/admin/sso/oidc?done=saved");
    expect((await clients())[0]).toMatchObject({ name: "报销", type: "confidential", redirectUris: ["https://oa.example.com/cb3"], postLogoutUris: [] });

    expect((await admin.getText(`/admin/sso/oidc/${cl!.id}/secret`)).html).toContain("旧密钥立即失效");
    const rotated = await admin.post(`/admin/sso/oidc/${cl!.id}/secret`);
    const fresh = shownSecret(await rotated.text())!;
    expect(fresh).toBeTruthy();
    expect(fresh).not.toBe(secret);
    expect(await matches(cl!.id, fresh)).toBe(true);
    expect(await matches(cl!.id, secret)).toBe(false);
    expect((await admin.getText("/admin/sso/oidc")).html).not.toContain(fresh);

    // A public client has no secret to show or rotate.
    const pub = await admin.post("/admin/sso/oidc", { name: "移动端", type: "public", redirectUris: "https://m.example.com/cb" });
    expect(shownSecret(await pub.text())).toBeUndefined();

    // Another tenant's admin sees none of it and reaches none of it.
    expect((await outsider.getText("/admin/sso/oidc")).html).not.toContain(cl!.clientId);
    expect((await outsider.getText(`/admin/sso/oidc/${cl!.id}`)).status).toBe(404);
    expect((await outsider.post(`/admin/sso/oidc/${cl!.id}/secret`)).status).toBe(404);
    expect((await outsider.post(`/admin/sso/oidc/${cl!.id}/delete`)).status).toBe(404);
    expect(await matches(cl!.id, fresh)).toBe(true);

    expect((await admin.getText(`/admin/sso/oidc/${cl!.id}/delete`)).html).toContain("访问令牌全部作废");
    const deleted = await admin.post(`/admin/sso/oidc/${cl!.id}/delete`);
    expect(deleted.headers.get("location")).toBe("/admin/sso/oidc?done=deleted");
    expect((await clients()).map((c) => c.name)).toEqual(["移动端"]);
    const audit = (await (await h.call("GET", "/api/v1/audit?limit=10", { tenant: "default" })).json()) as { items: { action: string }[] };
    expect(audit.items.map((a) => a.action)).toEqual(expect.arrayContaining(["sso.oidc.client.create", "sso.oidc.client.update", "sso.oidc.client.rotate-secret", "sso.oidc.client.delete"]));
    expect(JSON.stringify(audit)).not.toContain(fresh);
  });
});
