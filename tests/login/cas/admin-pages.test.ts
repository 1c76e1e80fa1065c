import { afterAll, beforeAll, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the feature modules build their schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../../helpers/harness.ts";
import { adminAndOutsider, type AdminClient } from "../../helpers/admin-client.ts";

let h: Harness;
let admin: AdminClient;
let outsider: AdminClient;
beforeAll(async () => {
  h = await startHarness();
  ({ admin, outsider } = await adminAndOutsider(h, ADMIN_PASSWORD));
});
afterAll(() => h.close());

type Service = { id: string; name: string; urlPrefix: string; attributes: string[]; singleLogout: boolean };
const services = async (tenant = "default") => ((await (await h.call("GET", "/api/v1/sso/cas/services", { tenant })).json()) as { items: Service[] }).items;

describe("the CAS service pages", () => {
  test("the empty list says what to do next, in both languages", async () => {
    const zh = await admin.getText("/admin/sso/cas");
    expect(zh.status).toBe(200);
    expect(zh.html).toContain("还没有登记 CAS 服务");
    expect(zh.html).toContain('href="/admin/sso/cas/new"');
    await admin.get("/admin/lang/en?back=/admin");
    expect((await admin.getText("/admin/sso/cas/new")).html).toContain("Allowed service URL prefix");
    expect((await admin.getText("/admin/sso/cas")).html).toContain("No CAS services registered yet");
    await admin.get("/admin/lang/zh-CN?back=/admin");
    expect((await admin.getText("/admin/sso/cas/new")).html).toContain("允许的服务地址前缀");
  });

  test("create, edit and delete through the forms, with the API's validation shown on the form", async () => {
    const bad = await admin.post("/admin/sso/cas", { name: "OA 门户", urlPrefix: "https://*.example.com/cas/", attributes: ["name", "email"], singleLogout: "on" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("不能含通配符");
    expect(html).toContain('value="OA 门户"');
    expect(html).toContain('value="https://*.example.com/cas/"');
    expect(html).toMatch(/value="email" checked/);
    expect(html).not.toMatch(/value="mobile" checked/);
    expect(await services()).toEqual([]);
    expect((await admin.post("/admin/sso/cas", { name: "", urlPrefix: "https://oa.example.com/" })).status).toBe(422);
    expect((await admin.post("/admin/sso/cas", { name: "x", urlPrefix: "https://oa.example.com/" }, { csrf: null })).status).toBe(403);

    const created = await admin.post("/admin/sso/cas", { name: "OA 门户", urlPrefix: "https://oa.example.com/cas/", attributes: ["name", "email"], singleLogout: "on" });
    expect(created.status).toBe(303);
    expect(created.headers.get("location")).toBe("/admin/sso/cas?done=created");
    const [s] = await services();
    expect(s).toMatchObject({ name: "OA 门户", urlPrefix: "https://oa.example.com/cas/", attributes: ["name", "email"], singleLogout: true });
    const list = await admin.getText("/admin/sso/cas?done=created");
    expect(list.html).toContain("CAS 服务已登记");
    expect(list.html).toContain("https://oa.example.com/cas/");
    expect(list.html).toContain("姓名、电子邮箱");

    const edit = await admin.getText(`/admin/sso/cas/${s!.id}`);
    expect(edit.html).toContain('value="https://oa.example.com/cas/"');
    expect(edit.html).toMatch(/value="email" checked/);
    const badEdit = await admin.post(`/admin/sso/cas/${s!.id}`, { name: "OA 门户", urlPrefix: "https://oa.example.com/cas/?x=1", attributes: ["mobile"] });
    expect(badEdit.status).toBe(422);
    expect(await badEdit.text()).toContain('value="https://oa.example.com/cas/?x=1"');
    const saved = await admin.post(`/admin/sso/cas/${s!.id}`, { name: "OA 门户（新）", urlPrefix: "https://oa.example.com/", attributes: ["mobile", "welinkUserId"] });
    expect(saved.headers.get("location")).toBe("/admin/sso/cas?done=saved");
    expect((await services())[0]).toMatchObject({ name: "OA 门户（新）", urlPrefix: "https://oa.example.com/", attributes: ["mobile", "welinkUserId"], singleLogout: false });

    // Another tenant's admin sees none of it and reaches none of it.
    expect((await outsider.getText("/admin/sso/cas")).html).not.toContain("OA 门户");
    expect((await outsider.getText(`/admin/sso/cas/${s!.id}`)).status).toBe(404);
    expect((await outsider.post(`/admin/sso/cas/${s!.id}/delete`)).status).toBe(404);
    expect((await outsider.post(`/admin/sso/cas/${s!.id}`, { name: "taken", urlPrefix: "https://evil.example/" })).status).toBe(404);
    expect((await services())[0]!.name).toBe("OA 门户（新）");

    const confirm = await admin.getText(`/admin/sso/cas/${s!.id}/delete`);
    expect(confirm.html).toContain("删除后，以该前缀开头的地址不再能取得票据");
    const deleted = await admin.post(`/admin/sso/cas/${s!.id}/delete`);
    expect(deleted.headers.get("location")).toBe("/admin/sso/cas?done=deleted");
    expect(await services()).toEqual([]);
    const audit = (await (await h.call("GET", "/api/v1/audit?limit=10", { tenant: "default" })).json()) as { items: { action: string }[] };
    expect(audit.items.map((a) => a.action)).toEqual(expect.arrayContaining(["cas.service.create", "cas.service.update", "cas.service.delete"]));
  });
});
