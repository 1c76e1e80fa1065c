import type { Deps } from "../../deps.ts";
import { createBinding, findBinding, matchByRule } from "../../directory/index.ts";
import { AppError } from "../../kernel/errors.ts";
import { randomToken } from "../../kernel/ids.ts";
import { welinkClientFor } from "../../corps/index.ts";
import type { WelinkClient } from "../../welink/index.ts";
import { issueHandoff } from "../handoff/handoff.ts";
import type { OkReason } from "../log/login-log.ts";
import { getOaPortalForTenant, resolveTarget } from "../../oa/index.ts";
import { sessionTarget } from "../session/return-to.ts";
import { ssoSettingsFor, type StartSession } from "../session/session.ts";
import { type EntryRequest, logVisit, oaReason, openApp, type Person, personCtx, profileOf, stop, type Stop, type Visit, welinkReason } from "./visit.ts";

/*
 * The homepage entry, as one use case: a WeLink code → the WeLink person → their binding (or the
 * binding rule) → a handoff into the OA. Every attempt ends in the login log, whichever way it ends.
 */

/** A WeLink person on their way to the bind page; sealed into a cookie by the routes, never trusted from a form. */
export type PendingBind = Person & { channel: Visit["channel"]; corpName: string; target?: string; nonce: string };

export type Entered =
  | { kind: "handoff"; url: string; reason: OkReason }
  /** The proof was asked for by the bridge's sign-in page, or the tenant signs in by CAS / OIDC: the routes start the session and go to `url`. */
  | { kind: "session"; url: string; reason: OkReason; start: Omit<StartSession, "ip" | "userAgent"> };
export type NeedsBind = { kind: "bind"; pending: PendingBind; problem?: "wrong" | "disabled" | "conflict" | "directory-locked"; remaining?: number };
export type EntryOutcome = Entered | NeedsBind | Stop;

/** How the person proved who they are: an HWH5 free-login code, an OAuth2 code, or the page's getAuthCode failure. */
export type Proof =
  | { kind: "hwh5"; code: string }
  | { kind: "oauth2"; code: string; redirectUri: string; state: string }
  | { kind: "client-error"; errorCode: string };

/** An attempt refused before any code is looked at (e.g. the OAuth2 state is not this browser's). */
export async function refuseEntry(deps: Deps, req: EntryRequest, reason: "STATE_INVALID" | "CODE_INVALID"): Promise<Stop> {
  const visit = await openApp(deps, req);
  if ("kind" in visit) return visit;
  await logVisit(deps, visit, reason);
  return stop(reason);
}

export async function enterWithCode(deps: Deps, req: EntryRequest, proof: Proof): Promise<EntryOutcome> {
  const visit = await openApp(deps, req);
  if ("kind" in visit) return visit;
  if (proof.kind === "client-error") {
    const reason = proof.errorCode === "NOT_VISIBLE" ? "NOT_VISIBLE" : "WELINK_FAILED";
    await logVisit(deps, visit, reason);
    return stop(reason);
  }
  const client = welinkClientFor(deps, visit.resolved);
  let userId: string;
  try {
    const who = proof.kind === "hwh5" ? await client.auth.userFromCode(proof.code) : await client.auth.userFromOAuthCode(proof);
    userId = who.userId;
  } catch (e) {
    const reason = welinkReason(e);
    await logVisit(deps, visit, reason);
    return stop(reason);
  }
  const person = await describe(deps, client, userId);
  if ("kind" in person) {
    await logVisit(deps, visit, person.reason, { person: { userId } });
    return person;
  }
  return continueAs(deps, visit, person);
}

/**
 * The person's details, for the log and the binding rule. WeLink answers a contact read for
 * someone outside the app's visible range with 47000: that stops the entry. Any other failure
 * (no contact permission, a hiccup) only costs the details: a bound person still gets in.
 */
export async function describe(deps: Deps, client: WelinkClient, userId: string): Promise<Person | Stop> {
  try {
    const u = await client.contacts.userDetail({ userId });
    return { userId, name: u.nameCn, nameEn: u.nameEn, account: u.corpUserId, mobile: u.mobileNumber, email: u.email, employeeId: u.employeeId };
  } catch (e) {
    const reason = welinkReason(e);
    if (reason === "NOT_VISIBLE") return stop(reason);
    deps.log.warn("homepage entry without the person's details", { code: (e as AppError).code, welinkUserId: userId });
    return { userId };
  }
}

/** Bound → in; the rule finds exactly one OA person → bind and in; otherwise the bind page. */
export async function continueAs(deps: Deps, visit: Visit, person: Person): Promise<EntryOutcome> {
  const binding = await findBinding(deps, visit.resolved.corp.id, person.userId);
  if (binding) return handOff(deps, visit, person, { oaUserId: binding.oaUserId, oaAccount: binding.oaAccount }, "OK");
  const ruled = await bindByRule(deps, visit, person);
  if (ruled) return handOff(deps, visit, person, ruled, "BOUND_BY_RULE");
  await logVisit(deps, visit, "NOT_BOUND", { person });
  const pending = { ...person, channel: visit.channel, corpName: visit.resolved.corp.name, target: visit.target, nonce: randomToken(18) };
  return { kind: "bind", pending };
}

export type OaSide = { oaUserId: string; oaAccount: string | null };

/** The rule's single OA match, bound now (also used by scan login's phone, which has no homepage visit). */
export async function bindByRule(deps: Deps, visit: Pick<Visit, "resolved" | "requestId" | "ip">, person: Person): Promise<OaSide | undefined> {
  const { tenant, corp } = visit.resolved;
  if (!corp.bindingRule.enabled) return undefined;
  const welink = { userId: person.userId, mobileNumber: person.mobile, email: person.email, employeeId: person.employeeId };
  const match = await matchByRule(deps, { tenantId: tenant.id, corpId: corp.id }, corp.bindingRule, welink);
  if (!match.matched) return undefined;
  try {
    await createBinding(deps, personCtx(visit, person.userId), { tenantId: tenant.id, corpId: corp.id, welinkUserId: person.userId, oaUserId: match.oaUserId, method: "rule", welink: profileOf(person) });
  } catch (e) {
    // Someone was bound in between: the rule never moves a binding, so the person binds by password.
    if (e instanceof AppError && e.code === "BINDING_CONFLICT") return undefined;
    throw e;
  }
  const bound = await findBinding(deps, corp.id, person.userId);
  return { oaUserId: match.oaUserId, oaAccount: bound?.oaAccount ?? null };
}

/**
 * Signs a handoff to the app's target (or the requested page, when it lies inside the OA); when
 * the target is the bridge's own sign-in return, a session starts instead (the one seam between
 * "who is this" and "what happens after the proof"); a CAS / OIDC tenant gets a session too.
 */
export async function handOff(deps: Deps, visit: Visit, person: Person, oa: OaSide, reason: OkReason): Promise<EntryOutcome> {
  const { tenant, corp, app } = visit.resolved;
  const back = sessionTarget(deps, tenant.slug, visit.target);
  const start = { tenantId: tenant.id, tenantSlug: tenant.slug, corpId: corp.id, appId: app.id, welinkUserId: person.userId, oaUserId: oa.oaUserId, channel: visit.channel };
  if (back) {
    await logVisit(deps, visit, reason, { person, ...oa });
    return { kind: "session", url: back, reason, start };
  }
  try {
    const portal = await getOaPortalForTenant(deps, tenant.id);
    const target = resolveTarget(portal, { kind: app.targetKind, value: app.targetValue }, visit.target);
    // A CAS / OIDC OA signs itself in from the bridge's session: start it and go straight to the
    // page (resolveTarget keeps it under the OA's base URL); the OA's client finds the session there.
    if ((await ssoSettingsFor(deps, tenant.id)).method !== "handoff") {
      await logVisit(deps, visit, reason, { person, ...oa });
      return { kind: "session", url: target, reason, start };
    }
    const issued = await issueHandoff(deps, { tenantId: tenant.id, oaUserId: oa.oaUserId, target });
    await logVisit(deps, visit, reason, { person, ...oa });
    return { kind: "handoff", url: issued.url, reason };
  } catch (e) {
    const failed = oaReason(e);
    await logVisit(deps, visit, failed, { person, ...oa });
    return stop(failed);
  }
}
