import { z } from "zod";
import { mask } from "../kernel/crypto/secret-box.ts";
import { APP_FEATURES, type AppFeature, type CorpSettings, permissionGuide, type PermissionNeed, VISIBLE_RANGE_NOTE } from "./app-permissions.ts";
import type { AppRow } from "./store.ts";
import type { Deps } from "../deps.ts";

/** Homepage target: an OA module by name (from the tenant's module list) or a link. */
export const AppTarget = z.object({
  kind: z.enum(["module", "link"]),
  value: z.string().trim().min(1, "must not be empty").max(2000),
});
export type AppTarget = z.infer<typeof AppTarget>;

const AppName = z.string().trim().min(1, "must not be empty").max(128);
const ClientId = z.string().trim().min(1, "must not be empty").max(128);
const ClientSecret = z.string().min(1, "must not be empty").max(512);

export const NewApp = z.object({
  name: AppName,
  clientId: ClientId,
  clientSecret: ClientSecret,
  enabled: z.boolean().default(true),
  /** Defaults to the first module of the tenant's list. */
  target: AppTarget.optional(),
});
export type NewApp = z.input<typeof NewApp>;

export const AppPatch = z.object({
  name: AppName.optional(),
  clientId: ClientId.optional(),
  /** Replaces the secret; left out (or empty) keeps it. It is never read back. */
  clientSecret: z.string().max(512).optional(),
  enabled: z.boolean().optional(),
  target: AppTarget.optional(),
});
export type AppPatch = z.input<typeof AppPatch>;

export type AppView = {
  id: string;
  corpId: string;
  name: string;
  clientId: string;
  /** Masked: enough to tell secrets apart, never the secret. */
  clientSecret: string | null;
  enabled: boolean;
  appKey: string;
  /** Paste into the WeLink console's homepage address (mobile and PC alike). */
  homepageUrl: string;
  target: AppTarget;
  permissions: PermissionNeed[];
  visibleRangeNote: string;
  /** The last test connection (null: never tested): when, whether it passed, why not, each permission. */
  lastTest: LastTest | null;
  createdAt: string;
  updatedAt: string;
};

export type LastTest = { at: string; ok: boolean; code: string | null; permissions: Partial<Record<AppFeature, "granted" | "missing">> };

function permissionsOf(json: string | null): LastTest["permissions"] {
  try {
    const parsed: unknown = json ? JSON.parse(json) : {};
    if (!parsed || typeof parsed !== "object") return {};
    const entries = Object.entries(parsed).filter(([k, v]) => APP_FEATURES.some((f) => f === k) && (v === "granted" || v === "missing"));
    return Object.fromEntries(entries) as LastTest["permissions"];
  } catch {
    return {};
  }
}

export const lastTestOf = (row: Pick<AppRow, "lastTestAt" | "lastTestOk" | "lastTestCode" | "lastTestPermissions">): LastTest | null =>
  row.lastTestAt === null
    ? null
    : { at: new Date(row.lastTestAt).toISOString(), ok: row.lastTestOk === true, code: row.lastTestCode, permissions: permissionsOf(row.lastTestPermissions) };

export function appView(row: AppRow, secret: string, corp: CorpSettings, homepageUrl: string): AppView {
  return {
    id: row.id,
    corpId: row.corpId,
    name: row.name,
    clientId: row.clientId,
    clientSecret: mask(secret),
    enabled: row.enabled,
    appKey: row.appKey,
    homepageUrl,
    target: { kind: row.targetKind, value: row.targetValue },
    permissions: permissionGuide(corp, row.id),
    visibleRangeNote: VISIBLE_RANGE_NOTE,
    lastTest: lastTestOf(row),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

/** The audit's copy: no guidance text, and the secret only as masked. */
export const auditView = (v: AppView) => ({
  name: v.name,
  clientId: v.clientId,
  clientSecret: v.clientSecret,
  enabled: v.enabled,
  appKey: v.appKey,
  target: v.target,
});

/** The public homepage of an app, the same for mobile and PC WeLink. */
export const homepageUrl = (deps: Deps, appKey: string): string => `${deps.config.publicUrl}/h/${appKey}`;
