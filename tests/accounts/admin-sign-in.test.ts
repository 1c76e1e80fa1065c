import { afterEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before tenants.ts builds its zod schemas (see report).
import { ADMIN_PASSWORD, startHarness, type Harness } from "../helpers/harness.ts";
import { systemCtx } from "../../src/kernel/actor.ts";
import { frozenClock } from "../../src/kernel/clock.ts";
import { listTenants } from "../../src/accounts/tenants.ts";
import { AdminClient, signedIn } from "../helpers/admin-client.ts";

let h: Harness | undefined;
afterEach(() => h?.close());

const sessionCookieOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith("wlb_session="));

describe("admin sign-in", () => {
  test("signing in sets an HttpOnly, SameSite=Lax session cookie scoped to /admin and goes to the requested page", async () => {
    h = await startHarness();
    const client = new AdminClient(h.app);
    const res = await client.signIn("admin", ADMIN_PASSWORD, "/admin/tokens");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/tokens");
    const cookie = sessionCookieOf(res) ?? "";
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/admin");
    expect(cookie).not.toContain("Secure");
    const page = await client.getText("/admin/tokens");
    expect(page.status).toBe(200);
    expect(page.html).toContain("当前用户：admin");
  });

  test("the session cookie is Secure when the public URL is https", async () => {
    h = await startHarness({ env: { BRIDGE_PUBLIC_URL: "https://bridge.example.com" } });
    const res = await new AdminClient(h.app).signIn("admin", ADMIN_PASSWORD);
    expect(sessionCookieOf(res)).toContain("Secure");
  });

  test("pages send a visitor without a session to the sign-in page, remembering the page", async () => {
    h = await startHarness();
    const res = await new AdminClient(h.app).get("/admin/tokens?x=1");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(`/admin/login?next=${encodeURIComponent("/admin/tokens?x=1")}`);
  });

  test("a wrong password re-renders the form with an error and no session", async () => {
    h = await startHarness();
    const client = new AdminClient(h.app);
    const res = await client.signIn("admin", "not-the-password");
    expect(res.status).toBe(401);
    expect(sessionCookieOf(res)).toBeUndefined();
    const html = await res.text();
    expect(html).toContain("用户名或密码错误");
    expect(html).toContain('value="admin"');
  });

  test("five wrong passwords make this address wait before the next try, even with the right password", async () => {
    const clock = frozenClock(Date.UTC(2026, 2, 1));
    h = await startHarness({ clock });
    const client = new AdminClient(h.app);
    for (let i = 1; i <= 4; i++) expect((await client.signIn("admin", `wrong-${i}`)).status).toBe(401);
    const fifth = await client.signIn("admin", "wrong-5");
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get("retry-after")).toBe("15");
    expect(await fifth.text()).toContain("请 15 秒后再试");
    expect((await client.signIn("admin", ADMIN_PASSWORD)).status).toBe(429);
    clock.advance(15_001);
    expect((await client.signIn("admin", ADMIN_PASSWORD)).status).toBe(303);
  });

  test("signing out ends the session on the server, not only in the browser", async () => {
    h = await startHarness();
    const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
    const stolen = client.jar.get("wlb_session");
    const res = await client.post("/admin/logout");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/login?bye=1");
    const replay = new AdminClient(h.app);
    replay.jar.set("wlb_session", stolen ?? "");
    expect((await replay.get("/admin")).status).toBe(303);
  });
});

describe("admin CSRF protection", () => {
  const tenantCount = async () => (await listTenants(h!.deps, systemCtx())).length;

  test("a POST without the token, with a wrong one, or from another origin is refused with 403 and changes nothing", async () => {
    h = await startHarness();
    const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
    const before = await tenantCount();
    const form = { slug: "evil", name: "Evil" };
    for (const res of [
      await client.post("/admin/tenants", form, { csrf: null }),
      await client.post("/admin/tenants", form, { csrf: "forged-token-forged-token-forged-token" }),
      await client.post("/admin/tenants", form, { headers: { origin: "https://evil.example" } }),
      await client.post("/admin/tenants", form, { headers: { referer: "https://evil.example/page" } }),
    ]) {
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).toContain("CSRF");
      expect(html).toContain('lang="zh-CN"');
    }
    expect(await tenantCount()).toBe(before);
    // The same form with the right token and origin goes through.
    const ok = await client.post("/admin/tenants", form, { headers: { origin: "http://localhost" } });
    expect(ok.status).toBe(303);
    expect(await tenantCount()).toBe(before + 1);
  });

  test("the sign-in form is protected too (no login CSRF)", async () => {
    h = await startHarness();
    const client = new AdminClient(h.app);
    await client.get("/admin/login");
    const res = await client.post("/admin/login", { username: "admin", password: ADMIN_PASSWORD }, { csrf: null });
    expect(res.status).toBe(403);
    expect(sessionCookieOf(res)).toBeUndefined();
  });

  test("the CSRF token changes at sign-in, so a token planted before it is useless after", async () => {
    h = await startHarness();
    const client = new AdminClient(h.app);
    await client.get("/admin/login");
    const planted = client.csrf;
    await client.signIn("admin", ADMIN_PASSWORD);
    expect(client.csrf).not.toBe(planted);
    expect((await client.post("/admin/tenants", { slug: "x1", name: "X" }, { csrf: planted })).status).toBe(403);
  });
});

describe("admin language", () => {
  test("the switch sets the language cookie, returns to the same page, and changes <html lang> and the strings", async () => {
    h = await startHarness();
    const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
    const zh = await client.getText("/admin/tokens");
    expect(zh.html).toContain('<html lang="zh-CN">');
    expect(zh.html).toContain("API 令牌");
    expect(zh.html).toContain(`href="/admin/lang/en?back=${encodeURIComponent("/admin/tokens")}"`);

    const res = await client.get(`/admin/lang/en?back=${encodeURIComponent("/admin/tokens")}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/admin/tokens");
    expect(res.headers.getSetCookie().join()).toContain("wlb_lang=en");
    const en = await client.getText("/admin/tokens");
    expect(en.html).toContain('<html lang="en">');
    expect(en.html).toContain("API tokens");
    expect(en.html).toContain("Sign out");
    expect(en.html).not.toContain("退出登录");

    await client.get("/admin/lang/zh-CN?back=/admin");
    expect((await client.getText("/admin")).html).toContain('<html lang="zh-CN">');
  });

  test("the return path must stay inside the admin (no open redirect)", async () => {
    h = await startHarness();
    const client = new AdminClient(h.app);
    for (const back of ["https://evil.example/", "//evil.example/admin", "/\\evil.example", "/adminx", "/api/v1/tenants", "/admin/../api"]) {
      const res = await client.get(`/admin/lang/en?back=${encodeURIComponent(back)}`);
      expect(res.headers.get("location")).toBe("/admin");
    }
  });

  test("the sign-in page is translated too", async () => {
    h = await startHarness();
    const client = new AdminClient(h.app);
    await client.get("/admin/lang/en?back=/admin/login");
    const page = await client.getText("/admin/login");
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain("Sign in to the admin");
  });
});
