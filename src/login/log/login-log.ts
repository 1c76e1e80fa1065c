import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { newId } from "../../kernel/ids.ts";
import { insertLoginLog, listLoginLogRows, type LoginLogFilter, type LoginLogRow } from "./store.ts";

/** Entry outcomes that let the person in. */
export const OK_REASONS = ["OK", "BOUND_BY_RULE", "BOUND_BY_PASSWORD", "TICKET_ISSUED", "TICKET_SCANNED", "TICKET_CONFIRMED", "TICKET_CONSUMED", "CAS_TICKET_ISSUED", "OIDC_CODE_ISSUED"] as const;

/** Entry outcomes that stop the person, each with its own page (entry-pages.tsx) and log code. */
export const ENTRY_FAILED_REASONS = [
  "CODE_INVALID",
  "STATE_INVALID",
  "UNKNOWN_APP",
  "APP_DISABLED",
  "NOT_VISIBLE",
  "OA_UNREACHABLE",
  "OA_NOT_CONFIGURED",
  "WELINK_FAILED",
  "NOT_BOUND",
  "BIND_WRONG_PASSWORD",
  "BIND_LOCKED",
  "BIND_DIRECTORY_LOCKED",
  "BIND_DISABLED",
  "BINDING_CONFLICT",
  "BIND_EXPIRED",
] as const;

/** Scan-to-login: each way a ticket ends badly, and each refusal. */
export const SCAN_FAILED_REASONS = [
  "TICKET_EXPIRED",
  "TICKET_DENIED",
  "TICKET_CANCELLED",
  "SECOND_SCANNER",
  "TICKET_USED",
  "TICKET_UNKNOWN",
  "NETWORK_NOT_ALLOWED",
  "ORIGIN_NOT_ALLOWED",
  "SCAN_LOGIN_OFF",
] as const;

/** A message link refused: forged, another tenant's, or its target no longer under the OA. */
export const LINK_FAILED_REASONS = ["LINK_INVALID", "LINK_TARGET_REFUSED"] as const;

/** CAS /login and OIDC /authorize: each refusal of a person arriving from an OA (channel cas / oidc). */
export const SSO_FAILED_REASONS = [
  "CAS_UNKNOWN_SERVICE",
  "CAS_RENEW_REQUIRED",
  "CAS_GATEWAY_NO_SESSION",
  "SSO_NO_ACCOUNT",
  "OIDC_UNKNOWN_CLIENT",
  "OIDC_BAD_REDIRECT_URI",
  "OIDC_LOGIN_REQUIRED",
  "OIDC_REFUSED",
] as const;

export const FAILED_REASONS = [...ENTRY_FAILED_REASONS, ...SCAN_FAILED_REASONS, ...SSO_FAILED_REASONS, ...LINK_FAILED_REASONS] as const;
/** How the person came: homepage inside WeLink, browser OAuth2, scan login; or an OA asking through CAS / OIDC. */
export const LOGIN_CHANNELS = ["welink", "oauth2", "scan", "cas", "oidc"] as const;

export type OkReason = (typeof OK_REASONS)[number];
export type FailedReason = (typeof FAILED_REASONS)[number];
export type EntryFailedReason = (typeof ENTRY_FAILED_REASONS)[number];
export type ScanFailedReason = (typeof SCAN_FAILED_REASONS)[number];
export type SsoFailedReason = (typeof SSO_FAILED_REASONS)[number];
export type LoginReason = OkReason | FailedReason;
export const LOGIN_REASONS: readonly LoginReason[] = [...OK_REASONS, ...FAILED_REASONS];

export type LoginEntry = {
  tenantId: string;
  channel: LoginLogRow["channel"];
  reason: LoginReason;
  corpId?: string;
  appId?: string;
  welinkUserId?: string;
  oaUserId?: string;
  userName?: string;
  oaAccount?: string;
  mobile?: string;
  ip?: string;
  userAgent?: string;
  ticketId?: string;
  browserIp?: string;
  browserUserAgent?: string;
};

const isOk = (reason: LoginReason) => (OK_REASONS as readonly string[]).includes(reason);
const cut = (text: string | undefined, max: number) => (text === undefined || text === "" ? null : text.slice(0, max));

/** Records one entry attempt. The result follows from the reason, so the two never disagree. */
export async function recordLogin(deps: Deps, e: LoginEntry): Promise<void> {
  await insertLoginLog(deps.db, {
    id: newId(),
    tenantId: e.tenantId,
    at: deps.clock.now(),
    channel: e.channel,
    corpId: e.corpId ?? null,
    appId: e.appId ?? null,
    welinkUserId: cut(e.welinkUserId, 200),
    oaUserId: cut(e.oaUserId, 200),
    userName: cut(e.userName, 200),
    oaAccount: cut(e.oaAccount, 200),
    mobile: cut(e.mobile, 64),
    result: isOk(e.reason) ? "ok" : "failed",
    reason: e.reason,
    ip: cut(e.ip, 64),
    userAgent: cut(e.userAgent, 500),
    ticketId: e.ticketId ?? null,
    browserIp: cut(e.browserIp, 64),
    browserUserAgent: cut(e.browserUserAgent, 500),
  });
}

export type LoginLogQuery = Omit<LoginLogFilter, "tenantId" | "limit"> & { limit?: number };
export type LoginLogEntry = LoginLogRow;

/** Entries of the acting tenant, newest first; at the global level a global actor sees every tenant's. */
export async function listLoginLog(deps: Deps, ctx: Ctx, query: LoginLogQuery): Promise<{ items: LoginLogEntry[]; next: string | null }> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
  const tenantId = ctx.tenant ? ctx.tenant.id : ctx.actor.global ? undefined : (ctx.actor.tenantId ?? "");
  const rows = await listLoginLogRows(deps.db, { ...query, tenantId, limit: limit + 1 });
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
