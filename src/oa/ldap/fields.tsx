/** @jsxImportSource hono/jsx */
import { Field, type FieldErrors, type View } from "../../ui/index.ts";
import { to } from "../i18n.ts";
import { SelectField, TextAreaField } from "../page-parts.tsx";
import { DISABLED_BY, GROUP_INPUTS, LDAP_MAPPED } from "./form.ts";
import { PRESET_NAMES } from "./settings.ts";

export type LdapFormState = { values: Record<string, string>; errors: FieldErrors; secretHint: string };

/** The LDAP connection's inputs, in three sections. */
export function LdapFields({ v, s }: { v: View; s: LdapFormState }) {
  const label = (name: string) => to(v.lang, `ldap.f.${name}` as Parameters<typeof to>[1]);
  const input = (name: string, hint?: string) => <Field name={name} label={label(name)} value={s.values[name]} error={s.errors[name]} hint={hint} maxlength={1000} />;
  const select = (name: string, options: { value: string; label: string }[], fallback: string) => (
    <SelectField name={name} label={label(name)} value={s.values[name] ?? fallback} options={options} error={s.errors[name]} />
  );
  return (
    <>
      <p class="muted">{to(v.lang, "ldap.hint")}</p>
      <h2>{to(v.lang, "ldap.server")}</h2>
      {input("url", to(v.lang, "ldap.hint.url"))}
      {select("startTls", [{ value: "false", label: to(v.lang, "ldap.tls.false") }, { value: "true", label: to(v.lang, "ldap.tls.true") }], "false")}
      <TextAreaField name="caCert" label={label("caCert")} value={s.values.caCert ?? ""} error={s.errors.caCert} rows={4} />
      {input("bindDn")}
      <Field name="secret" type="password" label={label("bindPassword")} error={s.errors.secret} hint={s.secretHint} autocomplete="new-password" />
      {input("timeoutMs")}
      <h2>{to(v.lang, "ldap.people")}</h2>
      {input("baseDn")}
      {input("userFilter", to(v.lang, "ldap.hint.userFilter"))}
      {select("preset", PRESET_NAMES.map((p) => ({ value: p, label: to(v.lang, `ldap.preset.${p}`) })), "openldap")}
      {select("departments.from", (["ou-tree", "attribute", "groups"] as const).map((f) => ({ value: f, label: to(v.lang, `ldap.from.${f}`) })), "ou-tree")}
      {input("departments.attribute")}
      {GROUP_INPUTS.map((f) => input(`departments.${f}`, f === "filter" ? to(v.lang, "ldap.hint.groupFilter") : undefined))}
      {input("pageSize")}
      <h2>{to(v.lang, "ldap.mapping")}</h2>
      {LDAP_MAPPED.map((f) => input(`mapping.${f}`))}
      {select("mapping.disabled.by", DISABLED_BY.map((b) => ({ value: b, label: to(v.lang, `ldap.disabled.${b}`) })), "")}
      {input("mapping.disabled.attribute")}
      {input("mapping.disabled.values")}
      <h2>{to(v.lang, "ldap.write")}</h2>
      <p class="muted">{to(v.lang, "ldap.hint.write")}</p>
      {input("write.ou")}
      {input("write.bindDn", to(v.lang, "ldap.hint.writeBindDn"))}
      <Field name="writeSecret" type="password" label={label("writeBindPassword")} error={s.errors.writeSecret} hint={to(v.lang, "ldap.hint.writeSecret")} autocomplete="new-password" />
      {input("write.objectClasses", to(v.lang, "ldap.hint.objectClasses"))}
      {input("write.rdn", to(v.lang, "ldap.hint.rdn"))}
    </>
  );
}
