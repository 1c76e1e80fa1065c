import { z } from "zod";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import type { Conn } from "../../kernel/db/client.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { isOaPath, type OaModule } from "./target.ts";
import * as store from "../store.ts";

export { resolveTarget, underBase, type OaModule, type TargetChoice } from "./target.ts";

/** The algorithms a handoff can be signed with; the portal says which one its OA expects. */
export const HANDOFF_ALGS = ["ES256", "RS256"] as const;
export type HandoffAlg = (typeof HANDOFF_ALGS)[number];

/** How the bridge reaches a tenant's OA web pages: where handoffs land and the modules a homepage can open. */
export type OaPortal = {
  webBaseUrl: string;
  ssoPath: string;
  handoffAlg: HandoffAlg;
  modules: OaModule[];
  /** false: nothing saved yet, these are the defaults. */
  configured: boolean;
};

export const DEFAULT_SSO_PATH = "/sso/welink-bridge";
/** The modules most OAs have; an admin renames, removes or adds to them. */
export const DEFAULT_MODULES: OaModule[] = [
  { name: "首页", path: "/" },
  { name: "待办", path: "/todo" },
  { name: "审批", path: "/workflow" },
  { name: "公告", path: "/notice" },
  { name: "通讯录", path: "/contacts" },
];

const OaPath = z.string().trim().refine(isOaPath, "must be a path on the OA starting with a single '/', without backslashes, spaces or encoded slashes");

export const OaPortalInput = z.object({
  webBaseUrl: z
    .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" })
    .refine((v) => {
      // Runs even when the URL check above failed (zod 4 keeps checking), hence canParse.
      const u = URL.canParse(v) ? new URL(v) : undefined;
      return !u || (!u.search && !u.hash && !u.username && !u.password);
    }, "must be a plain base URL: no query, fragment or credentials")
    .transform((v) => v.replace(/\/+$/, "")),
  ssoPath: OaPath.default(DEFAULT_SSO_PATH),
  handoffAlg: z.enum(HANDOFF_ALGS).default("ES256"),
  modules: z
    .array(z.object({ name: z.string().trim().min(1).max(40), path: OaPath }))
    .max(100)
    .default(DEFAULT_MODULES)
    .refine((ms) => new Set(ms.map((m) => m.name)).size === ms.length, "module names must be unique"),
});
export type OaPortalInput = z.input<typeof OaPortalInput>;

/** Where the OA's web pages are when nobody said: the OA connection's host, else the bridge's own URL. */
async function defaultBaseUrl(deps: Deps, tenantId: string): Promise<string> {
  const conn = await store.findConnection(deps.db, tenantId);
  const baseUrl = conn ? (JSON.parse(conn.settings) as { baseUrl?: unknown }).baseUrl : undefined;
  // The origin only: an http connection's baseUrl is the OA's API (…/openapi), its pages are on the host.
  if (typeof baseUrl === "string" && URL.canParse(baseUrl)) return new URL(baseUrl).origin;
  return deps.config.publicUrl;
}

function portalOf(row: store.PortalRow): OaPortal {
  return { webBaseUrl: row.webBaseUrl, ssoPath: row.ssoPath, handoffAlg: row.handoffAlg, modules: JSON.parse(row.modules) as OaModule[], configured: true };
}

/** The tenant's portal settings, or the defaults while none are saved (for the login flow: no actor). */
export async function getOaPortalForTenant(deps: Deps, tenantId: string): Promise<OaPortal> {
  const row = await store.findPortal(deps.db, tenantId);
  if (row) return portalOf(row);
  return { webBaseUrl: await defaultBaseUrl(deps, tenantId), ssoPath: DEFAULT_SSO_PATH, handoffAlg: "ES256", modules: DEFAULT_MODULES, configured: false };
}

export const portalTenantOf = (ctx: Ctx) => {
  if (!ctx.tenant) throw new AppError("FORBIDDEN", { variant: "tenantFor", resource: "oaPortal" });
  return ctx.tenant;
};

export const getOaPortal = (deps: Deps, ctx: Ctx): Promise<OaPortal> => getOaPortalForTenant(deps, portalTenantOf(ctx).id);

/** Checks portal settings as sent by an admin (422 with each bad field). */
export function parseOaPortalInput(raw: OaPortalInput): z.output<typeof OaPortalInput> {
  const parsed = OaPortalInput.safeParse(raw);
  if (!parsed.success) {
    throw errors.validation(parsed.error.issues.map((i) => ({ path: ["body", ...i.path].join("."), message: i.message })));
  }
  return parsed.data;
}

/** Writes the tenant's portal settings; answers what was there before (undefined: the defaults). */
export async function replaceOaPortal(db: Conn, tenantId: string, input: z.output<typeof OaPortalInput>, now: number): Promise<{ before?: OaPortal; after: OaPortal }> {
  const row: store.PortalRow = { tenantId, ...input, modules: JSON.stringify(input.modules), updatedAt: now };
  const before = await store.findPortal(db, tenantId);
  await store.upsertPortal(db, row);
  return { before: before ? portalOf(before) : undefined, after: portalOf(row) };
}
