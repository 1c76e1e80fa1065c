import { z } from "@hono/zod-openapi";
import { Problem } from "../kernel/http/openapi.ts";
import { APP_FEATURES } from "./app-permissions.ts";
import { BindingRuleView } from "./binding-rule.ts";
import { CONTACT_PERMISSIONS } from "./corp-input.ts";

// Answer shapes of the corps and apps API, built with the openapi-aware `z` (see routes.ts).

export const Corp = z
  .object({
    id: z.string(),
    name: z.string(),
    welinkTenantId: z.string(),
    apiBaseUrl: z.string(),
    enabled: z.boolean(),
    contactPermission: z.enum(CONTACT_PERMISSIONS),
    syncAppId: z.string().nullable(),
    bindingRule: BindingRuleView,
    disconnectedAt: z.string().nullable().openapi({ description: "When the integration was removed with its directory kept (enabling the corp again clears it)" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Corp");

export const CorpImpact = z
  .object({
    apps: z.number().int(),
    bindings: z.number().int(),
    people: z.number().int().openapi({ description: "People in the corp's WeLink directory mirror" }),
    departments: z.number().int().openapi({ description: "Departments in the corp's WeLink directory mirror" }),
    schedules: z.array(z.string()),
    loginLogKept: z.number().int().openapi({ description: "Login log entries of the corp; they are kept." }),
  })
  .openapi("CorpImpact");

export const ConfirmProblem = Problem.extend({ impact: CorpImpact }).openapi("CorpRemovalUnconfirmed");

const PermissionNeed = z.object({
  feature: z.enum(APP_FEATURES),
  permission: z.string().openapi({ description: "The permission's name in the WeLink developer console" }),
  usedFor: z.string(),
  needed: z.boolean().openapi({ description: "Needed with the corp's current settings" }),
});

export const App = z
  .object({
    id: z.string(),
    corpId: z.string(),
    name: z.string(),
    clientId: z.string(),
    clientSecret: z.string().nullable().openapi({ description: "Masked; never the secret", example: "te••••••89" }),
    enabled: z.boolean(),
    appKey: z.string(),
    homepageUrl: z.string().openapi({ description: "Paste into WeLink's homepage address (mobile and PC)" }),
    target: z.object({ kind: z.enum(["module", "link"]), value: z.string() }),
    permissions: z.array(PermissionNeed),
    visibleRangeNote: z.string(),
    lastTest: z
      .object({ at: z.string(), ok: z.boolean(), code: z.string().nullable(), permissions: z.record(z.string(), z.enum(["granted", "missing"])) })
      .nullable()
      .openapi({ description: "The last test connection (null: never tested)" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("App");

const PermissionCheck = z.object({
  feature: z.enum(["identity", "contacts-read", "contacts-sync", "todo", "messages"]),
  state: z.enum(["granted", "missing"]),
  needed: z.boolean().openapi({ description: "Needed with the corp's current settings: a needed permission that is missing fails the test" }),
});
export const ConnectionTest = z
  .object({ ok: z.literal(true), detail: z.string(), ms: z.number(), permissions: z.array(PermissionCheck) })
  .openapi("AppConnectionTest");

export const CorpParam = z.object({ corpId: z.string().min(1).max(64).openapi({ param: { name: "corpId", in: "path" } }) });
export const AppParam = z.object({ appId: z.string().min(1).max(64).openapi({ param: { name: "appId", in: "path" } }) });
export const ConfirmQuery = z.object({
  confirm: z
    .enum(["true", "false"])
    .optional()
    .openapi({ param: { name: "confirm", in: "query" }, description: "Must be true: removal takes the corp's apps, bindings and schedules" }),
  keepDirectory: z
    .enum(["true", "false"])
    .optional()
    .openapi({
      param: { name: "keepDirectory", in: "query" },
      description: "true: remove only the integration (apps, sync app, schedules) and keep the WeLink directory, bindings and run history; the corp stays, disabled and marked disconnected",
    }),
});
