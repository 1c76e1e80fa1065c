/**
 * The admin's LDAP form as flat inputs named by their path in the settings (`mapping.disabled.by`),
 * so a zod issue names its input. Pure: no request, no rendering.
 */
type Read = (name: string) => string;

export const LDAP_MAPPED = ["id", "account", "name", "mobile", "email", "employeeNo", "position", "modified"] as const;
export const DISABLED_BY = ["", "none", "userAccountControl", "values"] as const;
/** The write-back inputs; an empty write OU means the directory is only read. */
export const LDAP_WRITE_FIELDS = ["write.ou", "write.bindDn", "write.objectClasses", "write.rdn"] as const;

/** Departments from groups: where the groups are and how they name their members. */
export const GROUP_INPUTS = ["baseDn", "filter", "memberAttribute", "nameAttribute"] as const;

/** Every input of the LDAP form, in the order the page shows them. */
export const LDAP_FIELDS = [
  "url", "startTls", "caCert", "bindDn", "baseDn", "userFilter", "preset", "departments.from", "departments.attribute",
  ...GROUP_INPUTS.map((f) => `departments.${f}`),
  ...LDAP_MAPPED.map((f) => `mapping.${f}`), "mapping.disabled.by", "mapping.disabled.attribute", "mapping.disabled.values",
  "pageSize", "timeoutMs", ...LDAP_WRITE_FIELDS,
];

/** A fresh form starts from the OpenLDAP preset. */
export const LDAP_DEFAULTS: Record<string, string> = {
  preset: "openldap",
  startTls: "false",
  userFilter: "(objectClass=inetOrgPerson)",
  "departments.from": "ou-tree",
  pageSize: "500",
  timeoutMs: "10000",
};

const optional = (v: string) => (v === "" ? undefined : v);
const numeric = (v: string) => (v === "" ? undefined : /^-?\d+$/.test(v) ? Number(v) : v);
const listOf = (v: string) => v.split(/[,，]/).map((s) => s.trim()).filter(Boolean);

function mappingOf(read: Read): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of LDAP_MAPPED) {
    const v = read(`mapping.${f}`);
    if (v !== "") out[f] = f === "mobile" ? listOf(v) : v;
  }
  const by = read("mapping.disabled.by");
  if (by === "values") out.disabled = { by, attribute: read("mapping.disabled.attribute"), values: listOf(read("mapping.disabled.values")) };
  else if (by !== "") out.disabled = { by };
  return out;
}

function writeOf(read: Read): Record<string, unknown> | undefined {
  const ou = read("write.ou");
  if (ou === "") return undefined;
  const classes = listOf(read("write.objectClasses"));
  return { ou, bindDn: optional(read("write.bindDn")), objectClasses: classes.length ? classes : undefined, rdn: optional(read("write.rdn")) };
}

function departmentsOf(from: string, read: Read): Record<string, unknown> {
  if (from === "attribute") return { from, attribute: read("departments.attribute") };
  if (from !== "groups") return { from };
  const out: Record<string, unknown> = { from, baseDn: read("departments.baseDn") };
  for (const f of ["filter", "memberAttribute", "nameAttribute"] as const) if (read(`departments.${f}`) !== "") out[f] = read(`departments.${f}`);
  return out;
}

/** The settings object the form describes, unchecked (LdapOaSettings judges it). */
export function ldapSettingsFromForm(read: Read): Record<string, unknown> {
  const from = read("departments.from") || "ou-tree";
  return {
    url: read("url"),
    startTls: read("startTls") === "true",
    caCert: optional(read("caCert")),
    bindDn: read("bindDn"),
    baseDn: read("baseDn"),
    userFilter: read("userFilter"),
    preset: read("preset") || "openldap",
    departments: departmentsOf(from, read),
    mapping: mappingOf(read),
    pageSize: numeric(read("pageSize")),
    timeoutMs: numeric(read("timeoutMs")),
    write: writeOf(read),
  };
}
