import { afterEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before tenants.ts builds its zod schemas (see report).
import { ADMIN_PASSWORD, startHarness, type Harness } from "../helpers/harness.ts";
import { systemCtx } from "../../src/kernel/actor.ts";
import { createAdminUser } from "../../src/accounts/admins.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { issueToken } from "../../src/accounts/tokens.ts";
import { AdminClient, signedIn } from "../helpers/admin-client.ts";

let h: Harness | undefined;
afterEach(() => h?.close());

const admin = async () => {
  h = await startHarness();
  return signedIn(h.app, "admin", ADMIN_PASSWORD);
};

/** A tenant admin of `slug` (the tenant is created when missing), signed in. */
async function tenantAdmin(harness: Harness, slug: string, username: string): Promise<AdminClient> {
  await harness.tenantToken(slug, ["read"]);
  const row = await findTenantBySlug(harness.deps.db, slug);
  await createAdminUser(harness.deps, { ...systemCtx({ id: row!.id, slug }) }, { username, password: "tenant-password-1" });
  return signedIn(harness.app, username, "tenant-password-1");
}

describe("admin tenants", () => {
  test("a global admin creates, renames and (after typing the slug) deletes a tenant", async () => {
    const client = await admin();
    const created = await client.post("/admin/tenants", { slug: "acme", name: "ACME 公司" });
    expect(created.headers.get("location")).toBe("/admin/tenants?done=created");
    const list = await client.getText("/admin/tenants?done=created");
    expect(list.html).toContain("租户已创建");
    expect(list.html).toContain("ACME 公司");

    expect((await client.post("/admin/tenants/acme", { name: "ACME Ltd" })).status).toBe(303);
    expect((await client.getText("/admin/tenants")).html).toContain("ACME Ltd");

    const confirm = await client.getText("/admin/tenants/acme/delete");
    expect(confirm.html).toContain("不可撤销");
    expect((await client.post("/admin/tenants/acme/delete", { confirm: "wrong" })).status).toBe(422);
    expect(await findTenantBySlug(h!.deps.db, "acme")).toBeDefined();
    expect((await client.post("/admin/tenants/acme/delete", { confirm: "acme" })).status).toBe(303);
    expect(await findTenantBySlug(h!.deps.db, "acme")).toBeUndefined();
  });

  test("invalid or taken slugs are shown next to the field, with the input kept", async () => {
    const client = await admin();
    const bad = await client.post("/admin/tenants", { slug: "Not OK", name: "" });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("请使用 1–40 位小写字母");
    expect(html).toContain("名称不能为空");
    expect(html).toContain('value="Not OK"');
    const taken = await client.post("/admin/tenants", { slug: "default", name: "Again" });
    expect(taken.status).toBe(409);
    expect(await taken.text()).toContain("该标识已被其他租户使用");
  });

  test("user content is escaped, never rendered as markup", async () => {
    const client = await admin();
    await client.post("/admin/tenants", { slug: "xss", name: '<script>alert("x")</script>' });
    const html = (await client.getText("/admin/tenants")).html;
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("&lt;script&gt;alert");
  });
});

describe("admin tokens", () => {
  test("creating a token through the form shows it once; the list and later pages never contain it", async () => {
    const client = await admin();
    const res = await client.post("/admin/tokens", { name: "ci-deploy", scopes: ["read", "push"], expires: "2099-12-31" });
    expect(res.status).toBe(200);
    const html = await res.text();
    const token = /id="new-token"[^>]*value="(wlb_[^"]+)"/.exec(html)?.[1] ?? "";
    expect(token.length).toBeGreaterThan(30);
    expect(html.split(token).length - 1).toBe(1);
    expect(html).toContain("离开本页后将无法再次查看");

    const list = (await client.getText("/admin/tokens")).html;
    expect(list).toContain("ci-deploy");
    expect(list).toContain(`${token.slice(0, 8)}…`);
    expect(list).not.toContain(token);

    // The token works against the JSON API, in the tenant the admin works in.
    const whoami = await h!.call("GET", "/api/v1/whoami", { token });
    expect(((await whoami.json()) as { tenant: string }).tenant).toBe("default");
  });

  test("a token without scopes is refused with a message on the field", async () => {
    const client = await admin();
    const res = await client.post("/admin/tokens", { name: "nothing" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("请至少选择一个权限范围");
  });

  test("revoking asks for confirmation, then the token stops working", async () => {
    const client = await admin();
    const html = await (await client.post("/admin/tokens", { name: "short-lived", scopes: "read" })).text();
    const token = /value="(wlb_[^"]+)"/.exec(html)?.[1] ?? "";
    const id = /href="\/admin\/tokens\/([^/"]+)\/revoke"/.exec((await client.getText("/admin/tokens")).html)?.[1] ?? "";
    expect((await client.getText(`/admin/tokens/${id}/revoke`)).html).toContain("吊销令牌「short-lived」");
    expect((await client.post(`/admin/tokens/${id}/revoke`)).headers.get("location")).toBe("/admin/tokens?done=revoked");
    expect((await client.getText("/admin/tokens")).html).toContain("已吊销");
    expect((await h!.call("GET", "/api/v1/whoami", { token })).status).toBe(401);
  });

  test("in the global view the page manages global tokens", async () => {
    const client = await admin();
    await client.post("/admin/tenant", { tenant: "", back: "/admin/tokens" });
    const page = (await client.getText("/admin/tokens")).html;
    expect(page).toContain("全局视图");
    expect(page).toContain("BRIDGE_ADMIN_TOKEN");
  });
});

describe("admin tenant isolation", () => {
  test("a tenant admin sees only their own tenant, its tokens and its audit entries", async () => {
    h = await startHarness();
    await h.tenantToken("other", ["admin"]);
    const client = await tenantAdmin(h, "acme", "acme-admin");

    const tenants = (await client.getText("/admin/tenants")).html;
    expect(tenants).toContain("acme");
    expect(tenants).not.toContain("other");
    expect(tenants).not.toContain('action="/admin/tenants"'); // no create form
    expect((await client.get("/admin/tenants/other")).status).toBe(404);
    expect((await client.get("/admin/tenants/acme/delete")).status).toBe(403);

    await client.post("/admin/tenant", { tenant: "other", back: "/admin" });
    const tokens = (await client.getText("/admin/tokens")).html;
    expect(tokens).toContain("acme-read");
    expect(tokens).not.toContain("other-admin");
    expect(tokens).not.toContain('id="tenant-picker"');
    const audit = (await client.getText("/admin/audit")).html;
    expect(audit).toContain("admin:acme-admin");
    expect(audit).not.toContain("tenant:other");
  });
});

describe("admin administrators", () => {
  test("a global admin adds an admin to the tenant they work in, and removes it after confirming", async () => {
    const client = await admin();
    expect((await client.post("/admin/admins", { username: "ops", password: "short" })).status).toBe(422);
    expect((await client.post("/admin/admins", { username: "ops", password: "long-enough-password" })).status).toBe(303);
    const page = (await client.getText("/admin/admins")).html;
    expect(page).toContain("ops");
    const id = /href="\/admin\/admins\/([^/"]+)\/delete"/.exec(page)?.[1] ?? "";
    expect((await client.getText(`/admin/admins/${id}/delete`)).html).toContain("移除管理员「ops」");
    expect((await client.post(`/admin/admins/${id}/delete`)).status).toBe(303);
    expect((await client.getText("/admin/admins")).html).not.toContain(">ops");
    expect((await new AdminClient(h!.app).signIn("ops", "long-enough-password")).status).toBe(401);
  });
});

describe("admin audit log", () => {
  test("lists the writes made through the admin with before → after and filters them", async () => {
    const client = await admin();
    await client.post("/admin/tenants", { slug: "acme", name: "Before" });
    await client.post("/admin/tenants/acme", { name: "After" });
    await client.post("/admin/tenant", { tenant: "", back: "/admin/audit" });

    const all = (await client.getText("/admin/audit")).html;
    expect(all).toContain("tenant.create");
    expect(all).toContain("tenant.update");
    expect(all).toContain("user:admin");
    // Labelled fields in the admin's language, values as words: no JSON on the page.
    expect(all).toContain('<li><span class="field-name">名称</span>：<del translate="no">Before</del> → <ins translate="no">After</ins></li>');
    expect(all).not.toContain("&quot;");
    client.jar.set("wlb_lang", "en");
    expect((await client.getText("/admin/audit")).html).toContain('<li><span class="field-name">Name</span>: <del translate="no">Before</del> → <ins translate="no">After</ins></li>');
    client.jar.set("wlb_lang", "zh-CN");

    const filtered = (await client.getText("/admin/audit?action=tenant.update")).html;
    expect(filtered).toContain("tenant.update");
    expect(filtered).not.toContain("<code>tenant.create</code>");

    const bad = await client.getText("/admin/audit?from=yesterday");
    expect(bad.html).toContain("YYYY-MM-DD");

  });

  test("shows 50 entries a page with a link to older ones that keeps the filters", async () => {
    const client = await admin();
    const tenant = await findTenantBySlug(h!.deps.db, "default");
    const ctx = systemCtx({ id: tenant!.id, slug: "default" });
    for (let i = 0; i < 55; i++) await issueToken(h!.deps, ctx, { name: `bulk-${i}`, scopes: ["read"] });
    const first = (await client.getText("/admin/audit?action=token.")).html;
    expect(first.split("<code>token.create</code>").length - 1).toBe(50);
    const next = /href="([^"]+)" rel="next"/.exec(first)?.[1]?.replaceAll("&amp;", "&") ?? "";
    expect(next).toContain("action=token.");
    const second = (await client.getText(next)).html;
    expect(second.split("<code>token.create</code>").length - 1).toBe(5);
    expect(second).toContain("← 最新");
    expect(second).not.toContain('rel="next"');
  });
});

describe("admin shell", () => {
  test("areas not built yet show a coming-soon page, not a dead link", async () => {
    const client = await admin();
    const { NAV_ITEMS } = await import("../../src/ui/layout.tsx");
    for (const item of NAV_ITEMS) {
      const page = await client.getText(item.href);
      expect(page.status).toBe(200);
      // The sidebar marks unbuilt areas on every page; only an unbuilt area's own page says so in its heading.
      expect(/<h1>[^<]*· 即将推出<\/h1>/.test(page.html)).toBe(!item.ready);
    }
    // Every area is built now: no nav item is left unbuilt.
    expect(NAV_ITEMS.filter((i) => !i.ready).map((i) => i.href)).toEqual([]);
    expect((await client.get("/admin/no-such-page")).status).toBe(404);
  });

  test("pages forbid framing and scripts; the stylesheet is cached by version", async () => {
    const client = await admin();
    const page = await client.get("/admin");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    const href = /href="(\/admin\/assets\/admin\.css\?v=\w+)"/.exec(html)?.[1] ?? "";
    const css = await client.get(href);
    expect(css.headers.get("content-type")).toContain("text/css");
    expect(css.headers.get("cache-control")).toContain("immutable");
  });
});
