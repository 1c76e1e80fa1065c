import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";
import { connection, ldapSettings } from "./support.ts";

let h: Harness;
let d: Slapd;
beforeAll(async () => {
  d = await startSlapd({ people: 2000 });
  h = await startHarness();
});
afterAll(() => {
  h?.close();
  d?.stop();
});

const T = { tenant: "default" };
type Answer = { code: string; detail: string; params?: Record<string, unknown> };
const save = (settings: unknown, password?: string) => h.call("PUT", "/api/v1/oa/connection", { ...T, body: connection(settings, password) });
const test_ = async () => {
  const res = await h.call("POST", "/api/v1/oa/connection/test", T);
  return { status: res.status, body: (await res.json()) as Answer };
};

describe("LDAP test connection, against slapd", () => {
  test("a good connection reports the bind, first pages and an example of each, in both languages", async () => {
    expect((await save(ldapSettings(d), d.reader.password)).status).toBe(200);
    const { status, body } = await test_();
    expect(status).toBe(200);
    expect(body.code).toBe("OA_TEST_LDAP");
    expect(body.params).toMatchObject({ departments: 10, people: 300, authName: d.reader.dn, passwordCheck: "uid" });
    expect(body.detail).toContain(`bound to the directory as ${d.reader.dn}`);
    expect(String(body.params?.departmentExample)).toMatch(/中心$|部$/);
  });

  test("the bind password is sealed, masked, never returned, and kept when not sent again", async () => {
    const saved = (await (await save(ldapSettings(d), d.reader.password)).json()) as { secrets: Record<string, string> };
    expect(saved.secrets.bindPassword).toContain("••");
    expect(saved.secrets.bindPassword).not.toContain(d.reader.password);
    const raw = await h.deps.database.client.execute("SELECT settings, secrets FROM oa_connections");
    expect(JSON.stringify(raw.rows)).not.toContain(d.reader.password);
    expect((await save(ldapSettings(d))).status).toBe(200);
    expect((await test_()).status).toBe(200);
    const audit = await (await h.call("GET", "/api/v1/audit?action=oa.", T)).text();
    expect(audit).not.toContain(d.reader.password);
  });

  test("each failure has its own code and sentence", async () => {
    const cases: [Record<string, unknown>, string, string | undefined, RegExp][] = [
      [{ url: "ldap://127.0.0.1:1" }, "OA_LDAP_UNREACHABLE", d.reader.password, /cannot be reached/],
      [{ url: `ldaps://127.0.0.1:${d.port}` }, "OA_LDAP_TLS", d.reader.password, /TLS connection/],
      [{ startTls: true }, "OA_LDAP_TLS", d.reader.password, /TLS connection/],
      [{}, "OA_LDAP_BIND", "wrong-password", /refused the credentials of the bind account .*\(LDAP result 49\)/],
      [{ baseDn: "ou=不存在,dc=example,dc=com" }, "OA_LDAP_BASE_DN", d.reader.password, /ou=不存在,dc=example,dc=com does not exist.*32/],
      [{ userFilter: "(&(objectClass=inetOrgPerson)(uid=nobody-here))" }, "OA_LDAP_NO_MATCH", d.reader.password, /matched nobody/],
    ];
    for (const [extra, code, password, detail] of cases) {
      expect((await save(ldapSettings(d, extra), password)).status).toBe(200);
      const { status, body } = await test_();
      expect({ code: body.code, status }).toEqual({ code, status: 502 });
      expect(body.detail).toMatch(detail);
      expect(body.detail).not.toContain("wrong-password");
    }
  });

  test("settings are checked: URL scheme, filter syntax, StartTLS over ldaps, preset names", async () => {
    const bad = async (extra: Record<string, unknown>, path: string) => {
      const res = await save(ldapSettings(d, extra), d.reader.password);
      expect(res.status).toBe(422);
      expect(JSON.stringify(await res.json())).toContain(path);
    };
    await bad({ url: "http://127.0.0.1" }, "url");
    await bad({ userFilter: "(uid=a" }, "userFilter");
    await bad({ url: `ldaps://127.0.0.1:${d.port}`, startTls: true }, "startTls");
    await bad({ preset: "novell" }, "preset");
    await bad({ mapping: { account: "u id" } }, "account");
  });
});
