import type { Deps } from "../../deps.ts";
import { bindByPassword, type PasswordBindResult } from "../../directory/index.ts";
import { type EntryOutcome, handOff, type PendingBind } from "./flow.ts";
import { openJson, sameSecret, sealJson } from "./seal.ts";
import { type EntryRequest, logVisit, oaReason, openApp, type Person, personCtx, profileOf, stop } from "./visit.ts";
import type { FailedReason } from "../log/login-log.ts";

/*
 * The bind page's side of the entry: the pending WeLink person comes from a sealed cookie (never
 * from the form), the form's nonce must match it (a cross-site post carries neither), and the
 * OA account + password are checked through the OA connector with the lock-out.
 */
export const BIND_COOKIE = "wlb_bind";
/** Time to type an OA password; after that the person opens the app from WeLink again. */
export const BIND_TTL_MS = 10 * 60_000;

export const sealPending = (deps: Deps, appKey: string, p: PendingBind) => sealJson(deps, `bind:${appKey}`, p, BIND_TTL_MS);
export const openPending = (deps: Deps, appKey: string, sealed: string | undefined) => openJson<PendingBind>(deps, `bind:${appKey}`, sealed);

export type BindForm = { nonce: string; account: string; password: string };

const REFUSED: Record<"wrong" | "disabled" | "conflict" | "directory-locked", FailedReason> = {
  wrong: "BIND_WRONG_PASSWORD",
  "directory-locked": "BIND_DIRECTORY_LOCKED",
  disabled: "BIND_DISABLED",
  conflict: "BINDING_CONFLICT",
};

const personOf = (p: PendingBind): Person => ({ userId: p.userId, name: p.name, nameEn: p.nameEn, account: p.account, mobile: p.mobile, email: p.email, employeeId: p.employeeId });

export async function bindAndEnter(deps: Deps, req: EntryRequest, pending: PendingBind | undefined, form: BindForm): Promise<EntryOutcome> {
  const visit = await openApp(deps, { ...req, channel: pending?.channel ?? req.channel, target: pending?.target });
  if ("kind" in visit) return visit;
  if (!pending || !sameSecret(pending.nonce, form.nonce)) {
    await logVisit(deps, visit, "BIND_EXPIRED");
    return stop("BIND_EXPIRED");
  }
  const person = personOf(pending);
  const { tenant, corp } = visit.resolved;
  let result: PasswordBindResult;
  try {
    const input = { tenantId: tenant.id, corp: { id: corp.id }, welinkUserId: person.userId, account: form.account, password: form.password, welink: profileOf(person) };
    result = await bindByPassword(deps, personCtx(visit, person.userId), input);
  } catch (e) {
    const reason = oaReason(e);
    await logVisit(deps, visit, reason, { person });
    return stop(reason);
  }
  if (result.ok) return handOff(deps, visit, person, { oaUserId: result.binding.oaUserId, oaAccount: result.oaAccount }, "BOUND_BY_PASSWORD");
  const oaAccount = form.account.trim().slice(0, 200);
  if (result.reason === "locked") {
    await logVisit(deps, visit, "BIND_LOCKED", { person, oaAccount });
    return stop("BIND_LOCKED", { lockedUntil: result.lockedUntil });
  }
  await logVisit(deps, visit, REFUSED[result.reason], { person, oaAccount });
  return { kind: "bind", pending, problem: result.reason, ...(result.reason === "wrong" ? { remaining: result.remaining } : {}) };
}
