import { LOCAL_NET } from "../../../src/kernel/net-policy.ts";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createLdapConnector } from "../../../src/oa/ldap/connector.ts";
import { LdapOaSettings } from "../../../src/oa/ldap/settings.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";
import { ldapSettings } from "./support.ts";

let d: Slapd;
beforeAll(async () => {
  d = await startSlapd({ people: 100, tls: true });
});
afterAll(() => d?.stop());

const tested = (extra: Record<string, unknown>) =>
  createLdapConnector(LdapOaSettings.parse(ldapSettings(d, extra)), { bindPassword: d.reader.password }, LOCAL_NET).testConnection();

describe("LDAP over TLS, against slapd with a test CA", () => {
  test("ldaps:// and StartTLS work when the CA certificate is given", async () => {
    expect(await tested({ url: d.tls!.ldapsUrl, caCert: d.tls!.caPem })).toMatchObject({ code: "OA_TEST_LDAP" });
    expect(await tested({ startTls: true, caCert: d.tls!.caPem })).toMatchObject({ code: "OA_TEST_LDAP" });
    const oa = createLdapConnector(LdapOaSettings.parse(ldapSettings(d, { startTls: true, caCert: d.tls!.caPem })), { bindPassword: d.reader.password }, LOCAL_NET);
    expect(await oa.verifyPassword("u000042", "pw-u000042")).toMatchObject({ account: "u000042" });
  });

  test("without the CA the server's certificate is not trusted: TLS refused, in words", async () => {
    await expect(tested({ url: d.tls!.ldapsUrl })).rejects.toMatchObject({ code: "OA_LDAP_TLS" });
    await expect(tested({ startTls: true })).rejects.toMatchObject({ code: "OA_LDAP_TLS" });
  });
});
