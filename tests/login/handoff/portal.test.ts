import { afterEach, beforeEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the feature modules build their schemas.
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { DEFAULT_MODULES, getOaPortalForTenant, resolveTarget } from "../../../src/oa/portal/portal.ts";
import { findTenantBySlug } from "../../../src/accounts/store.ts";

const T = { tenant: "default" };
const json = async <X = Record<string, unknown>>(r: Response) => (await r.json()) as X;

describe("OA portal settings", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ env: { BRIDGE_PUBLIC_URL: "https://bridge.example.com" } });
  });
  afterEach(() => h.close());

  const tenantId = async () => (await findTenantBySlug(h.deps.db, "default"))!.id;
  const put = (body: unknown) => h.call("PUT", "/api/v1/oa/portal", { ...T, body });

  test("until saved: the bridge's URL, /sso/welink-bridge, ES256 and the usual modules, marked unconfigured", async () => {
    const res = await h.call("GET", "/api/v1/oa/portal", T);
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      webBaseUrl: "https://bridge.example.com",
      ssoPath: "/sso/welink-bridge",
      handoffAlg: "ES256",
      modules: DEFAULT_MODULES,
      configured: false,
    });
    expect(DEFAULT_MODULES.map((m) => m.path)).toEqual(["/", "/todo", "/workflow", "/notice", "/contacts"]);
  });

  test("with an OA connection the default base is the host of the connection's address (not its API path)", async () => {
    const settings = { baseUrl: "https://oa.example.com:8443/openapi/v2" };
    expect((await h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "demo", settings, refreshCron: null } })).status).toBe(200);
    expect((await getOaPortalForTenant(h.deps, await tenantId())).webBaseUrl).toBe("https://oa.example.com:8443");
  });

  test("saved settings are read back, trimmed of a trailing slash, and audited", async () => {
    const body = { webBaseUrl: "https://oa.example.com/oa/", ssoPath: "/sso/bridge", handoffAlg: "RS256", modules: [{ name: "待办", path: "/todo?tab=mine" }] };
    const res = await put(body);
    expect(res.status).toBe(200);
    const expected = { ...body, webBaseUrl: "https://oa.example.com/oa", configured: true };
    expect(await json(res)).toEqual(expected);
    expect(await json(await h.call("GET", "/api/v1/oa/portal", T))).toEqual(expected);
    const audit = await (await h.call("GET", "/api/v1/audit?action=oa.portal", T)).text();
    expect(audit).toContain("oa.portal.save");
    // Choosing RS256 makes sure an RS256 key exists to sign with.
    const keys = await h.deps.database.client.execute("SELECT alg FROM signing_keys");
    expect(keys.rows.map((r) => r[0])).toContain("RS256");
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ["a base that is not a URL", { webBaseUrl: "not a url" }, "body.webBaseUrl"],
    ["a base that is not an http(s) URL", { webBaseUrl: "ftp://oa.example.com" }, "body.webBaseUrl"],
    ["a base with a query", { webBaseUrl: "https://oa.example.com/?x=1" }, "body.webBaseUrl"],
    ["a base with credentials", { webBaseUrl: "https://u:p@oa.example.com" }, "body.webBaseUrl"],
    ["an SSO path without a leading slash", { ssoPath: "sso" }, "body.ssoPath"],
    ["a protocol-relative SSO path", { ssoPath: "//evil.com/sso" }, "body.ssoPath"],
    ["a module path to another host", { modules: [{ name: "x", path: "//evil.com" }] }, "body.modules.0.path"],
    ["a module path with a backslash", { modules: [{ name: "x", path: "/\\evil.com" }] }, "body.modules.0.path"],
    ["an absolute module path", { modules: [{ name: "x", path: "https://evil.com/" }] }, "body.modules.0.path"],
    ["an empty module name", { modules: [{ name: " ", path: "/x" }] }, "body.modules.0.name"],
    ["two modules with one name", { modules: [{ name: "a", path: "/x" }, { name: "a", path: "/y" }] }, "body.modules"],
  ];
  for (const [name, patch, path] of invalid) {
    test(`refused with 422 naming the field: ${name}`, async () => {
      const res = await put({ webBaseUrl: "https://oa.example.com", ...patch });
      expect(res.status).toBe(422);
      const body = await json<{ code: string; errors: { path: string }[] }>(res);
      expect(body.code).toBe("VALIDATION_FAILED");
      expect(body.errors.map((e) => e.path)).toContain(path);
    });
  }
});

describe("resolveTarget: only ever under the OA's base URL", () => {
  const portal = { webBaseUrl: "https://oa.example.com/oa", modules: [{ name: "待办", path: "/todo" }, { name: "首页", path: "/" }] };
  const root = "https://oa.example.com/oa/";

  test("a module by name, a link path, an absolute link under the base", () => {
    expect(resolveTarget(portal, { kind: "module", value: "待办" })).toBe("https://oa.example.com/oa/todo");
    expect(resolveTarget(portal, { kind: "module", value: "首页" })).toBe(root);
    expect(resolveTarget(portal, { kind: "link", value: "/notice?id=7#top" })).toBe("https://oa.example.com/oa/notice?id=7#top");
    expect(resolveTarget(portal, { kind: "link", value: "https://oa.example.com/oa/x/y" })).toBe("https://oa.example.com/oa/x/y");
    expect(resolveTarget(portal, { kind: "link", value: "https://oa.example.com/oa" })).toBe("https://oa.example.com/oa");
  });

  test("a module no longer in the list, or a link outside the base, lands on the OA's root", () => {
    expect(resolveTarget(portal, { kind: "module", value: "gone" })).toBe(root);
    expect(resolveTarget(portal, { kind: "link", value: "https://oa.example.com/other" })).toBe(root);
  });

  test("a requested target under the base wins over the app's target", () => {
    const app = { kind: "module", value: "待办" } as const;
    expect(resolveTarget(portal, app, "/workflow/42")).toBe("https://oa.example.com/oa/workflow/42");
    expect(resolveTarget(portal, app, "https://oa.example.com/oa/notice")).toBe("https://oa.example.com/oa/notice");
  });

  const hostile = [
    "//evil.com",
    "//evil.com/oa",
    "/\\evil.com",
    "\\\\evil.com",
    "/%2f%2fevil.com",
    "/%5cevil.com",
    "/x%2F..%2F..%2Fadmin",
    "/../admin",
    "/%2e%2e/admin",
    "https://oa.example.com.evil.com/oa",
    "https://oa.example.com@evil.com/oa",
    "https://evil.com/oa",
    "http://oa.example.com/oa",
    "https://oa.example.com:8443/oa",
    "https://oa.example.com/oa-evil",
    "https://oa.example.com/oa\\@evil.com",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    " /\tevil",
    "/x\n/evil",
    "evil.com",
  ];
  for (const value of hostile) {
    test(`a requested ${JSON.stringify(value)} is ignored (falls back to the app's target)`, () => {
      expect(resolveTarget(portal, { kind: "module", value: "待办" }, value)).toBe("https://oa.example.com/oa/todo");
      expect(resolveTarget(portal, { kind: "link", value })).toBe(root);
    });
  }

  test("with a base at the host's root, any path on that host is fine, other hosts are not", () => {
    const rootPortal = { webBaseUrl: "https://oa.example.com", modules: [] };
    expect(resolveTarget(rootPortal, { kind: "link", value: "/a/b" })).toBe("https://oa.example.com/a/b");
    expect(resolveTarget(rootPortal, { kind: "link", value: "/" }, "//evil.com")).toBe("https://oa.example.com/");
    expect(resolveTarget(rootPortal, { kind: "link", value: "https://oa.example.com.evil.com/" })).toBe("https://oa.example.com/");
  });
});
