import { afterAll, beforeAll, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { startHarness, type Harness } from "../helpers/harness.ts";
import { eq } from "drizzle-orm";
import { bindings } from "../../src/directory/schema.ts";
import { SECRET_COLUMNS, secretContext } from "../../src/kernel/db/secrets.ts";
import { loginLog } from "../../src/login/schema.ts";
import { resolveAppByKey } from "../../src/corps/app-client.ts";
import { homepageUrl } from "../../src/corps/app-input.ts";
import { apps } from "../../src/accounts/schema.ts";

type Json = Record<string, any>;
let h: Harness;
const SECRET = "s3cret-value-0123456789";
const T = { tenant: "default" };

beforeAll(async () => {
  h = await startHarness({ env: { WELINK_BASE_URL: "http://127.0.0.1:9999", BRIDGE_PUBLIC_URL: "https://bridge.example.cn" } });
});
afterAll(() => h.close());

const json = async (res: Response): Promise<Json> => (await res.json()) as Json;
async function ok(res: Response, status = 200): Promise<Json> {
  const body = await res.text();
  expect({ status: res.status, body }).toMatchObject({ status });
  return body ? (JSON.parse(body) as Json) : {};
}
let seq = 0;
const newCorp = async (extra: Json = {}) =>
  ok(await h.call("POST", "/api/v1/corps", { ...T, body: { name: `Corp-${++seq}`, welinkTenantId: `wl-${seq}`, ...extra } }), 201);
const newApp = async (corpId: string, extra: Json = {}) =>
  ok(await h.call("POST", `/api/v1/corps/${corpId}/apps`, { ...T, body: { name: `App ${++seq}`, clientId: `client-${seq}`, clientSecret: SECRET, ...extra } }), 201);
const audit = async (target: string) => (await json(await h.call("GET", `/api/v1/audit?target=${target}`, T))).items as Json[];

describe("corps", () => {
  test("a corp is added with the configured WeLink address by default, listed, read, edited and audited", async () => {
    const corp = await newCorp({ name: "华为WeLink演示" });
    expect(corp).toMatchObject({ apiBaseUrl: "http://127.0.0.1:9999", enabled: true, contactPermission: "read-only", syncAppId: null });
    expect(corp.bindingRule).toEqual({ enabled: false, terms: [{ oa: "mobile", welink: "mobile" }], combine: "or" });
    const listed = await ok(await h.call("GET", "/api/v1/corps", T));
    expect(listed.items.map((c: Json) => c.id)).toContain(corp.id);
    const patch = { name: "Renamed", apiBaseUrl: "https://open.welink.example/", contactPermission: "read-write", bindingRule: { enabled: true, terms: [{ oa: "email", welink: "email" }, { oa: "account", welink: "emailPrefix" }], combine: "and" } };
    const edited = await ok(await h.call("PATCH", `/api/v1/corps/${corp.id}`, { ...T, body: patch }));
    expect(edited).toMatchObject({ name: "Renamed", apiBaseUrl: "https://open.welink.example", contactPermission: "read-write", bindingRule: patch.bindingRule });
    expect(await ok(await h.call("GET", `/api/v1/corps/${corp.id}`, T))).toEqual(edited);
    const entries = await audit(`corp:${corp.id}`);
    expect(entries.map((e) => e.action)).toEqual(["corp.update", "corp.create"]);
    expect(entries[0]).toMatchObject({ before: { name: "华为WeLink演示" }, after: { name: "Renamed" } });
  });

  test("the same WeLink enterprise cannot be added twice to a tenant; bad fields are named", async () => {
    const corp = await newCorp();
    const again = await h.call("POST", "/api/v1/corps", { ...T, body: { name: "Again", welinkTenantId: corp.welinkTenantId } });
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe("CORP_EXISTS");
    const bad = await json(await h.call("POST", "/api/v1/corps", { ...T, body: { name: "", welinkTenantId: "x", apiBaseUrl: "ftp://x", bindingRule: { enabled: true, terms: [], combine: "or" } } }));
    expect(bad.errors.map((e: Json) => e.path).sort()).toEqual(["body.apiBaseUrl", "body.bindingRule.terms", "body.name"]);
  });

  test("a name WeLink would refuse is refused with the list of characters; parentheses and trimmed ends pass", async () => {
    for (const name of ["Acme Corp", "A#B", "研发&测试", "甲/乙", "问号？", "省略…"]) {
      const res = await h.call("POST", "/api/v1/corps", { ...T, body: { name, welinkTenantId: `refused-${++seq}` } });
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const body = await json(res);
      expect({ name, status: res.status, code: body.code }).toEqual({ name, status: 422, code: "VALIDATION_FAILED" });
      expect(body.errors).toEqual([{ path: "body.name", message: expect.stringContaining("# % & ' + ; < > = \\ / ? ？ …") }]);
    }
    const corp = await newCorp({ name: "  华为技术有限公司（深圳）(WeLink)-演示_1  " });
    expect(corp.name).toBe("华为技术有限公司（深圳）(WeLink)-演示_1");
    const renamed = await h.call("PATCH", `/api/v1/corps/${corp.id}`, { ...T, body: { name: "a+b" } });
    expect(renamed.status).toBe(422);
    expect((await ok(await h.call("GET", `/api/v1/corps/${corp.id}`, T))).name).toBe("华为技术有限公司（深圳）(WeLink)-演示_1");
  });

  test("the sync app must be one of the corp's own apps", async () => {
    const [a, b] = [await newCorp(), await newCorp()];
    const appOfB = await newApp(b.id);
    const res = await h.call("PATCH", `/api/v1/corps/${a.id}`, { ...T, body: { syncAppId: appOfB.id } });
    expect(res.status).toBe(422);
    const own = await newApp(a.id);
    expect((await ok(await h.call("PATCH", `/api/v1/corps/${a.id}`, { ...T, body: { syncAppId: own.id } }))).syncAppId).toBe(own.id);
  });
});

describe("apps", () => {
  test("an app's secret is sealed at rest, masked in answers and audit, and never read back", async () => {
    const corp = await newCorp();
    const app = await newApp(corp.id);
    expect(app.clientSecret).toBe("s3••••••89");
    expect(app.homepageUrl).toBe(`https://bridge.example.cn/h/${app.appKey}`);
    expect(app.appKey).toMatch(/^[A-Za-z0-9_-]{22,}$/); // ≥ 128 bits, URL-safe
    const row = (await h.deps.db.select().from(apps).where(eq(apps.id, app.id)))[0]!;
    expect(row.clientSecret).not.toContain(SECRET);
    expect(await h.deps.box.open(row.clientSecret, secretContext("apps", "client_secret", app.id))).toBe(SECRET);
    expect(SECRET_COLUMNS).toContainEqual({ table: "apps", id: "id", column: "client_secret" });
    for (const path of [`/api/v1/apps/${app.id}`, `/api/v1/corps/${corp.id}/apps`, `/api/v1/audit?target=app:${app.id}`]) {
      expect(await (await h.call("GET", path, T)).text()).not.toContain(SECRET);
    }
    const [created] = await audit(`app:${app.id}`);
    expect(created).toMatchObject({ action: "app.create", after: { clientId: app.clientId, clientSecret: "••••••" } });
  });

  test("a secret not sent is kept; a secret sent replaces it, and the audit says so without showing it", async () => {
    const app = await newApp((await newCorp()).id);
    await ok(await h.call("PATCH", `/api/v1/apps/${app.id}`, { ...T, body: { name: "Renamed", clientSecret: "" } }));
    expect((await resolveAppByKey(h.deps, app.appKey))?.app.clientSecret).toBe(SECRET);
    const replaced = await ok(await h.call("PATCH", `/api/v1/apps/${app.id}`, { ...T, body: { clientSecret: "another-secret-value" } }));
    expect(replaced.clientSecret).toBe("an••••••ue");
    expect((await resolveAppByKey(h.deps, app.appKey))?.app.clientSecret).toBe("another-secret-value");
    const [last, first] = await audit(`app:${app.id}`);
    expect(last!.after.replaced).toEqual(["clientSecret"]);
    expect(first!.after.replaced).toEqual([]);
    expect(JSON.stringify([last, first])).not.toContain("another-secret-value");
  });

  test("the homepage target is a module of the tenant's list or a link under the OA's address", async () => {
    const corp = await newCorp();
    expect((await newApp(corp.id)).target).toEqual({ kind: "module", value: "首页" });
    expect((await newApp(corp.id, { target: { kind: "module", value: "待办" } })).target.value).toBe("待办");
    expect((await newApp(corp.id, { target: { kind: "link", value: "/workflow/list?tab=mine" } })).target.kind).toBe("link");
    for (const target of [
      { kind: "module", value: "No such module" },
      { kind: "link", value: "http://oa.example.cn/x" },
      { kind: "link", value: "https://elsewhere.example/x" },
      { kind: "link", value: "//evil.example/x" },
      { kind: "link", value: "javascript:alert(1)" },
    ]) {
      const res = await h.call("POST", `/api/v1/corps/${corp.id}/apps`, { ...T, body: { name: "x", clientId: `c-${++seq}`, clientSecret: "s", target } });
      expect({ target, status: res.status }).toEqual({ target, status: 422 });
      expect((await json(res)).errors[0].path).toBe("body.target.value");
    }
  });

  test("a client_id appears once per corp", async () => {
    const corp = await newCorp();
    const app = await newApp(corp.id);
    const res = await h.call("POST", `/api/v1/corps/${corp.id}/apps`, { ...T, body: { name: "dup", clientId: app.clientId, clientSecret: "x" } });
    expect(res.status).toBe(409);
    expect((await json(res)).code).toBe("APP_EXISTS");
  });

  test("the permission guidance follows the corp: the sync app of a read-write corp needs contact read and sync", async () => {
    const corp = await newCorp({ contactPermission: "read-write" });
    const app = await newApp(corp.id);
    const needed = (a: Json) => a.permissions.filter((p: Json) => p.needed).map((p: Json) => p.feature);
    expect(needed(app)).toEqual(["identity"]);
    await ok(await h.call("PATCH", `/api/v1/corps/${corp.id}`, { ...T, body: { syncAppId: app.id } }));
    expect(needed(await ok(await h.call("GET", `/api/v1/apps/${app.id}`, T)))).toEqual(["identity", "contacts-read", "contacts-sync"]);
    expect(app.visibleRangeNote).toContain("visible range");
  });

  test("resolveAppByKey finds the app by its public key with the secret opened; removing the sync app clears it", async () => {
    const corp = await newCorp();
    const app = await newApp(corp.id, { target: { kind: "link", value: "/notice" } });
    await ok(await h.call("PATCH", `/api/v1/corps/${corp.id}`, { ...T, body: { syncAppId: app.id } }));
    const resolved = await resolveAppByKey(h.deps, app.appKey);
    expect(resolved).toMatchObject({
      tenant: { slug: "default" },
      corp: { id: corp.id, welinkTenantId: corp.welinkTenantId, enabled: true, bindingRule: { enabled: false } },
      app: { id: app.id, clientId: app.clientId, clientSecret: SECRET, targetKind: "link", targetValue: "/notice", enabled: true },
    });
    expect(homepageUrl(h.deps, app.appKey)).toBe(app.homepageUrl);
    expect(await resolveAppByKey(h.deps, "no-such-key")).toBeUndefined();
    expect((await h.call("DELETE", `/api/v1/apps/${app.id}`, T)).status).toBe(204);
    expect(await resolveAppByKey(h.deps, app.appKey)).toBeUndefined();
    expect((await ok(await h.call("GET", `/api/v1/corps/${corp.id}`, T))).syncAppId).toBeNull();
  });
});

describe("across tenants and removal", () => {
  test("another tenant's corps and apps do not exist for it", async () => {
    const corp = await newCorp();
    const app = await newApp(corp.id);
    const other = await h.tenantToken("other", ["admin"]);
    for (const [method, path] of [
      ["GET", `/api/v1/corps/${corp.id}`],
      ["PATCH", `/api/v1/corps/${corp.id}`],
      ["DELETE", `/api/v1/corps/${corp.id}?confirm=true`],
      ["GET", `/api/v1/corps/${corp.id}/apps`],
      ["GET", `/api/v1/apps/${app.id}`],
      ["POST", `/api/v1/apps/${app.id}/test`],
    ] as const) {
      const res = await h.call(method, path, { token: other, body: method === "PATCH" ? {} : undefined });
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
    }
    expect((await ok(await h.call("GET", "/api/v1/corps", { token: other }))).items).toEqual([]);
  });

  test("removal needs confirmation, says what goes with it, then takes apps, bindings and schedules but keeps the login log", async () => {
    const corp = await newCorp();
    await newApp(corp.id);
    await newApp(corp.id);
    const tenantId = (await resolveAppByKey(h.deps, (await newApp(corp.id)).appKey))!.tenant.id;
    const binding = { tenantId, corpId: corp.id, method: "admin" as const, createdAt: 0, createdBy: "test" };
    await h.deps.db.insert(bindings).values([{ ...binding, welinkUserId: "w1", oaUserId: "o1" }, { ...binding, welinkUserId: "w2", oaUserId: "o2" }]);
    await h.deps.db.insert(loginLog).values({ id: `log-${corp.id}`, tenantId, at: 0, channel: "welink", corpId: corp.id, result: "ok", reason: "OK" });
    h.deps.scheduler.set(`sync-welink:${corp.id}`, "0 2 * * *", async () => undefined);
    h.deps.scheduler.set("sync-welink:someone-else", "0 2 * * *", async () => undefined);

    const impact = { apps: 3, bindings: 2, people: 0, departments: 0, schedules: [`sync-welink:${corp.id}`], loginLogKept: 1 };
    expect(await ok(await h.call("GET", `/api/v1/corps/${corp.id}/impact`, T))).toEqual(impact);
    const refused = await h.call("DELETE", `/api/v1/corps/${corp.id}`, T);
    expect(refused.status).toBe(409);
    const problem = await json(refused);
    expect(problem).toMatchObject({ code: "CONFIRMATION_REQUIRED", impact });
    expect(problem.detail).toContain("3 app(s)");
    expect(problem.detail).toContain("2 binding(s)");
    expect((await h.call("GET", `/api/v1/corps/${corp.id}`, T)).status).toBe(200);

    expect(await ok(await h.call("DELETE", `/api/v1/corps/${corp.id}?confirm=true`, T))).toEqual({ removed: impact, keptDirectory: false });
    expect((await h.call("GET", `/api/v1/corps/${corp.id}`, T)).status).toBe(404);
    expect(await h.deps.db.$count(apps, eq(apps.corpId, corp.id))).toBe(0);
    expect(await h.deps.db.$count(bindings, eq(bindings.corpId, corp.id))).toBe(0);
    expect(await h.deps.db.$count(loginLog, eq(loginLog.corpId, corp.id))).toBe(1);
    expect(h.deps.scheduler.names()).toEqual(["sync-welink:someone-else"]);
    const [removed] = await audit(`corp:${corp.id}`);
    expect(removed).toMatchObject({ action: "corp.delete", before: { removed: impact } });
  });
});
