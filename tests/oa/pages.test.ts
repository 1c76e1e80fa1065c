import { afterEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before tenants.ts builds its zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../helpers/harness.ts";
import { getOaConnection } from "../../src/oa/connection/connection.ts";
import { HTTP_FIELDS } from "../../src/oa/http/form.ts";
import { labelOf } from "../../src/oa/http/fields.tsx";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { systemCtx } from "../../src/kernel/actor.ts";
import { createAdminUser } from "../../src/accounts/admins.ts";
import { httpForm, startFixtureOa, type FixtureOa } from "./fixture-oa.ts";
import { AdminClient, signedIn } from "../helpers/admin-client.ts";

let h: Harness | undefined;
let oa: FixtureOa | undefined;
afterEach(() => {
  oa?.stop();
  h?.close();
  oa = h = undefined;
});

/** The global admin, signed in and working in tenant `default` (the OA pages need a tenant). */
async function inDefaultTenant(): Promise<AdminClient> {
  h = await startHarness();
  const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  return client;
}

async function savedConnection() {
  const row = await findTenantBySlug(h!.deps.db, "default");
  return getOaConnection(h!.deps, systemCtx({ id: row!.id, slug: "default" }));
}

/** Posts a multipart form (a file upload) the way a browser does, CSRF field included. */
function upload(client: AdminClient, path: string, file: { name: string; text: string } | null, csrf = client.csrf) {
  const form = new FormData();
  if (csrf) form.append("_csrf", csrf);
  form.append("file", file ? new File([file.text], file.name, { type: "text/csv" }) : new File([], ""));
  const cookie = [...client.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return Promise.resolve(h!.app.request(path, { method: "POST", body: form, headers: { cookie } }));
}

describe("admin OA pages in the global view", () => {
  test("every OA page asks to choose a tenant first", async () => {
    h = await startHarness();
    const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
    expect((await client.post("/admin/tenant", { tenant: "", back: "/admin" })).status).toBe(303);
    for (const path of ["/admin/oa/connection", "/admin/oa/directory", "/admin/oa/csv"]) {
      const page = await client.getText(path);
      expect(page.status).toBe(200);
      expect(page.html).toContain("请先在页面顶部的「工作租户」中选择一个租户");
    }
    const refresh = await client.post("/admin/oa/refresh");
    expect(refresh.status).toBe(409);
    expect(await refresh.text()).toContain("选择一个租户");
  });

  test("the nav's directory area links to the OA directory", async () => {
    const client = await inDefaultTenant();
    expect((await client.getText("/admin")).html).toContain('href="/admin/directory"');
    expect((await client.getText("/admin/directory")).html).toContain('href="/admin/oa/directory"');
    expect((await client.get("/admin/oa")).headers.get("location")).toBe("/admin/oa/directory");
  });
});

describe("admin OA connection", () => {
  test("a demo connection saved through the form shows its token only as set, and an empty secret keeps it", async () => {
    const client = await inDefaultTenant();
    const token = "demo-secret-token-987654";
    const res = await client.post("/admin/oa/connection", { type: "demo", baseUrl: "http://127.0.0.1:1", secret: token, refreshCron: "" });
    expect(res.headers.get("location")).toBe("/admin/oa/connection?done=saved");
    const page = (await client.getText("/admin/oa/connection?done=saved")).html;
    expect(page).toContain("OA 连接已保存");
    expect(page).toContain("令牌: 已设置 ••••");
    expect(page).not.toContain(token);
    expect(page).not.toContain("de••••••54"); // not even the masked ends
    const before = (await savedConnection()).secrets.token;

    expect((await client.post("/admin/oa/connection", { type: "demo", baseUrl: "http://127.0.0.1:2", secret: "" })).status).toBe(303);
    const after = await savedConnection();
    expect(after.secrets.token).toBe(before);
    expect(after.settings).toEqual({ baseUrl: "http://127.0.0.1:2" });
  });

  test("an http connection saved through the full form tests fine; a closed port is explained in words", async () => {
    oa = startFixtureOa();
    const client = await inDefaultTenant();
    expect((await client.post("/admin/oa/connection", httpForm(oa.url, { secret: oa.token }))).status).toBe(303);
    const form = (await client.getText("/admin/oa/connection")).html;
    expect(form).toContain('value="/org/depts"');
    expect(form).not.toContain(oa.token);

    const ok = await client.post("/admin/oa/connection/test");
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("连接正常");

    // The secret left empty is kept; only the address changes, to a port nothing listens on.
    expect((await client.post("/admin/oa/connection", httpForm("http://127.0.0.1:1"))).status).toBe(303);
    const down = await client.post("/admin/oa/connection/test");
    expect(down.status).toBe(502);
    const html = await down.text();
    expect(html).toContain("无法连接到 OA（http://127.0.0.1:1/");
    expect(html).toContain("请检查 OA 地址是否正确");
    expect(html).toContain("OA_UNREACHABLE");
    expect((await savedConnection()).secrets.token).not.toBeNull();
  });

  test("bad fields are shown next to their inputs, with what was typed kept", async () => {
    const client = await inDefaultTenant();
    const bad = await client.post("/admin/oa/connection", httpForm("not a url", { "departments.path": "org/depts", "paging.size": "lots" }));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    for (const field of ["baseUrl", "departments.path", "paging.size"]) expect(html).toContain(`id="f-${field}-error"`);
    expect(html).toContain('value="org/depts"');
    expect(html).toContain("表单有错误");

    const cron = await client.post("/admin/oa/connection", { type: "demo", baseUrl: "http://127.0.0.1:1", refreshCron: "every tuesday" });
    expect(cron.status).toBe(422);
    const cronHtml = await cron.text();
    expect(cronHtml).toContain('id="f-refreshCron-error"');
    expect(cronHtml).toContain("不是可用的 cron 表达式");

    const json = await client.post("/admin/oa/connection", { type: "http", settingsJson: '{"baseUrl": "https://oa.example.cn"}' });
    expect(json.status).toBe(422);
    expect(await json.text()).toMatch(/id="f-settingsJson-error"[^>]*>[^<]*departments/);
  });

  test("the connection is removed after a confirmation", async () => {
    const client = await inDefaultTenant();
    await client.post("/admin/oa/connection", { type: "csv" });
    expect((await client.getText("/admin/oa/connection/delete")).html).toContain("移除此租户的 OA 连接？");
    expect((await client.post("/admin/oa/connection/delete")).headers.get("location")).toBe("/admin/oa/connection?done=removed");
    expect((await client.getText("/admin/oa/connection?done=removed")).html).toContain("此租户还没有 OA 连接");
  });

  test("every http input has a label in both languages", () => {
    for (const name of HTTP_FIELDS) {
      expect(labelOf("zh-CN", name)).not.toBe(name);
      expect(labelOf("en", name)).not.toBe(name);
    }
  });
});

describe("admin OA directory", () => {
  test("a refresh fills the counts, tree and people; a failed one shows its error and keeps them", async () => {
    oa = startFixtureOa();
    const client = await inDefaultTenant();
    await client.post("/admin/oa/connection", httpForm(oa.url, { secret: oa.token }));
    expect((await client.getText("/admin/oa/directory")).html).toContain("还没有刷新过");

    expect((await client.post("/admin/oa/refresh")).headers.get("location")).toBe("/admin/oa/directory?done=refreshed");
    const page = (await client.getText("/admin/oa/directory?done=refreshed")).html;
    expect(page).toContain("刷新完成：3 个部门，7 人。");
    expect(page).toMatch(/<ul><li><a href="[^"]*dept=d1[^"]*"><span translate="no">部门1<\/span><\/a><ul><li>/); // d2, d3 nested under d1, names marked as data
    expect(page).toContain("user7");

    const search = (await client.getText("/admin/oa/directory?q=user7")).html;
    expect(search).toContain("用户7");
    expect(search).not.toContain("用户6");

    oa.state.mode = "malformed";
    const failed = await client.post("/admin/oa/refresh");
    expect(failed.status).toBe(502);
    const html = await failed.text();
    expect(html).toContain("OA_BAD_RESPONSE");
    expect(html).toContain("仍是上一次成功的快照（3 个部门，7 人）");
    expect(html).toContain("用户1");
  });
});

describe("admin CSV import", () => {
  test("uploads keep good rows, list the failed ones, and offer them as a result file", async () => {
    const client = await inDefaultTenant();
    await client.post("/admin/oa/connection", { type: "csv" });
    const depts = { name: "部门.csv", text: "部门路径,排序\n公司>>研发部>>平台组,1\n公司>>>>坏,2\n公司>>市场部,x\n" };
    const res = await upload(client, "/admin/oa/csv/departments", depts);
    expect(res.status).toBe(303);
    const summary = (await client.getText(res.headers.get("location")!)).html;
    expect(summary).toContain('导入结果：<span translate="no">部门.csv</span>');
    expect(summary).toMatch(/失败<\/th><td><strong class="danger-text">2</);
    const href = /href="(\/admin\/oa\/csv\/imports\/[^"]+\/result\.csv)"/.exec(summary)?.[1] ?? "";
    const result = await client.get(href);
    expect(result.headers.get("content-type")).toContain("text/csv");
    const csv = await result.text();
    expect(csv).toContain("line,reason,部门路径,排序");
    expect(csv).toMatch(/\r\n3,[^\r]*空层级[^\r]*\r\n4,/);

    const people = { name: "people.csv", text: "人员ID,账号,姓名,部门,手机\n1,zs,张三,公司>>研发部>>平台组,13800000001\n2,ls,李四,公司>>市场部,12345\n" };
    const second = await upload(client, "/admin/oa/csv/users", people);
    const page = (await client.getText(second.headers.get("location")!)).html;
    expect(page).toContain("手机号格式不正确");
    expect(page).toContain("people.csv");
    // Uploading only the corrected row completes the import.
    await upload(client, "/admin/oa/csv/users", { name: "fixed.csv", text: "人员ID,账号,姓名,部门,手机\n2,ls,李四,公司>>市场部,13800000002\n" });
    const dir = (await client.getText("/admin/oa/directory")).html;
    expect(dir).toContain("李四");
    expect(dir).toContain("张三");
  });

  test("a refused file, a missing file and a missing CSRF field are answered in words", async () => {
    const client = await inDefaultTenant();
    const noColumn = await upload(client, "/admin/oa/csv/users", { name: "x.csv", text: "名字\n张三\n" });
    expect(noColumn.status).toBe(422);
    const html = await noColumn.text();
    expect(html).toContain("缺少必需的列");
    expect(html).toContain("CSV_MISSING_COLUMNS");
    const none = await upload(client, "/admin/oa/csv/users", null);
    expect(none.status).toBe(422);
    expect(await none.text()).toContain("请选择一个 CSV 文件");
    expect((await upload(client, "/admin/oa/csv/users", { name: "x.csv", text: "a\n" }, "")).status).toBe(403);
  });
});

describe("admin OA pages across tenants", () => {
  test("another tenant's admin sees none of this tenant's imports and cannot download their results", async () => {
    const client = await inDefaultTenant();
    const res = await upload(client, "/admin/oa/csv/departments", { name: "私密.csv", text: "部门路径\n公司>>>>坏\n" });
    const href = /href="(\/admin\/oa\/csv\/imports\/[^"]+\/result\.csv)"/.exec((await client.getText(res.headers.get("location")!)).html)?.[1] ?? "";
    expect((await client.get(href)).status).toBe(200);

    await h!.tenantToken("other", ["read"]);
    const row = await findTenantBySlug(h!.deps.db, "other");
    await createAdminUser(h!.deps, systemCtx({ id: row!.id, slug: "other" }), { username: "other-admin", password: "other-password-1" });
    const stranger = await signedIn(h!.app, "other-admin", "other-password-1");
    expect((await stranger.getText("/admin/oa/csv")).html).not.toContain("私密.csv");
    expect((await stranger.get(href)).status).toBe(404);
    expect((await new AdminClient(h!.app).get(href)).headers.get("location")).toStartWith("/admin/login");
  });
});
