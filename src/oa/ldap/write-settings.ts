import { z } from "zod";
import { canonicalDn, parseDn } from "./dn.ts";

/**
 * Where and how the LDAP connector writes (WeLink → OA). Optional: without it the directory is
 * only read. The write bind password is a secret (`writeBindPassword`), sealed like bindPassword.
 */
const Name = z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,99}$/, "an LDAP name, e.g. inetOrgPerson");
const Dn = z
  .string()
  .trim()
  .min(3)
  .max(1000)
  .refine((dn) => {
    try {
      return parseDn(dn).length > 0;
    } catch {
      return false;
    }
  }, "a DN, e.g. ou=写回,dc=example,dc=com");

export const LdapWrite = z.object({
  /** New top-level departments (and, with departments from an attribute, new people) are created here; at or under the base DN. */
  ou: Dn,
  /** A separate account allowed to write; empty: the bind account above writes too. */
  bindDn: Dn.optional(),
  /** Object classes of a new person; empty: the preset's (WRITE_PRESETS). */
  objectClasses: z.array(Name).min(1).max(10).optional(),
  /** The attribute naming a new person's entry (its RDN); empty: the preset's. */
  rdn: Name.optional(),
});
export type LdapWrite = z.infer<typeof LdapWrite>;

/*
 * New entries by preset. openldap: inetOrgPerson named uid=<account>, so the RDN follows from
 * the key's data and a repeated create meets its own entry. ad (inferred from Microsoft's
 * documentation, no AD to test against): a `user` named cn=<name> (AD's convention; a second
 * person of the same name in one OU gets cn=<name> (<account>)), and userAccountControl 544
 * (NORMAL_ACCOUNT | PASSWD_NOTREQD): an enabled account without a password, since people reach
 * the OA through the bridge and AD would refuse 512 without one.
 */
export const WRITE_PRESETS = {
  openldap: { objectClasses: ["inetOrgPerson"], ouClasses: ["organizationalUnit"], rdn: "uid", extra: {} as Record<string, string> },
  ad: { objectClasses: ["top", "person", "organizationalPerson", "user"], ouClasses: ["top", "organizationalUnit"], rdn: "cn", extra: { userAccountControl: "544" } as Record<string, string> },
} as const;

/** True when `dn` is `base` or sits under it (compared in canonical form). */
export function isAtOrUnder(dn: string, base: string): boolean {
  try {
    const d = parseDn(dn);
    const b = parseDn(base);
    return d.length >= b.length && canonicalDn(d.slice(d.length - b.length)) === canonicalDn(b);
  } catch {
    return false;
  }
}
