import type { Slapd } from "../../helpers/slapd.ts";

/** The settings an admin would save for the generated tree, as the API takes them. */
export function ldapSettings(d: Slapd, extra: Record<string, unknown> = {}) {
  return {
    url: d.url,
    bindDn: d.reader.dn,
    baseDn: d.baseDn,
    userFilter: "(objectClass=inetOrgPerson)",
    preset: "openldap",
    mapping: { disabled: { by: "values", attribute: "employeeType", values: ["disabled"] } },
    pageSize: 300,
    timeoutMs: 3000,
    ...extra,
  };
}

/** The AD-shaped OU with the `ad` preset (the test schema's class stands in for AD's objectCategory). */
export function adSettings(d: Slapd, extra: Record<string, unknown> = {}) {
  return { url: d.url, bindDn: d.reader.dn, baseDn: "ou=AD,dc=example,dc=com", userFilter: "(objectClass=adObject)", preset: "ad", mapping: { id: "objectGUID" }, ...extra };
}

export const connection = (settings: unknown, password?: string) => ({
  type: "ldap",
  settings,
  ...(password !== undefined && { secrets: { bindPassword: password } }),
});
