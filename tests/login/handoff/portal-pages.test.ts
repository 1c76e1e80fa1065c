import { afterEach, beforeEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the feature modules build their schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../../helpers/harness.ts";
import { systemCtx } from "../../../src/kernel/actor.ts";
import { getOaPortal } from "../../../src/oa/portal/portal.ts";
import { findTenantBySlug } from "../../../src/accounts/store.ts";
import { signedIn, type AdminClient } from "../../helpers/admin-client.ts";

let h: Harness;
let client: AdminClient;
beforeEach(async () => {
  h = await startHarness();
  client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
});
afterEach(() => h.close());

const inDefault = () => client.post("/admin/tenant", { tenant: "default", back: "/admin" });
async function saved() {
  const row = await findTenantBySlug(h.deps.db, "default");
  return getOaPortal(h.deps, systemCtx({ id: row!.id, slug: "default" }));
}
const form = (extra: Record<string, string | string[]> = {}) => ({
  webBaseUrl: "https://oa.example.com",
  ssoPath: "/sso/welink-bridge",
  handoffAlg: "ES256",
  moduleName: ["首页", "待办", "审批", ""],
  modulePath: ["/", "/todo", "/workflow", ""],
  ...extra,
});

describe("the OA web settings page", () => {
  test("in the global view it asks for a tenant", async () => {
    await client.post("/admin/tenant", { tenant: "", back: "/admin" });
    const { status, html } = await client.getText("/admin/oa/portal");
    expect(status).toBe(200);
    expect(html).toContain("请先在页面顶部的「工作租户」中选择一个租户");
  });

  test("shows the defaults, the module rows with blank rows to add, and what the OA's developers need", async () => {
    await inDefault();
    const { status, html } = await client.getText("/admin/oa/portal");
    expect(status).toBe(200);
    expect(html).toContain('href="/admin/oa/portal" aria-current="page"');
    expect(html).toContain("尚未保存");
    expect(html).toContain('value="/sso/welink-bridge"');
    expect(html.match(/name="moduleName"/g)).toHaveLength(5 + 3);
    expect(html).toContain("/.well-known/jwks.json");
    expect(html).toContain("oa:default");
  });

  test("saving keeps filled rows, drops blank and ticked ones, and adds new ones", async () => {
    await inDefault();
    const res = await client.post("/admin/oa/portal", form({ moduleName: ["首页", "待办", "审批", "公告"], modulePath: ["/", "/todo", "/workflow", "/notice"], moduleRemove: "1", handoffAlg: "RS256" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/oa/portal?done=saved");
    expect(await saved()).toMatchObject({
      webBaseUrl: "https://oa.example.com",
      handoffAlg: "RS256",
      configured: true,
      modules: [{ name: "首页", path: "/" }, { name: "审批", path: "/workflow" }, { name: "公告", path: "/notice" }],
    });
    expect((await client.getText("/admin/oa/portal?done=saved")).html).toContain("OA 网页设置已保存");
  });

  test("bad values come back beside their fields and rows, with nothing saved", async () => {
    await inDefault();
    const res = await client.post("/admin/oa/portal", form({ webBaseUrl: "not a url", moduleName: ["a", "b"], modulePath: ["/ok", "//evil.com"] }));
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("请填写完整的 http(s) 地址");
    expect(html).toContain("路径需以单个 / 开头");
    expect(html).toContain('value="//evil.com"');
    expect((await saved()).configured).toBe(false);

    const dup = await client.post("/admin/oa/portal", form({ moduleName: ["a", "a"], modulePath: ["/x", "/y"] }));
    expect(dup.status).toBe(422);
    expect(await dup.text()).toContain("模块名称不能重复");
  });

  test("a form without the CSRF field is refused", async () => {
    await inDefault();
    expect((await client.post("/admin/oa/portal", form(), { csrf: null })).status).toBe(403);
  });
});
