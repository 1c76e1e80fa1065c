import { afterEach, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before the use cases build their zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../helpers/harness.ts";
import { signedIn, type AdminClient } from "../helpers/admin-client.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";
import { systemCtx } from "../../src/kernel/actor.ts";
import { getOaConnection } from "../../src/oa/connection/connection.ts";
import { oaConnectorFor } from "../../src/oa/index.ts";
import { demoHttpSettings } from "../../src/oa/demo/connector.ts";
import { formFromSettings, HTTP_FIELDS } from "../../src/oa/http/form.ts";
import { WRITE_FIELDS } from "../../src/oa/http/form-writes.ts";
import { labelOf } from "../../src/oa/http/fields.tsx";
import { startDemoOa, type RunningDemoOa } from "../../src/sandbox/oa/server.ts";

let h: Harness | undefined;
let oa: RunningDemoOa | undefined;
afterEach(() => {
  oa?.stop();
  h?.close();
  oa = h = undefined;
});

async function admin(): Promise<AdminClient> {
  h = await startHarness();
  const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  return client;
}

/** The demo OA's http settings (writes included) as the admin form sends them. */
function demoForm(url: string, token: string, changes: Record<string, string> = {}): Record<string, string> {
  const { paging: _p, ...rest } = demoHttpSettings(url);
  return { type: "http", secret: token, ...formFromSettings(rest), "paging.style": "page", "paging.pageParam": "page", "paging.sizeParam": "size", "paging.firstPage": "1", "paging.size": "200", ...changes };
}

const tenantId = async () => (await findTenantBySlug(h!.deps.db, "default"))!.id;

describe("the http connection form's write endpoints (WeLink → OA)", () => {
  test("every write input has its own label in both languages", () => {
    for (const name of WRITE_FIELDS) {
      expect(HTTP_FIELDS).toContain(name);
      for (const lang of ["zh-CN", "en"] as const) expect(labelOf(lang, name)).not.toBe(name);
    }
    expect(labelOf("zh-CN", "writes.createUser.path")).toBe("新建人员：接口路径");
    expect(labelOf("en", "writes.userFields.mainDeptId")).toBe("Main department id");
  });

  test("write endpoints saved through the form are kept, shown again, and write into the demo OA once per key", async () => {
    oa = startDemoOa({ seed: 3, users: 5, depts: 2 });
    const client = await admin();
    const form = await client.getText("/admin/oa/connection?type=http");
    expect(form.html).toContain("写回接口（选填，WeLink → OA）");
    expect((await client.post("/admin/oa/connection", demoForm(oa.url, oa.token))).status).toBe(303);
    const saved = await getOaConnection(h!.deps, systemCtx({ id: await tenantId(), slug: "default" }));
    expect((saved.settings as { writes?: unknown }).writes).toEqual(demoHttpSettings(oa.url).writes);
    const again = (await client.getText("/admin/oa/connection")).html;
    expect(again).toContain('value="/api/org/users/{id}/disable"');
    expect(again).toContain('value="jobNumber"');
    await client.get("/admin/lang/en");
    expect((await client.getText("/admin/oa/connection")).html).toContain("Write endpoints (optional, WeLink → OA)");

    const writer = (await oaConnectorFor(h!.deps, await tenantId())).writer!;
    expect([...writer.capabilities].sort()).toEqual(["createDept", "createUser", "disableDept", "disableUser", "updateDept", "updateUser"]);
    const person = { account: "form-writer", name: "表单写入", mobile: "+86-13900001111" };
    const first = await writer.createUser("form-key-1", person);
    expect(await writer.createUser("form-key-1", person)).toEqual(first);
    expect(oa.org.users.filter((u) => u.loginName === "form-writer")).toHaveLength(1);
    expect(oa.state.writes.sent.get("form-key-1")).toBe(2);
    expect(oa.state.writes.count).toBe(1);
  });

  test("no write path filled keeps the OA read-only; a bad write path is shown next to its input", async () => {
    oa = startDemoOa({ seed: 3, users: 5, depts: 2 });
    const client = await admin();
    const none = Object.fromEntries(Object.entries(demoForm(oa.url, oa.token)).filter(([k]) => !k.startsWith("writes.")));
    expect((await client.post("/admin/oa/connection", none)).status).toBe(303);
    expect((await oaConnectorFor(h!.deps, await tenantId())).writer).toBeUndefined();
    const bad = await client.post("/admin/oa/connection", demoForm(oa.url, oa.token, { "writes.createUser.path": "api/org/users", "writes.userFields.account": "" }));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain('id="f-writes.createUser.path-error"');
    expect(html).toContain('id="f-writes.userFields.account-error"');
    expect(html).toContain('value="api/org/users"');
  });
});
