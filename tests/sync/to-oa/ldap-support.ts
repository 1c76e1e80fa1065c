import { expect } from "bun:test";
import { WRITE_DN } from "../../helpers/ldap-tree.ts";
import type { RunningSandbox } from "../../helpers/sandbox.ts";
import { startSlapd, type Slapd } from "../../helpers/slapd.ts";
import { T } from "../from-welink/support.ts";
import { pushSettings, startPushWorld, type PushWorld } from "../to-welink/support.ts";

/*
 * A WeLink → OA world writing into a real slapd: the tenant's OA connection is the directory's
 * `ou=写回` OU, read as the reader account and written as the writer account; direction to-oa.
 */

export type LdapWorld = PushWorld & { d: Slapd };

/** The connection settings an admin would save for the write OU. */
export const writeOuSettings = (d: Slapd) => ({
  url: d.url, bindDn: d.reader.dn, baseDn: WRITE_DN, userFilter: "(objectClass=inetOrgPerson)", preset: "openldap",
  mapping: { disabled: { by: "values", attribute: "employeeType", values: ["disabled"] } }, timeoutMs: 5000,
  write: { ou: WRITE_DN, bindDn: d.writer.dn },
});
export const writeOuSecrets = (d: Slapd) => ({ bindPassword: d.reader.password, writeBindPassword: d.writer.password });

export async function startLdapWorld(o: { sandbox?: RunningSandbox } = {}): Promise<LdapWorld> {
  const d = await startSlapd({ people: 10 });
  const w = await startPushWorld({ sandbox: o.sandbox });
  const put = await w.h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "ldap", settings: writeOuSettings(d), secrets: writeOuSecrets(d) } });
  expect(put.status).toBe(200);
  await pushSettings(w, { addNewPeople: true });
  expect((await w.h.call("PUT", `/api/v1/corps/${w.corpId}/sync-direction`, { ...T, body: { direction: "to-oa" } })).status).toBe(200);
  return { ...w, d, close: () => (w.close(), d.stop()) };
}
