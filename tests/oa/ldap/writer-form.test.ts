import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before tenants.ts builds its zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../../helpers/harness.ts";
import { AdminClient, signedIn } from "../../helpers/admin-client.ts";
import { WRITE_DN } from "../../helpers/ldap-tree.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";
import { json, T } from "../../sync/from-welink/support.ts";

let d: Slapd;
let h: Harness | undefined;
beforeAll(async () => {
  d = await startSlapd({ people: 20 });
});
afterAll(() => d?.stop());
afterEach(() => {
  h?.close();
  h = undefined;
});

async function inDefaultTenant(): Promise<{ client: AdminClient; h: Harness }> {
  h = await startHarness();
  const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  return { client, h };
}

const ldapForm = (extra: Record<string, string> = {}) => ({
  type: "ldap", url: d.url, startTls: "false", caCert: "", bindDn: d.reader.dn, baseDn: WRITE_DN, userFilter: "(objectClass=inetOrgPerson)",
  preset: "openldap", "departments.from": "ou-tree", "mapping.disabled.by": "values", "mapping.disabled.attribute": "employeeType",
  "mapping.disabled.values": "disabled", pageSize: "500", timeoutMs: "5000", secret: d.reader.password, refreshCron: "",
  "write.ou": WRITE_DN, "write.bindDn": d.writer.dn, "write.objectClasses": "inetOrgPerson, top", "write.rdn": "",
  ...extra,
});

type View = { settings: { write?: Record<string, unknown> }; secrets: Record<string, string> };

describe("the LDAP form's write-back section", () => {
  test("saved through the form and shown again; the write password set through the API is kept by a form save", async () => {
    const { client, h } = await inDefaultTenant();
    const empty = (await client.getText("/admin/oa/connection?type=ldap")).html;
    expect(empty).toContain("写回目录（WeLink → OA）");
    expect(empty).toContain("写入 OU");
    expect((await client.post("/admin/oa/connection", ldapForm())).status).toBe(303);
    const saved = await json<View>(await h.call("GET", "/api/v1/oa/connection", T));
    expect(saved.settings.write).toEqual({ ou: WRITE_DN, bindDn: d.writer.dn, objectClasses: ["inetOrgPerson", "top"] });
    const page = (await client.getText("/admin/oa/connection")).html;
    expect(page).toContain(`value="${d.writer.dn}"`);
    expect(page).toContain('value="inetOrgPerson, top"');
    const put = await h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "ldap", settings: saved.settings, secrets: { writeBindPassword: d.writer.password } } });
    expect(put.status).toBe(200);
    expect((await client.post("/admin/oa/connection", ldapForm({ secret: "" }))).status).toBe(303);
    const after = await json<View>(await h.call("GET", "/api/v1/oa/connection", T));
    expect(Object.keys(after.secrets).sort()).toEqual(["bindPassword", "writeBindPassword"]);
    expect((await client.getText("/admin/oa/connection")).html).not.toContain(d.writer.password);
  });

  test("an empty write OU leaves the directory read-only; a write OU outside the base DN is shown at its input", async () => {
    const { client, h } = await inDefaultTenant();
    expect((await client.post("/admin/oa/connection", ldapForm({ "write.ou": "", "write.bindDn": "" }))).status).toBe(303);
    expect((await json<View>(await h.call("GET", "/api/v1/oa/connection", T))).settings.write).toBeUndefined();
    const bad = await client.post("/admin/oa/connection", ldapForm({ "write.ou": "ou=elsewhere,dc=example,dc=com" }));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toMatch(/id="f-write\.ou"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-write\.ou"/);
    expect(html).toContain('value="ou=elsewhere,dc=example,dc=com"');
  });

  test("in English too", async () => {
    const { client } = await inDefaultTenant();
    await client.getText("/admin/lang/en?back=%2Fadmin");
    const page = (await client.getText("/admin/oa/connection?type=ldap")).html;
    expect(page).toContain("Writing back (WeLink → OA)");
    expect(page).toContain("Write account DN");
    expect(page).not.toContain("写入账号 DN");
  });
});
