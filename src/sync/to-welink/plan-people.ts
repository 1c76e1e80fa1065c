import { type MatchCandidate, normalizeEmail, normalizeMobile, planAutoBind } from "../../directory/index.ts";
import type { OaUser } from "../../oa/index.ts";
import type { UserRecord } from "../from-welink/diff.ts";
import type { DeptPlan } from "./plan-depts.ts";
import { leaveReason, personDeptIds, type PushScope } from "./scope.ts";
import { because } from "./reasons.ts";
import { type DeptRef, type PlanAction, type PlanInput, type PlanItem, type UserDesired, WELINK_USER_FIELDS, type WelinkUserField } from "./types.ts";
import { checkSendable, formValue, type MobileClaims, mobileClaims } from "./user-values.ts";
import { cleanText, type Problem } from "./welink-values.ts";

/**
 * People: a binding is never changed here; unbound people are matched by the corp's binding rule
 * before anyone is created, because a create next to an existing WeLink person duplicates them.
 */

export type PeoplePlan = { items: PlanItem[]; removals: PlanItem[] };

/** Where the pull mirror keeps each WeLink field. */
const MIRROR: Record<WelinkUserField, keyof UserRecord> = { nameCn: "nameCn", nameEn: "nameEn", mobileNumber: "mobile", email: "email", employeeId: "employeeId", position: "position" };
/** The mirror's status for a closed account (pull-diff's STATUS_CODES): closing it again is a no-op. */
const CLOSED = 4;

type Changes = Record<string, [unknown, unknown]>;
type Ctx = { input: PlanInput; scope: PushScope; depts: DeptPlan; welink: Map<string, UserRecord>; byOa: Map<string, string>; mobiles: MobileClaims };
type Desired = { desired: UserDesired; problems: Problem[] };

const blankToUndefined = (v: string | undefined) => (v === undefined || cleanText(v) === "" ? undefined : v);

function deptRef(depts: DeptPlan, oaDeptId: string): DeptRef | undefined {
  const code = depts.codes.get(oaDeptId);
  if (code === undefined) return undefined;
  return code === null ? { oaDeptId } : { deptCode: code };
}

/**
 * The person as WeLink should hold them, each value in WeLink's form (and what could not be put in
 * it); undefined when the OA has lost their main department.
 */
function desiredOf(ctx: Ctx, u: OaUser): Desired | undefined {
  const { fieldMapping, includePartTime } = ctx.input.config;
  const main = u.mainDeptId === undefined ? undefined : deptRef(ctx.depts, u.mainDeptId);
  if (!main) return undefined;
  const refs = personDeptIds(u, includePartTime).slice(1).map((id) => deptRef(ctx.depts, id));
  const problems: Problem[] = [];
  const mapped = (f: WelinkUserField) => {
    const source = fieldMapping[f];
    // An empty OA value never clears WeLink's: a missing mobile would otherwise wipe a sign-in key.
    return source === undefined ? undefined : blankToUndefined(u[source]);
  };
  const desired: UserDesired = { nameCn: formValue("nameCn", mapped("nameCn") ?? u.name, problems), depts: [main, ...refs.filter((r) => r !== undefined)] };
  for (const f of WELINK_USER_FIELDS) {
    const value = f === "nameCn" ? undefined : mapped(f);
    if (value !== undefined) desired[f] = formValue(f, value, problems);
  }
  return { desired, problems };
}

function sameValue(f: WelinkUserField, have: string | null, want: string): boolean {
  if (f === "mobileNumber") return normalizeMobile(have) === normalizeMobile(want);
  if (f === "email") return normalizeEmail(have) === normalizeEmail(want);
  return cleanText(have ?? "") === want;
}

function parseCodes(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

const refValue = (r: DeptRef) => ("deptCode" in r ? r.deptCode : r);

/** Field changes, mainDeptCode when the main department differs, deptCodes when part-time ones do. */
function changesOf(ctx: Ctx, desired: UserDesired, rec: UserRecord): Changes {
  const changes: Changes = {};
  for (const f of WELINK_USER_FIELDS) {
    const want = desired[f];
    const have = rec[MIRROR[f]] as string | null;
    if (want !== undefined && !sameValue(f, have, want)) changes[f] = [have, want];
  }
  const main = desired.depts[0]!;
  if (!("deptCode" in main) || main.deptCode !== rec.mainDeptCode) changes.mainDeptCode = [rec.mainDeptCode, refValue(main)];
  if (ctx.input.config.includePartTime) {
    const have = parseCodes(rec.deptCodes);
    const want = desired.depts.map(refValue);
    const same = want.length === new Set(have).size && want.every((w) => typeof w === "string" && have.includes(w));
    if (!same) changes.deptCodes = [have, want];
  }
  return changes;
}

function userItem(ctx: Ctx, u: OaUser, action: PlanAction, o: Pick<PlanItem, "welinkId" | "desired" | "changes" | "reason" | "why" | "invalid">): PlanItem {
  const depth = u.mainDeptId === undefined ? 0 : (ctx.depts.depth.get(u.mainDeptId) ?? -1) + 1;
  return { object: "user", action, oaId: u.id, name: u.name.trim(), parentOaId: u.mainDeptId ?? null, depth, ...o };
}

function planBound(ctx: Ctx, u: OaUser, userId: string, desired: UserDesired): PlanItem {
  const rec = ctx.welink.get(userId);
  if (!rec) {
    return userItem(ctx, u, "skip", { welinkId: userId, desired: null, changes: null, ...because("user.boundGone", { userId }) });
  }
  const changes = changesOf(ctx, desired, rec);
  if (changes.mainDeptCode) return userItem(ctx, u, "move", { welinkId: userId, desired, changes, ...because("user.deptChanged") });
  if (Object.keys(changes).length) return userItem(ctx, u, "update", { welinkId: userId, desired, changes, ...because("user.changed") });
  return userItem(ctx, u, "skip", { welinkId: userId, desired: null, changes: null, ...because("unchanged") });
}

type RuleOutcome = { matched: Map<string, string>; inReview: Set<string> };

/** The corp's binding rule over the unbound on both sides: one index, a few look-ups a person. */
function runRule(ctx: Ctx, unbound: OaUser[]): RuleOutcome {
  const outcome: RuleOutcome = { matched: new Map(), inReview: new Set() };
  const { rule } = ctx.input;
  if (!rule.enabled || rule.terms.length === 0 || unbound.length === 0) return outcome;
  const boundWelink = new Set(ctx.input.userBindings.map((b) => b.welinkUserId));
  const rows = ctx.input.welink.users.filter((w) => !boundWelink.has(w.userId));
  const candidates: MatchCandidate[] = unbound.map((u) => ({ id: u.id, account: u.account, mobile: u.mobile, email: u.email, employeeNo: u.employeeNo, active: u.active }));
  const plan = planAutoBind(rule, rows, candidates, new Set(ctx.byOa.keys()));
  for (const b of plan.bind) outcome.matched.set(b.oaUserId, b.welinkUserId);
  for (const r of plan.review) for (const id of r.candidates) outcome.inReview.add(id);
  return outcome;
}

function planUnbound(ctx: Ctx, u: OaUser, desired: UserDesired, rule: RuleOutcome): PlanItem {
  const userId = rule.matched.get(u.id);
  const rec = userId === undefined ? undefined : ctx.welink.get(userId);
  if (userId !== undefined && rec) {
    const changes = changesOf(ctx, desired, rec);
    const differs = Object.keys(changes).length > 0;
    return userItem(ctx, u, "match", { welinkId: userId, desired: differs ? desired : null, changes: differs ? changes : null, ...because("user.ruleMatched") });
  }
  const none = { welinkId: null, desired: null, changes: null };
  if (rule.inReview.has(u.id)) return userItem(ctx, u, "skip", { ...none, ...because("user.inReview") });
  if (!ctx.input.config.addNewPeople) return userItem(ctx, u, "skip", { ...none, ...because("user.addOff") });
  if (desired.mobileNumber === undefined) return userItem(ctx, u, "skip", { ...none, ...because("user.noMobile") });
  return userItem(ctx, u, "create", { welinkId: null, desired, changes: null, ...because("notInWelink") });
}

/** Bound people the push no longer covers; those WeLink no longer has (or already closed) need nothing. */
function planRemovals(ctx: Ctx, oaById: Map<string, OaUser>): PlanItem[] {
  const removals: PlanItem[] = [];
  for (const b of ctx.input.userBindings) {
    const rec = ctx.welink.get(b.welinkUserId);
    if (!rec || (rec.status === CLOSED && ctx.input.config.removalMode === "close")) continue;
    const u = oaById.get(b.oaUserId);
    const reason = leaveReason(u, ctx.scope);
    if (reason === undefined) continue;
    const parentOaId = u?.mainDeptId ?? (rec.mainDeptCode === null ? undefined : ctx.depts.oaOfCode.get(rec.mainDeptCode)) ?? null;
    const depth = parentOaId === null ? 0 : (ctx.depts.depth.get(parentOaId) ?? -1) + 1;
    removals.push({ object: "user", action: "remove", oaId: u ? u.id : null, welinkId: rec.userId, name: rec.nameCn, parentOaId, depth, desired: null, changes: null, ...because(reason) });
  }
  return removals;
}

export function planPeople(input: PlanInput, scope: PushScope, depts: DeptPlan): PeoplePlan {
  const welink = new Map(input.welink.users.map((w) => [w.userId, w]));
  const byOa = new Map(input.userBindings.map((b) => [b.oaUserId, b.welinkUserId]));
  const ctx: Ctx = { input, scope, depts, welink, byOa, mobiles: mobileClaims(input.welink.users) };
  const rule = runRule(ctx, scope.people.filter((u) => !byOa.has(u.id)));
  const items = scope.people.map((u) => {
    const d = desiredOf(ctx, u);
    const bound = byOa.get(u.id);
    if (!d) {
      return userItem(ctx, u, "skip", { welinkId: bound ?? null, desired: null, changes: null, ...because("user.noDept") });
    }
    const item = bound !== undefined ? planBound(ctx, u, bound, d.desired) : planUnbound(ctx, u, d.desired, rule);
    return checkSendable(item, d.problems, ctx.mobiles);
  });
  const oaById = new Map(input.oa.users.map((u) => [u.id, u]));
  return { items, removals: planRemovals(ctx, oaById) };
}
