import { afterAll, beforeAll, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../helpers/harness.ts";
import { registerApp } from "../../src/sandbox/welink/sandbox.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { type AdminClient, signedIn } from "../helpers/admin-client.ts";

type Json = Record<string, any>;
let rs: RunningSandbox;
let h: Harness;
let client: AdminClient;
let corpId: string;
const T = { tenant: "default" };

beforeAll(async () => {
  rs = startSandbox();
  h = await startHarness({ env: { WELINK_BASE_URL: rs.baseUrl } });
  client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
  await client.post("/admin/tenant", { tenant: "default", back: "/admin" });
  const corp = (await (await h.call("POST", "/api/v1/corps", { ...T, body: { name: "权限企业", welinkTenantId: rs.sb.settings.tenantId } })).json()) as Json;
  corpId = corp.id;
});
afterAll(() => {
  h.close();
  rs.stop();
});

async function appWith(clientId: string, permissions: ("auth" | "contact-read" | "contact-sync" | "todo" | "message")[]): Promise<string> {
  registerApp(rs.sb, { clientId, clientSecret: `${clientId}-secret`, permissions });
  const res = await h.call("POST", `/api/v1/corps/${corpId}/apps`, { ...T, body: { name: `应用 ${clientId}`, clientId, clientSecret: `${clientId}-secret` } });
  expect(res.status).toBe(201);
  return ((await res.json()) as Json).id;
}

const inEnglish = async <R>(f: () => Promise<R>): Promise<R> => {
  await client.get("/admin/lang/en?back=/admin");
  try {
    return await f();
  } finally {
    await client.get("/admin/lang/zh-CN?back=/admin");
  }
};

describe("testing each permission of an app", () => {
  test("every permission is probed without changing WeLink; the missing ones are named with where to apply, in both languages", async () => {
    const appId = await appWith("perm-partial", ["auth", "contact-read"]);
    const before = rs.sb.calls.length;
    const res = await client.post(`/admin/apps/${appId}/test`);
    expect(res.status).toBe(200);
    const zh = await res.text();
    const paths = rs.sb.calls.slice(before).map((c) => c.path);
    expect(paths).toEqual(expect.arrayContaining(["/api/contact/v1/batch/result", "/api/todo/v1/deltask", "/api/messages/v1/recall"]));
    // Only reads and made-up ids: nothing is created, changed or sent.
    expect(paths.filter((p) => /create|update|send|addtask|card/.test(p))).toEqual([]);
    expect(zh).toContain("连接正常");
    expect(zh).toContain("以下权限暂不需要，但启用对应功能前需要申请：“通讯录同步”、“待办”、“消息”");
    expect(zh).toContain("开发者后台 → 权限管理 → 申请“待办”");
    expect(zh.match(/badge ok">已授权/g)?.length).toBe(2);
    expect(zh.match(/badge bad">缺少/g)?.length).toBe(3);
    const en = await inEnglish(() => client.getText(`/admin/apps/${appId}`));
    expect(en.html).toContain("Not needed yet, but apply for them before using their features: “Contact sync”, “Todo”, “Messages”");
    expect(en.html).toContain("Developer console → Permissions → apply for “Messages”");
    expect(en.html).toContain(`<strong>Messages</strong> <span class="muted" lang="zh-CN">消息</span>`);
    expect(en.html.match(/badge bad">missing/g)?.length).toBe(3);
    // The API tells the same, feature by feature.
    const api = (await (await h.call("POST", `/api/v1/apps/${appId}/test`, T)).json()) as Json;
    expect(api.permissions).toEqual([
      { feature: "identity", state: "granted", needed: true },
      { feature: "contacts-read", state: "granted", needed: false },
      { feature: "contacts-sync", state: "missing", needed: false },
      { feature: "todo", state: "missing", needed: false },
      { feature: "messages", state: "missing", needed: false },
    ]);
  });

  test("a sync app of a read-write corp without contact sync fails its test, and says the permission is needed", async () => {
    const appId = await appWith("perm-sync", ["auth", "contact-read", "todo", "message"]);
    await h.call("PATCH", `/api/v1/corps/${corpId}`, { ...T, body: { syncAppId: appId, contactPermission: "read-write" } });
    const res = await client.post(`/admin/apps/${appId}/test`);
    expect(res.status).toBe(502);
    const html = await res.text();
    expect(html).toContain("WELINK_NO_PERMISSION");
    expect(html).toContain("缺少当前设置所需的权限：“通讯录同步”");
    const stored = (await (await h.call("GET", `/api/v1/apps/${appId}`, T)).json()) as Json;
    expect(stored.lastTest).toMatchObject({ ok: false, code: "WELINK_NO_PERMISSION", permissions: { identity: "granted", "contacts-sync": "missing", todo: "granted" } });
    await h.call("PATCH", `/api/v1/corps/${corpId}`, { ...T, body: { syncAppId: null, contactPermission: "read-only" } });
  });
});

describe("a corp whose app fails its test", () => {
  test("is shown as enabled with a warning naming the app, on the corps list and the corp page, until the app passes", async () => {
    const appId = await appWith("perm-none", ["contact-read"]);
    expect((await client.post(`/admin/apps/${appId}/test`)).status).toBe(502);
    const list = await client.getText("/admin/corps");
    expect(list.html).toContain('badge bad">启用，但应用测试失败');
    expect(list.html).toContain(`<a href="/admin/apps/${appId}">应用 perm-none</a>`);
    const page = await client.getText(`/admin/corps/${corpId}`);
    expect(page.html).toContain("启用，但应用测试失败");
    expect(page.html).toContain("缺少必需的 WeLink 权限");
    const en = await inEnglish(() => client.getText("/admin/corps"));
    expect(en.html).toContain('badge bad">enabled, but an app fails its test');
    // Pointed at WeLink credentials that hold the permission and tested again: the corp is plainly enabled.
    registerApp(rs.sb, { clientId: "perm-fixed", clientSecret: "perm-fixed-secret", permissions: ["auth"] });
    expect((await h.call("PATCH", `/api/v1/apps/${appId}`, { ...T, body: { clientId: "perm-fixed", clientSecret: "perm-fixed-secret" } })).status).toBe(200);
    const again = await client.post(`/admin/apps/${appId}/test`);
    expect(again.status).toBe(200);
    // (The earlier test's sync app still fails: only this app leaves the warning.)
    const after = (await client.getText("/admin/corps")).html;
    expect(after).not.toContain(`<a href="/admin/apps/${appId}">`);
    const listed = (await (await h.call("GET", `/api/v1/corps/${corpId}/apps`, T)).json()) as { items: Json[] };
    const syncApp = listed.items.find((a) => a.clientId === "perm-sync")!;
    expect((await h.call("DELETE", `/api/v1/apps/${syncApp.id}`, T)).status).toBe(204);
    expect((await client.getText("/admin/corps")).html).not.toContain("启用，但应用测试失败");
  });
});
