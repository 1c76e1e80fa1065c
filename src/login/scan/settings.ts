import { z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { isIP } from "node:net";
import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { inTransaction } from "../../kernel/db/client.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { networkMatcher, plain } from "../../kernel/http/proxy-trust.ts";
import { tenantOf } from "../../corps/index.ts";
import { getOaPortalForTenant } from "../../oa/index.ts";
import { scanSettings } from "../schema.ts";
import { effectiveScanApps, replaceScanApps, type ScanApp, scanAppRows, type TenantApp, tenantApps } from "./scan-apps.ts";

/** Private ranges and loopback: a QR code is asked for from inside the company by default. */
export const DEFAULT_TRUSTED_NETWORKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "::1/128", "fc00::/7"];

/** The seed's 「请先添加welink」: scan login needs an integrated enterprise and app. */
export const welinkFirst = () => new AppError("WELINK_NOT_CONFIGURED");

function cidrProblem(v: string): string | undefined {
  const [addr, bits, extra] = v.split("/");
  const family = isIP(addr ?? "");
  if (!family || extra !== undefined) return "must be a CIDR such as 10.0.0.0/8 or fd00::/8";
  const max = family === 4 ? 32 : 128;
  const n = bits === undefined ? max : Number(bits);
  return Number.isInteger(n) && n >= 0 && n <= max && (bits === undefined || /^\d+$/.test(bits)) ? undefined : `the prefix must be 0–${max}`;
}
const Cidr = z.string().trim().max(64).superRefine((v, ctx) => {
  const p = cidrProblem(v);
  if (p) ctx.addIssue({ code: "custom", message: p });
});
const Origin = z
  .string()
  .trim()
  .max(200)
  .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol) && new URL(v).origin === v.replace(/\/+$/, ""), "must be an origin such as https://oa.example.com (scheme, host and port only)")
  .transform((v) => v.replace(/\/+$/, ""));

export const ScanSettingsInput = z
  .object({
    enabled: z.boolean().optional(),
    appId: z.string().min(1).max(64).nullable().optional().openapi({ description: "The default integrated app whose free-login code identifies the person (the first enterprise the phone offers)" }),
    apps: z
      .array(z.object({ corpId: z.string().min(1).max(64), appId: z.string().min(1).max(64) }))
      .max(50)
      .optional()
      .openapi({ description: "One app per integrated enterprise, in the order the phone offers them; the first becomes appId unless appId is sent too" }),
    trustedNetworks: z.array(Cidr).max(100).optional().openapi({ description: "CIDRs allowed to ask for a QR code (default: private ranges and loopback)" }),
    allowedOrigins: z.array(Origin).max(50).optional().openapi({ description: "OA origins allowed to embed the QR (default: the OA portal's origin); the bridge's own origin always is" }),
  })
  .openapi("ScanSettingsInput");
export type ScanSettingsInput = z.infer<typeof ScanSettingsInput>;

export type ScanSettings = {
  enabled: boolean;
  appId: string | null;
  corpId: string | null;
  /** One app per enterprise, the default (appId) first: with more than one, the phone asks which enterprise. */
  apps: ScanApp[];
  trustedNetworks: string[];
  allowedOrigins: string[];
  updatedAt: string | null;
  /** What the OA login page embeds, and the hosted page for OAs that cannot. */
  scriptUrl: string;
  hostedPageUrl: string;
};

const usableApps = (deps: Deps, tenantId: string) => tenantApps(deps.db, tenantId);

/** Settings as stored, or the defaults (off, the tenant's first app, the OA portal's origin). */
export async function scanSettingsFor(deps: Deps, tenant: { id: string; slug: string }): Promise<ScanSettings> {
  const [row] = await deps.db.select().from(scanSettings).where(eq(scanSettings.tenantId, tenant.id));
  const all = await usableApps(deps, tenant.id);
  const list = effectiveScanApps(row ? row.appId : (all[0]?.id ?? null), await scanAppRows(deps.db, tenant.id), all);
  const portal = await getOaPortalForTenant(deps, tenant.id);
  return {
    enabled: row?.enabled ?? false,
    appId: list[0]?.appId ?? null,
    corpId: list[0]?.corpId ?? null,
    apps: list,
    trustedNetworks: row ? (JSON.parse(row.trustedNetworks) as string[]) : DEFAULT_TRUSTED_NETWORKS,
    allowedOrigins: row ? (JSON.parse(row.allowedOrigins) as string[]) : [new URL(portal.webBaseUrl).origin],
    updatedAt: row ? new Date(row.updatedAt).toISOString() : null,
    scriptUrl: `${deps.config.publicUrl}/scan/login.js`,
    hostedPageUrl: `${deps.config.publicUrl}/scan/login?tenant=${encodeURIComponent(tenant.slug)}`,
  };
}

export async function getScanSettings(deps: Deps, ctx: Ctx): Promise<ScanSettings> {
  const tenant = tenantOf(ctx);
  if ((await usableApps(deps, tenant.id)).length === 0) throw welinkFirst();
  return scanSettingsFor(deps, tenant);
}

/** Saves the settings (only the fields sent), audited. Switching on needs an enabled app of this tenant. */
export async function saveScanSettings(deps: Deps, ctx: Ctx, raw: unknown): Promise<ScanSettings> {
  const tenant = tenantOf(ctx);
  const all = await usableApps(deps, tenant.id);
  if (all.length === 0) throw welinkFirst();
  const parsed = ScanSettingsInput.safeParse(raw);
  if (!parsed.success) throw errors.validation(parsed.error.issues.map((i) => ({ path: ["body", ...i.path.map(String)].join("."), message: i.message })));
  const before = await scanSettingsFor(deps, tenant);
  const { apps: sentApps, ...sent } = parsed.data;
  checkApps(sentApps ?? [], all);
  const next = { ...before, ...sent, ...(sentApps && sent.appId === undefined ? { appId: sentApps[0]?.appId ?? null } : {}) };
  const app = all.find((a) => a.id === next.appId);
  if (next.appId !== null && !app) throw errors.validation([{ path: "body.appId", message: "is not an app of this tenant" }]);
  const list = effectiveScanApps(next.appId, sentApps ?? (await scanAppRows(deps.db, tenant.id)), all);
  if (next.enabled && !app) throw errors.validation([{ path: "body.appId", message: "choose the integrated app scan login uses before switching it on" }]);
  if (next.enabled) {
    const off = list.findIndex((a) => all.some((x) => x.id === a.appId && !(x.enabled && x.corpEnabled)));
    if (off === 0) throw errors.validation([{ path: "body.appId", message: "the app or its enterprise is disabled" }]);
    if (off > 0) throw errors.validation([{ path: `body.apps.${Math.max(0, (sentApps ?? []).findIndex((a) => a.appId === list[off]?.appId))}.appId`, message: "the app or its enterprise is disabled" }]);
  }
  const now = deps.clock.now();
  const row = { tenantId: tenant.id, enabled: next.enabled, appId: next.appId, trustedNetworks: JSON.stringify(next.trustedNetworks), allowedOrigins: JSON.stringify(next.allowedOrigins), updatedAt: now };
  await inTransaction(deps.db, async (tx) => {
    await tx.insert(scanSettings).values(row).onConflictDoUpdate({ target: scanSettings.tenantId, set: row });
    if (sentApps) await replaceScanApps(tx, tenant.id, sentApps);
    const audited = ({ enabled, appId, apps, trustedNetworks, allowedOrigins }: Pick<ScanSettings, "enabled" | "appId" | "apps" | "trustedNetworks" | "allowedOrigins">) => ({ enabled, appId, apps, trustedNetworks, allowedOrigins });
    await recordAudit(tx, now, ctx, { action: "scan.settings.save", target: `scan:${tenant.slug}`, before: before.updatedAt ? audited(before) : undefined, after: audited({ ...next, apps: list }) });
  });
  return scanSettingsFor(deps, tenant);
}

/** Each enterprise once, each app of this tenant and of the enterprise it is listed under. */
function checkApps(list: readonly ScanApp[], all: readonly TenantApp[]): void {
  const bad: { path: string; message: string }[] = [];
  list.forEach((a, i) => {
    if (list.findIndex((b) => b.corpId === a.corpId) !== i) bad.push({ path: `body.apps.${i}.corpId`, message: "lists the same enterprise twice: choose one app per enterprise" });
    else if (!all.some((x) => x.id === a.appId && x.corpId === a.corpId)) bad.push({ path: `body.apps.${i}.appId`, message: "is not an app of this enterprise of this tenant" });
  });
  if (bad.length) throw errors.validation(bad);
}

/** A matcher for the trusted networks (IPv4-mapped IPv6 addresses match their IPv4 ranges). */
export function trustedMatcher(cidrs: readonly string[]): (ip: string | undefined) => boolean {
  const inNetworks = networkMatcher(cidrs);
  return (ip) => ip !== undefined && inNetworks(plain(ip));
}
