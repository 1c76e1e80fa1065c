import type { Form } from "../ui/index.ts";
import type { AppView } from "./app-input.ts";
import { type CorpView, defaultBindingRule } from "./corp-input.ts";
import { readTermSlots, type TermSlot, termSlots, termsInput } from "./rule-form.ts";

/**
 * The admin forms of corps and apps as plain values (what the browser sent, for re-rendering)
 * and as the use cases' input. Checkboxes send nothing when unticked, hence the presence tests.
 */
export type CorpFormValues = {
  name: string;
  welinkTenantId: string;
  apiBaseUrl: string;
  enabled: boolean;
  contactPermission: string;
  syncAppId: string;
  ruleEnabled: boolean;
  ruleTerms: TermSlot[];
  ruleCombine: string;
};

export function readCorpForm(form: Form): CorpFormValues {
  return {
    name: form.text("name"),
    welinkTenantId: form.text("welinkTenantId"),
    apiBaseUrl: form.text("apiBaseUrl").trim(),
    enabled: form.text("enabled") === "on",
    contactPermission: form.text("contactPermission"),
    syncAppId: form.text("syncAppId"),
    ruleEnabled: form.text("ruleEnabled") === "on",
    ruleTerms: readTermSlots(form),
    ruleCombine: form.text("ruleCombine"),
  };
}

export const corpValues = (c: CorpView): CorpFormValues => ({
  name: c.name,
  welinkTenantId: c.welinkTenantId,
  apiBaseUrl: c.apiBaseUrl,
  enabled: c.enabled,
  contactPermission: c.contactPermission,
  syncAppId: c.syncAppId ?? "",
  ruleEnabled: c.bindingRule.enabled,
  ruleTerms: termSlots(c.bindingRule),
  ruleCombine: c.bindingRule.combine,
});

export const blankCorp = (apiBaseUrl: string): CorpFormValues => ({
  name: "",
  welinkTenantId: "",
  apiBaseUrl,
  enabled: true,
  contactPermission: "read-only",
  syncAppId: "",
  ruleEnabled: false,
  ruleTerms: termSlots(defaultBindingRule()),
  ruleCombine: "or",
});

export const newCorpInput = (v: CorpFormValues) => ({
  name: v.name,
  welinkTenantId: v.welinkTenantId,
  apiBaseUrl: v.apiBaseUrl || undefined,
  contactPermission: v.contactPermission || undefined,
});

export const corpPatchInput = (v: CorpFormValues) => ({
  name: v.name,
  apiBaseUrl: v.apiBaseUrl,
  enabled: v.enabled,
  contactPermission: v.contactPermission,
  syncAppId: v.syncAppId || null,
  bindingRule: { enabled: v.ruleEnabled, terms: termsInput(v.ruleTerms), combine: v.ruleCombine },
});

export type AppFormValues = {
  name: string;
  clientId: string;
  clientSecret: string;
  enabled: boolean;
  targetKind: string;
  targetModule: string;
  targetLink: string;
};

export const readAppForm = (form: Form): AppFormValues => ({
  name: form.text("name"),
  clientId: form.text("clientId").trim(),
  clientSecret: form.text("clientSecret"),
  enabled: form.text("enabled") === "on",
  targetKind: form.text("targetKind"),
  targetModule: form.text("targetModule"),
  targetLink: form.text("targetLink").trim(),
});

export const appValues = (a: AppView): AppFormValues => ({
  name: a.name,
  clientId: a.clientId,
  clientSecret: "",
  enabled: a.enabled,
  targetKind: a.target.kind,
  targetModule: a.target.kind === "module" ? a.target.value : "",
  targetLink: a.target.kind === "link" ? a.target.value : "",
});

export const blankApp = (firstModule: string): AppFormValues => ({
  name: "",
  clientId: "",
  clientSecret: "",
  enabled: true,
  targetKind: "module",
  targetModule: firstModule,
  targetLink: "",
});

/** The use cases' input; an empty secret on an edit means "keep". */
export const appInput = (v: AppFormValues) => ({
  name: v.name,
  clientId: v.clientId,
  clientSecret: v.clientSecret,
  enabled: v.enabled,
  target: { kind: v.targetKind, value: v.targetKind === "link" ? v.targetLink : v.targetModule },
});
