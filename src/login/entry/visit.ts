import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { AppError } from "../../kernel/errors.ts";
import { resolveAppByKey, type ResolvedApp } from "../../corps/index.ts";
import { WelinkError } from "../../welink/index.ts";
import type { WelinkProfile } from "../../directory/index.ts";
import { type EntryFailedReason, type LoginReason, recordLogin } from "../log/login-log.ts";

/** One entry attempt: the app it is for, how it came in, and who is asking (for the log). */
export type Visit = {
  resolved: ResolvedApp;
  channel: "welink" | "oauth2";
  ip?: string;
  userAgent?: string;
  /** The `target` parameter, as asked; resolveTarget keeps it inside the OA (or ignores it). */
  target?: string;
  requestId?: string;
};

/** The WeLink person behind the code, as far as WeLink told us. */
export type Person = { userId: string; name?: string; nameEn?: string; account?: string; mobile?: string; email?: string; employeeId?: string };

/** The person as the directory mirror records them when they bind (account is WeLink's corpUserId). */
export const profileOf = (p: Person): WelinkProfile => ({
  userId: p.userId, corpUserId: p.account, nameCn: p.name, nameEn: p.nameEn, mobile: p.mobile, email: p.email, employeeId: p.employeeId,
});

export type EntryRequest = { appKey: string; channel: Visit["channel"]; ip?: string; userAgent?: string; target?: string; requestId?: string };

/** The flow stops here; the page (entry-pages.tsx) says why, under the reason's code. */
export type StopReason = Exclude<EntryFailedReason, "NOT_BOUND" | "BIND_WRONG_PASSWORD" | "BIND_DISABLED" | "BINDING_CONFLICT" | "BIND_DIRECTORY_LOCKED">;
export type Stop = { kind: "stop"; reason: StopReason; lockedUntil?: number };
export const stop = (reason: StopReason, extra: { lockedUntil?: number } = {}): Stop => ({ kind: "stop", reason, ...extra });

type Who = { person?: Person; oaUserId?: string; oaAccount?: string | null };

export async function logVisit(deps: Deps, visit: Visit, reason: LoginReason, who: Who = {}): Promise<void> {
  const { tenant, corp, app } = visit.resolved;
  await recordLogin(deps, {
    tenantId: tenant.id,
    channel: visit.channel,
    reason,
    corpId: corp.id,
    appId: app.id,
    welinkUserId: who.person?.userId,
    userName: who.person?.name,
    mobile: who.person?.mobile,
    oaUserId: who.oaUserId,
    oaAccount: who.oaAccount ?? undefined,
    ip: visit.ip,
    userAgent: visit.userAgent,
  });
}

/**
 * The app behind a homepage URL, when it may be entered. An unknown key has no tenant to log
 * under, so it goes to the process log only; a switched-off corp or app is logged.
 */
export async function openApp(deps: Deps, req: EntryRequest): Promise<Visit | Stop> {
  const resolved = await resolveAppByKey(deps, req.appKey);
  if (!resolved) {
    deps.log.warn("homepage entry for an unknown app key", { appKey: req.appKey.slice(0, 64), ip: req.ip, requestId: req.requestId });
    return stop("UNKNOWN_APP");
  }
  const visit: Visit = { resolved, channel: req.channel, ip: req.ip, userAgent: req.userAgent, target: req.target, requestId: req.requestId };
  if (!resolved.corp.enabled || !resolved.app.enabled) {
    await logVisit(deps, visit, "APP_DISABLED");
    return stop("APP_DISABLED");
  }
  return visit;
}

/** Visible-range refusals: 47000 on contact reads [inferred §0.4], 51019 on messages. */
const NOT_VISIBLE_CODES = new Set(["47000", "51019"]);

/** What a WeLink failure means for the person at the door. Anything not a WeLink/AppError is a bug: rethrown. */
export function welinkReason(e: unknown): "CODE_INVALID" | "NOT_VISIBLE" | "WELINK_FAILED" {
  if (!(e instanceof AppError)) throw e;
  if (e.code === "WELINK_CODE_INVALID") return "CODE_INVALID";
  if (e.code === "WELINK_NOT_VISIBLE" || (e instanceof WelinkError && NOT_VISIBLE_CODES.has(e.welinkCode ?? ""))) return "NOT_VISIBLE";
  return "WELINK_FAILED";
}

/** What an OA failure means: not set up (or no password check), else unreachable. */
export function oaReason(e: unknown): "OA_NOT_CONFIGURED" | "OA_UNREACHABLE" {
  if (!(e instanceof AppError) || !e.code.startsWith("OA_")) throw e;
  return e.code === "OA_NOT_CONFIGURED" || e.code === "OA_NOT_SUPPORTED" ? "OA_NOT_CONFIGURED" : "OA_UNREACHABLE";
}

/** The use-case context for writes the person causes (bindings, their audit entries). */
export function personCtx(visit: Pick<Visit, "resolved" | "requestId" | "ip">, welinkUserId: string): Ctx {
  const { tenant } = visit.resolved;
  return {
    actor: { label: `welink:${welinkUserId}`, global: false, tenantId: tenant.id },
    tenant: { id: tenant.id, slug: tenant.slug },
    requestId: visit.requestId,
    ip: visit.ip,
  };
}
