import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../helpers/harness.ts";
import { resolveAppByKey } from "../../src/corps/app-client.ts";
import { listCorps } from "../../src/corps/corps.ts";
import { listApps } from "../../src/corps/apps.ts";
import { systemCtx } from "../../src/kernel/actor.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { AdminClient, signedIn } from "../helpers/admin-client.ts";
import { eq } from "drizzle-orm";
import { corps } from "../../src/accounts/schema.ts";

let rs: RunningSandbox;
let h: Harness | undefined;
let client: AdminClient;
beforeAll(() => {
  rs = startSandbox();
});
afterAll(() => rs.stop());
afterEach(() => {
  h?.close();
  h = undefined;
});

/** A fresh bridge in sandbox mode, with the global admin signed in and working in tenant `default`. */
async function inDefaultTenant(): Promise<AdminClient> {
  h = await startHarness({ env: { WELINK_BASE_URL: rs.baseUrl } });
  client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  return client;
}

async function ctx() {
  const row = await findTenantBySlug(h!.deps.db, "default");
  return systemCtx({ id: row!.id, slug: "default" });
}

/** Adds a corp and an app through the forms; returns their ids. */
async function corpWithApp(secret = "test-secret-0123456789") {
  const made = await client.post("/admin/corps", { name: "演示企业", welinkTenantId: "demo-tenant", apiBaseUrl: "" });
  expect(made.status).toBe(303);
  const corpId = made.headers.get("location")!.split("/")[3]!.split("?")[0]!;
  const app = await client.post(`/admin/corps/${corpId}/apps`, { name: "OA 门户", clientId: "test-client", clientSecret: secret, enabled: "on", targetKind: "module", targetModule: "待办" });
  expect(app.status).toBe(303);
  const appId = app.headers.get("location")!.split("/")[3]!.split("?")[0]!;
  return { corpId, appId };
}

describe("corp pages", () => {
  test("the area is in the nav and asks for a tenant in the global view", async () => {
    await inDefaultTenant();
    const overview = await client.getText("/admin");
    expect(overview.html).toContain('href="/admin/corps"');
    expect((await client.post("/admin/tenant", { tenant: "", back: "/admin" })).status).toBe(303);
    const page = await client.getText("/admin/corps");
    expect(page.status).toBe(200);
    expect(page.html).toContain("WeLink 企业属于某个租户");
  });

  test("a corp added through the form uses the configured WeLink address and shows on its page", async () => {
    await inDefaultTenant();
    const form = await client.getText("/admin/corps/new");
    expect(form.html).toContain(`value="${rs.baseUrl}"`);
    const { corpId } = await corpWithApp();
    const page = await client.getText(`/admin/corps/${corpId}`);
    expect(page.html).toContain("演示企业");
    expect(page.html).toContain(rs.baseUrl);
    expect(page.html).toContain("OA 门户");
    const [corp] = await listCorps(h!.deps, await ctx());
    expect(corp).toMatchObject({ name: "演示企业", welinkTenantId: "demo-tenant", apiBaseUrl: rs.baseUrl });
  });

  test("form mistakes are shown next to their fields", async () => {
    await inDefaultTenant();
    const empty = await client.post("/admin/corps", { name: "", welinkTenantId: "", apiBaseUrl: "not a url" });
    expect(empty.status).toBe(422);
    const html = await empty.text();
    expect(html).toContain("请填写名称");
    expect(html).toContain("请填写 WeLink 租户 ID");
    expect(html).toContain("请填写完整的 http(s) 地址");
    await corpWithApp();
    const dup = await client.post("/admin/corps", { name: "Again", welinkTenantId: "demo-tenant" });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain("本租户已接入这个 WeLink 企业");
  });

  test("a name WeLink would refuse is named with its characters, in Chinese and in English", async () => {
    await inDefaultTenant();
    const zh = await client.post("/admin/corps", { name: "演示 企业", welinkTenantId: "demo-tenant", apiBaseUrl: "" });
    expect(zh.status).toBe(422);
    const zhHtml = await zh.text();
    // Escaped in HTML: & ' < > come back as entities, so compare the unescaped text.
    const text = (html: string) => html.replace(/&amp;/g, "&").replace(/&#39;|&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    expect(text(zhHtml)).toContain("名称不能包含空格，也不能包含以下字符：# % & ' + ; < > = \\ / ? ？ …");
    expect(zhHtml).toContain('value="演示 企业"');
    expect(text(zhHtml)).toContain("与 WeLink 的企业名称规则相同：不能包含空格，也不能包含 # % & ' + ; < > = \\ / ? ？ …。");
    expect((await client.get("/admin/lang/en?back=/admin")).status).toBe(303);
    const { corpId } = await corpWithApp();
    const en = await client.post(`/admin/corps/${corpId}/edit`, { name: "Demo+Corp", apiBaseUrl: rs.baseUrl, enabled: "on", contactPermission: "read-only", ruleOa1: "mobile", ruleWelink1: "mobile", ruleCombine: "or" });
    expect(en.status).toBe(422);
    expect(text(await en.text())).toContain("The name must not contain spaces or any of these characters: # % & ' + ; < > = \\ / ? ？ …");
    expect((await listCorps(h!.deps, await ctx()))[0]!.name).toBe("演示企业");
    const good = await client.post(`/admin/corps/${corpId}/edit`, { name: "演示企业（华南）", apiBaseUrl: rs.baseUrl, enabled: "on", contactPermission: "read-only", ruleOa1: "mobile", ruleWelink1: "mobile", ruleCombine: "or" });
    expect(good.status).toBe(303);
    expect((await listCorps(h!.deps, await ctx()))[0]!.name).toBe("演示企业（华南）");
  });

  test("a name stored before the rule was checked can be saved unchanged, but not changed into another refused one", async () => {
    await inDefaultTenant();
    const { corpId } = await corpWithApp();
    await h!.deps.db.update(corps).set({ name: "Demo Corp" }).where(eq(corps.id, corpId));
    const form = { apiBaseUrl: rs.baseUrl, enabled: "on", contactPermission: "read-write", ruleOa1: "mobile", ruleWelink1: "mobile", ruleCombine: "or" };
    expect((await client.post(`/admin/corps/${corpId}/edit`, { ...form, name: "Demo Corp" })).status).toBe(303);
    const [saved] = await listCorps(h!.deps, await ctx());
    expect(saved).toMatchObject({ name: "Demo Corp", contactPermission: "read-write" });
    expect((await client.post(`/admin/corps/${corpId}/edit`, { ...form, name: "Demo Corp 2" })).status).toBe(422);
  });

  test("editing sets the sync app and the binding rule", async () => {
    await inDefaultTenant();
    const { corpId, appId } = await corpWithApp();
    const fields = { name: "改名企业", apiBaseUrl: rs.baseUrl, enabled: "on", contactPermission: "read-write", syncAppId: appId, ruleEnabled: "on", ruleOa1: "employeeNo", ruleWelink1: "account", ruleOa2: "mobile", ruleWelink2: "mobile", ruleCombine: "and" };
    expect((await client.post(`/admin/corps/${corpId}/edit`, fields)).status).toBe(303);
    const [corp] = await listCorps(h!.deps, await ctx());
    expect(corp).toMatchObject({ name: "改名企业", enabled: true, contactPermission: "read-write", syncAppId: appId });
    expect(corp!.bindingRule).toEqual({ enabled: true, terms: [{ oa: "employeeNo", welink: "account" }, { oa: "mobile", welink: "mobile" }], combine: "and" });
    expect(await (await client.get(`/admin/corps/${corpId}`)).text()).toContain("OA 工号 ↔ WeLink 账号, OA 手机号 ↔ WeLink 手机号");
    const noTerms = await client.post(`/admin/corps/${corpId}/edit`, { ...fields, ruleOa1: "", ruleWelink1: "", ruleOa2: "", ruleWelink2: "" });
    expect(noTerms.status).toBe(422);
    expect(await noTerms.text()).toContain("请至少填写一个匹配条件");
    // A term with one side chosen is refused rather than guessed, and re-shown as sent.
    const half = await client.post(`/admin/corps/${corpId}/edit`, { ...fields, ruleWelink2: "" });
    expect(half.status).toBe(422);
    expect(await half.text()).toMatch(/name="ruleOa2"[\s\S]*?<option value="mobile" selected/);
  });

  test("removing asks first, lists what goes with it, then removes", async () => {
    await inDefaultTenant();
    const { corpId } = await corpWithApp();
    const confirm = await client.getText(`/admin/corps/${corpId}/delete`);
    expect(confirm.html).toContain("移除企业「演示企业」？");
    expect(confirm.html).toContain("1 个应用");
    expect(confirm.html).toContain("0 条人员绑定");
    expect(confirm.html).toContain("登录日志");
    expect(confirm.html).toContain('name="deleteDirectory" checked');
    const removed = await client.post(`/admin/corps/${corpId}/delete`, { deleteDirectory: "on" });
    expect(removed.headers.get("location")).toBe("/admin/corps?done=removed");
    expect(await listCorps(h!.deps, await ctx())).toEqual([]);
  });

  test("unticking 'also delete the directory' only disconnects: the corp stays, marked, without its apps", async () => {
    await inDefaultTenant();
    const { corpId } = await corpWithApp();
    const res = await client.post(`/admin/corps/${corpId}/delete`);
    expect(res.headers.get("location")).toBe(`/admin/corps/${corpId}?done=disconnected`);
    const page = await client.getText(`/admin/corps/${corpId}?done=disconnected`);
    expect(page.html).toContain("已解除集成");
    expect(page.html).toContain("已断开（通讯录保留）");
    const [corp] = await listCorps(h!.deps, await ctx());
    expect(corp).toMatchObject({ id: corpId, enabled: false });
    expect(corp!.disconnectedAt).not.toBeNull();
  });
});

describe("app pages", () => {
  test("an app's page shows its homepage URL with a copy button, the masked secret, the permissions and the visible-range warning", async () => {
    await inDefaultTenant();
    const { corpId, appId } = await corpWithApp();
    const [app] = await listApps(h!.deps, await ctx(), corpId);
    const page = await client.getText(`/admin/apps/${appId}?done=created`);
    expect(page.html).toContain("应用已添加");
    expect(page.html).toMatch(new RegExp(`<input[^>]*readonly[^>]*value="${app!.homepageUrl}"`));
    expect(page.html).toMatch(/<span hidden="">\s*<button type="button"[^>]*data-copy=/);
    expect(page.html).toContain('<script src="/admin/assets/copy.js"');
    expect(page.html).toContain("te••••••89");
    expect(page.html).not.toContain("test-secret-0123456789");
    for (const permission of ["身份验证 / 免登", "通讯录读取", "通讯录同步", "<strong>待办</strong>", "<strong>消息</strong>"]) expect(page.html).toContain(permission);
    expect(page.html).toContain("不在应用可见范围内的人员无法打开应用");
    const script = await client.get("/admin/assets/copy.js");
    expect(script.headers.get("content-type")).toContain("text/javascript");
    expect(await script.text()).toContain("navigator.clipboard");
  });

  test("the edit form never shows the secret; empty keeps it, a new one replaces it; a bad target is explained", async () => {
    await inDefaultTenant();
    const { appId } = await corpWithApp();
    const form = await client.getText(`/admin/apps/${appId}/edit`);
    expect(form.html).toContain('type="password"');
    expect(form.html).not.toContain("test-secret-0123456789");
    const key = (await listApps(h!.deps, await ctx(), (await listCorps(h!.deps, await ctx()))[0]!.id))[0]!.appKey;
    const base = { name: "OA 门户", clientId: "test-client", enabled: "on", targetKind: "link", targetModule: "首页", targetLink: "/workflow/list" };
    expect((await client.post(`/admin/apps/${appId}/edit`, { ...base, clientSecret: "" })).status).toBe(303);
    expect((await resolveAppByKey(h!.deps, key))!.app).toMatchObject({ clientSecret: "test-secret-0123456789", targetKind: "link", targetValue: "/workflow/list" });
    expect((await client.post(`/admin/apps/${appId}/edit`, { ...base, clientSecret: "a-brand-new-secret" })).status).toBe(303);
    expect((await resolveAppByKey(h!.deps, key))!.app.clientSecret).toBe("a-brand-new-secret");
    const bad = await client.post(`/admin/apps/${appId}/edit`, { ...base, targetLink: "ftp://elsewhere" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("主页目标无效");
  });

  test("test connection answers in words: fine with the right secret, 10007 with a wrong one", async () => {
    await inDefaultTenant();
    const good = await corpWithApp();
    const ok = await client.post(`/admin/apps/${good.appId}/test`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("连接正常");
    const wrong = await client.post(`/admin/corps/${good.corpId}/apps`, { name: "Wrong", clientId: "other-client", clientSecret: "nope", targetKind: "module", targetModule: "首页" });
    const wrongId = wrong.headers.get("location")!.split("/")[3]!.split("?")[0]!;
    const failed = await client.post(`/admin/apps/${wrongId}/test`);
    expect(failed.status).toBe(502);
    const html = await failed.text();
    expect(html).toContain("10007");
    expect(html).toContain("client_secret");
    expect(html).toContain("WELINK_AUTH_FAILED");
  });

  test("removing an app asks first and goes back to its corp", async () => {
    await inDefaultTenant();
    const { corpId, appId } = await corpWithApp();
    expect((await client.getText(`/admin/apps/${appId}/delete`)).html).toContain("移除应用「OA 门户」？");
    const res = await client.post(`/admin/apps/${appId}/delete`);
    expect(res.headers.get("location")).toBe(`/admin/corps/${corpId}?done=appRemoved`);
    expect((await client.getText(`/admin/corps/${corpId}?done=appRemoved`)).html).toContain("应用已移除");
    expect((await client.get(`/admin/apps/${appId}`)).status).toBe(404);
  });
});
