import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
// The harness first: it loads @hono/zod-openapi before tenants.ts builds its zod schemas.
import { ADMIN_PASSWORD, startHarness, type Harness } from "../../helpers/harness.ts";
import { AdminClient, signedIn } from "../../helpers/admin-client.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";

let d: Slapd;
let h: Harness | undefined;
beforeAll(async () => {
  d = await startSlapd({ people: 2000 });
});
afterAll(() => d?.stop());
afterEach(() => {
  h?.close();
  h = undefined;
});

async function inDefaultTenant(): Promise<AdminClient> {
  h = await startHarness();
  const client = await signedIn(h.app, "admin", ADMIN_PASSWORD);
  expect((await client.post("/admin/tenant", { tenant: "default", back: "/admin" })).status).toBe(303);
  return client;
}

const ldapForm = (extra: Record<string, string> = {}) => ({
  type: "ldap",
  url: d.url,
  startTls: "false",
  caCert: "",
  bindDn: d.reader.dn,
  baseDn: d.baseDn,
  userFilter: "(objectClass=inetOrgPerson)",
  preset: "openldap",
  "departments.from": "ou-tree",
  "mapping.disabled.by": "values",
  "mapping.disabled.attribute": "employeeType",
  "mapping.disabled.values": "disabled, inactive",
  pageSize: "500",
  timeoutMs: "5000",
  secret: d.reader.password,
  refreshCron: "",
  ...extra,
});

describe("the LDAP connection form", () => {
  test("saved through the form, shown again without the password, tested in words; a wrong password is named", async () => {
    const client = await inDefaultTenant();
    const empty = (await client.getText("/admin/oa/connection?type=ldap")).html;
    expect(empty).toContain("(objectClass=inetOrgPerson)");
    expect(empty).toContain("绑定 DN");
    expect((await client.post("/admin/oa/connection", ldapForm())).status).toBe(303);
    const form = (await client.getText("/admin/oa/connection")).html;
    expect(form).toContain(`value="${d.url}"`);
    expect(form).toContain('value="employeeType"');
    expect(form).not.toContain(d.reader.password);
    const ok = await client.post("/admin/oa/connection/test");
    expect(ok.status).toBe(200);
    const okHtml = await ok.text();
    expect(okHtml).toContain("已以 cn=reader,ou=services,dc=example,dc=com 的身份绑定目录");
    // Saved again with the secret left empty: the password is kept.
    expect((await client.post("/admin/oa/connection", ldapForm({ secret: "", pageSize: "200" }))).status).toBe(303);
    expect((await client.post("/admin/oa/connection/test")).status).toBe(200);
    expect((await client.post("/admin/oa/connection", ldapForm({ secret: "not-the-password" }))).status).toBe(303);
    const denied = await client.post("/admin/oa/connection/test");
    expect(denied.status).toBe(502);
    const html = await denied.text();
    expect(html).toContain("目录服务器拒绝了绑定账号");
    expect(html).toContain("OA_LDAP_BIND");
    expect(html).not.toContain("not-the-password");
  });

  test("bad fields are shown next to their inputs, with what was typed kept", async () => {
    const client = await inDefaultTenant();
    const bad = await client.post("/admin/oa/connection", ldapForm({ url: "http://dir.example.com", userFilter: "(uid=a", pageSize: "lots" }));
    expect(bad.status).toBe(422);
    const html = await bad.text();
    for (const name of ["url", "userFilter", "pageSize"]) expect(html).toMatch(new RegExp(`id="f-${name}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-${name}"`));
    expect(html).toContain('value="(uid=a"');
  });

  test("departments from groups: chosen in the form, saved with the groups' base DN, shown again; a missing base DN is named by its input", async () => {
    const client = await inDefaultTenant();
    const empty = (await client.getText("/admin/oa/connection?type=ldap")).html;
    expect(empty).toContain("群组（groupOfNames / group 的 member）");
    expect(empty).toContain("群组基准 DN");
    const groups = { "departments.from": "groups", "departments.baseDn": "ou=群组,dc=example,dc=com", "departments.filter": "", "departments.memberAttribute": "", "departments.nameAttribute": "" };
    const missing = await client.post("/admin/oa/connection", ldapForm({ ...groups, "departments.baseDn": "" }));
    expect(missing.status).toBe(422);
    expect(await missing.text()).toMatch(/id="f-departments\.baseDn"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-departments\.baseDn"/);
    expect((await client.post("/admin/oa/connection", ldapForm(groups))).status).toBe(303);
    expect((await client.getText("/admin/oa/connection")).html).toContain('value="ou=群组,dc=example,dc=com"');
    const saved = (await (await h!.call("GET", "/api/v1/oa/connection", { tenant: "default" })).json()) as { settings: { departments: unknown } };
    expect(saved.settings.departments).toEqual({ from: "groups", baseDn: "ou=群组,dc=example,dc=com", memberAttribute: "member", nameAttribute: "cn" });
    const tested = await client.post("/admin/oa/connection/test");
    expect(tested.status).toBe(200);
  });

  test("in English too", async () => {
    const client = await inDefaultTenant();
    await client.getText("/admin/lang/en?back=%2Fadmin");
    const page = (await client.getText("/admin/oa/connection?type=ldap")).html;
    expect(page).toContain("Bind DN");
    expect(page).toContain("The OU tree (the OU each person sits in)");
    expect(page).toContain("Groups (member of groupOfNames / group)");
    expect(page).not.toContain("绑定 DN");
  });
});
