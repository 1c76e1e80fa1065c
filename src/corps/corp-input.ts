import { z } from "zod";
import { BindingRule, parseBindingRule } from "./binding-rule.ts";
import type { CorpRow } from "./store.ts";

export { BINDING_FIELDS, type BindingField, BindingRule, defaultBindingRule, parseBindingRule } from "./binding-rule.ts";
export const CONTACT_PERMISSIONS = ["read-only", "read-write"] as const;

/**
 * WeLink refuses these in an enterprise name (seed FAQ 8.2, "注册的企业名称命名规范":
 * ^[^\\s#%&'\\+;<>=\\\\\/'？?……]+$), so the bridge refuses them first rather than let a sync or
 * login fail later. Whitespace is in that list too; the trim below only forgives it at the ends.
 */
export const REFUSED_NAME_CHARS = ["#", "%", "&", "'", "+", ";", "<", ">", "=", "\\", "/", "?", "？", "…"] as const;
const REFUSED_SET: ReadonlySet<string> = new Set(REFUSED_NAME_CHARS);
const refusedName = (n: string) => [...n].some((ch) => /\s/u.test(ch) || REFUSED_SET.has(ch));
/** The zod message is the API's (English) words; the admin shows corps.err.nameChars instead. */
export const NAME_CHARS_MESSAGE = `must not contain spaces or any of ${REFUSED_NAME_CHARS.join(" ")} (WeLink refuses them in an enterprise name)`;

const CorpName = z
  .string()
  .trim()
  .min(1, "must not be empty")
  .max(128)
  .refine((n) => !refusedName(n), NAME_CHARS_MESSAGE);
/** The sandbox answers over plain http on loopback, so http is allowed as well as https. */
const ApiBaseUrl = z
  .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL, e.g. https://open.welink.huaweicloud.com" })
  .max(300)
  .transform((u) => u.replace(/\/+$/, ""));

export const NewCorp = z.object({
  name: CorpName,
  welinkTenantId: z.string().trim().min(1, "must not be empty").max(64),
  /** Defaults to the configured WeLink address (the sandbox's in sandbox mode). */
  apiBaseUrl: ApiBaseUrl.optional(),
  enabled: z.boolean().default(true),
  contactPermission: z.enum(CONTACT_PERMISSIONS).default("read-only"),
  bindingRule: BindingRule.optional(),
});
export type NewCorp = z.input<typeof NewCorp>;

export const CorpPatch = z.object({
  name: CorpName.optional(),
  apiBaseUrl: ApiBaseUrl.optional(),
  enabled: z.boolean().optional(),
  contactPermission: z.enum(CONTACT_PERMISSIONS).optional(),
  /** One of this corp's apps, or null for none. */
  syncAppId: z.string().min(1).max(64).nullable().optional(),
  bindingRule: BindingRule.optional(),
});
export type CorpPatch = z.input<typeof CorpPatch>;

export type CorpView = {
  id: string;
  name: string;
  welinkTenantId: string;
  apiBaseUrl: string;
  enabled: boolean;
  contactPermission: (typeof CONTACT_PERMISSIONS)[number];
  syncAppId: string | null;
  bindingRule: BindingRule;
  disconnectedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export const corpView = (r: CorpRow): CorpView => ({
  id: r.id,
  name: r.name,
  welinkTenantId: r.welinkTenantId,
  apiBaseUrl: r.apiBaseUrl,
  enabled: r.enabled,
  contactPermission: r.contactPermission,
  syncAppId: r.syncAppId,
  bindingRule: parseBindingRule(r.bindingRule),
  disconnectedAt: r.disconnectedAt === null ? null : new Date(r.disconnectedAt).toISOString(),
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});
