/**
 * The catalog on the wire: GET /api/v1/errors lists exactly the catalog, each problem's `type`
 * is its code's stable URI, and the admin shows an error in the admin's language.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, startHarness, type Harness } from "../helpers/harness.ts";
import { signedIn, type AdminClient } from "../helpers/admin-client.ts";
import { CATALOG, ERROR_CODES, problemType, type CatalogEntry, type CatalogListing } from "../../src/kernel/error-catalog.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const listing = async () => ((await (await h.call("GET", "/api/v1/errors", { token: null })).json()) as { items: CatalogListing[] }).items;

describe("GET /api/v1/errors", () => {
  test("answers without a token and lists exactly the catalog, with status, retryable, type and both languages", async () => {
    const res = await h.call("GET", "/api/v1/errors", { token: null });
    expect(res.status).toBe(200);
    const items = await listing();
    expect(items.map((i) => i.code)).toEqual(ERROR_CODES);
    for (const item of items) {
      const e = CATALOG[item.code] as CatalogEntry;
      expect(item).toMatchObject({ status: e.status, retryable: e.retryable ?? false, type: problemType(item.code), messages: { "zh-CN": e.zh, en: e.en } });
      expect(Object.keys(item.variants ?? {})).toEqual(Object.keys(e.variants ?? {}));
    }
  });

  test("is declared in the OpenAPI document, without a security requirement", async () => {
    const doc = (await (await h.call("GET", "/api/v1/openapi.json", { token: null })).json()) as { paths: Record<string, Record<string, { security?: unknown }>> };
    const op = doc.paths["/errors"]?.get;
    expect(op).toBeDefined();
    expect(op?.security).toBeUndefined();
  });
});

describe("problem types", () => {
  test("each code has its own type URI, and a real answer carries its code's", async () => {
    const types = (await listing()).map((i) => i.type);
    expect(new Set(types).size).toBe(ERROR_CODES.length);
    expect(problemType("TENANT_EXISTS")).toBe("https://welink-bridge.dev/problems/tenant-exists");

    const notFound = (await (await h.call("GET", "/api/v1/tenants/nobody")).json()) as { code: string; type: string };
    expect(notFound).toMatchObject({ code: "NOT_FOUND", type: "https://welink-bridge.dev/problems/not-found" });
    await h.call("POST", "/api/v1/tenants", { body: { slug: "twice", name: "Twice" } });
    const conflict = (await (await h.call("POST", "/api/v1/tenants", { body: { slug: "twice", name: "Twice" } })).json()) as { type: string; detail: string };
    expect(conflict.type).toBe("https://welink-bridge.dev/problems/tenant-exists");
    expect(conflict.detail).toBe("A tenant with slug 'twice' already exists; pick another slug."); // the API speaks English
  });
});

const esc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("'", "&#39;").replaceAll('"', "&quot;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** Posts a CSV file as the admin's upload form does. */
function uploadCsv(client: AdminClient, text: string) {
  const form = new FormData();
  form.append("_csrf", client.csrf);
  form.append("file", new File([text], "x.csv", { type: "text/csv" }));
  const cookie = [...client.jar].map(([k, v]) => `${k}=${v}`).join("; ");
  return h.app.request("/admin/oa/csv/users", { method: "POST", body: form, headers: { cookie } });
}

describe("the admin renders errors from the catalog in its language", () => {
  test("an error page and an error flash are Chinese by default and English after switching", async () => {
    const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
    const page = await client.getText("/admin/admins/nobody/delete");
    expect(page.status).toBe(404);
    expect(page.html).toContain(esc("找不到管理员“nobody”：它可能已被删除，或不属于当前租户。"));
    expect(page.html).not.toContain("was not found");

    expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
    const zhFlash = await (await uploadCsv(client, "名字\n张三\n")).text();
    expect(zhFlash).toContain("缺少必需的列：");
    expect(zhFlash).toContain("CSV_MISSING_COLUMNS");
    expect(zhFlash).not.toContain("Missing required column");

    await client.get("/admin/lang/en?back=/admin");
    const enPage = await client.getText("/admin/admins/nobody/delete");
    expect(enPage.html).toContain(esc("Admin user 'nobody' was not found."));
    expect(enPage.html).not.toContain("找不到管理员");
    const enFlash = await (await uploadCsv(client, "名字\n张三\n")).text();
    expect(enFlash).toContain("Missing required column(s):");
    expect(enFlash).not.toContain("缺少必需的列");
  });
});
