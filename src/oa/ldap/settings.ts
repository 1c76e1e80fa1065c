import { FilterParser } from "ldapts";
import { z } from "zod";
import { isAtOrUnder, LdapWrite } from "./write-settings.ts";

/**
 * Settings of the LDAP / Active Directory adapter. The bind password is a secret, stored sealed
 * apart from these (`bindPassword`). Attribute names are LDAP attribute descriptions.
 */
const Attr = z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,99}$/, "an LDAP attribute name, e.g. mail");
/** An admin-written RFC 4515 filter: parsed here, so a broken one is refused on save. */
const FilterText = z
  .string()
  .trim()
  .min(3)
  .max(2000)
  .refine((f) => {
    try {
      FilterParser.parseString(f);
      return true;
    } catch {
      return false;
    }
  }, "an LDAP filter, e.g. (objectClass=inetOrgPerson)");

const mappingFields = {
  /** The immutable id; objectGUID (binary) is rendered as a GUID string. */
  id: Attr,
  account: Attr,
  name: Attr,
  /** Tried in order; the first present value is taken. */
  mobile: z.array(Attr).max(5),
  email: Attr.optional(),
  employeeNo: Attr.optional(),
  position: Attr.optional(),
  /** When the entry last changed (whenChanged / modifyTimestamp), for incremental refreshes. */
  modified: Attr.optional(),
  /** How a disabled person shows: AD's userAccountControl bit 2, listed values of an attribute, or not at all. */
  disabled: z.discriminatedUnion("by", [
    z.object({ by: z.literal("none") }),
    z.object({ by: z.literal("userAccountControl") }),
    z.object({ by: z.literal("values"), attribute: Attr, values: z.array(z.string().min(1)).min(1) }),
  ]),
};
export const LdapMapping = z.object(mappingFields);
/** What the settings may override, field by field (no defaults: a missing field keeps the preset's). */
const MappingOverride = z.object(mappingFields).partial();
export type LdapMapping = z.infer<typeof LdapMapping>;

/** Starting points, always editable: the attributes each kind of directory usually has. */
export const LDAP_PRESETS = {
  ad: {
    id: "objectGUID", account: "sAMAccountName", name: "displayName", mobile: ["mobile", "telephoneNumber"], email: "mail",
    employeeNo: "employeeID", position: "title", modified: "whenChanged", disabled: { by: "userAccountControl" },
  },
  openldap: {
    id: "entryUUID", account: "uid", name: "displayName", mobile: ["mobile"], email: "mail",
    employeeNo: "employeeNumber", position: "title", modified: "modifyTimestamp", disabled: { by: "none" },
  },
} as const satisfies Record<string, z.input<typeof LdapMapping>>;
export const PRESET_NAMES = ["ad", "openldap"] as const;
export const PRESET_FILTERS: Record<(typeof PRESET_NAMES)[number], string> = {
  ad: "(&(objectCategory=person)(objectClass=user))",
  openldap: "(objectClass=inetOrgPerson)",
};

export const LdapDepartments = z.discriminatedUnion("from", [
  /** Each OU under the base DN is a department; its parent is the OU above; people belong to the OU they sit in. */
  z.object({ from: z.literal("ou-tree") }),
  /** The department's name is an attribute of the person (e.g. department); flat, no parents. */
  z.object({ from: z.literal("attribute"), attribute: Attr }),
  /**
   * Each group under `baseDn` is a department (its id the mapping's immutable id); a person's
   * department is the first group listing them as a member, the others part-time; a group that
   * is a member of another has it as its parent.
   */
  z.object({
    from: z.literal("groups"),
    baseDn: z.string().trim().min(3).max(1000),
    /** Missing: the preset's (groupOfNames for openldap, group for AD). */
    filter: FilterText.optional(),
    memberAttribute: Attr.default("member"),
    nameAttribute: Attr.default("cn"),
  }),
]);
export type LdapDepartments = z.infer<typeof LdapDepartments>;
export const GROUP_FILTERS: Record<(typeof PRESET_NAMES)[number], string> = {
  ad: "(objectClass=group)",
  openldap: "(objectClass=groupOfNames)",
};

const Pem = z.string().trim().max(20_000).regex(/^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/, "a PEM certificate (-----BEGIN CERTIFICATE----- …)");

export const LdapOaSettings = z
  .object({
    url: z.url({ protocol: /^ldaps?$/, message: "an ldap:// or ldaps:// URL" }),
    startTls: z.boolean().default(false),
    /** Trusted in addition to the system's CAs, for ldaps:// and StartTLS. */
    caCert: Pem.optional(),
    bindDn: z.string().trim().min(3).max(1000),
    baseDn: z.string().trim().min(3).max(1000),
    userFilter: FilterText,
    departments: LdapDepartments.default({ from: "ou-tree" }),
    preset: z.enum(PRESET_NAMES).default("openldap"),
    /** Fields given here replace the preset's. */
    mapping: MappingOverride.default({}),
    pageSize: z.number().int().min(10).max(5000).default(500),
    timeoutMs: z.number().int().min(500).max(120_000).default(10_000),
    /** WeLink → OA writes (write.ts); absent: the directory is only read. */
    write: LdapWrite.optional(),
  })
  .refine((s) => !(s.startTls && s.url.startsWith("ldaps:")), { path: ["startTls"], message: "StartTLS is for ldap:// URLs; ldaps:// is TLS already" })
  .refine((s) => !s.write || isAtOrUnder(s.write.ou, s.baseDn), { path: ["write", "ou"], message: "the write OU must be the base DN or under it" });
export type LdapOaSettings = z.infer<typeof LdapOaSettings>;

export const LdapOaSecrets = z.object({
  bindPassword: z.string().min(1).max(1000).optional(),
  /** The password of `write.bindDn`, when writes use their own account. */
  writeBindPassword: z.string().min(1).max(1000).optional(),
});
export type LdapOaSecrets = z.infer<typeof LdapOaSecrets>;

/** The mapping in force: the preset with the settings' own fields over it. */
export const mappingOf = (s: LdapOaSettings): LdapMapping => LdapMapping.parse({ ...LDAP_PRESETS[s.preset], ...s.mapping });
