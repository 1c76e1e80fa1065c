import { type MatchCandidate, normalizeEmail, normalizeMobile, planAutoBind } from "../../directory/index.ts";
import type { OaUser } from "../../oa/index.ts";
import type { UserRecord } from "../from-welink/diff.ts";
import { because } from "../to-welink/reasons.ts";
import type { OaUserDesired, PlanInput, PlanItem } from "../to-welink/types.ts";
import type { DeptPlan } from "./plan-depts.ts";

/**
 * WeLink → OA people (pure): a bound person is updated when WeLink differs; an unbound one is
 * matched by the corp's binding rule before anyone is created (a create next to an existing OA
 * person would duplicate them); a bound person gone from WeLink or closed there is disabled.
 */

/** The mirror's status for a closed WeLink account. */
const CLOSED = 4;
const blank = (v: string | null | undefined) => (v === null || v === undefined || v.trim() === "" ? undefined : v.trim());

/** The OA account a created person signs in with: the employee number, else the WeLink user id. */
const accountOf = (u: UserRecord) => blank(u.employeeId) ?? u.userId;

function desiredOf(u: UserRecord, depts: DeptPlan): OaUserDesired {
  const main = u.mainDeptCode === null ? undefined : depts.refs.get(u.mainDeptCode);
  const d: OaUserDesired = { account: accountOf(u), name: u.nameCn, mainDept: main ?? null };
  const put = (k: "mobile" | "email" | "employeeNo" | "position", v: string | null) => {
    const value = blank(v);
    if (value !== undefined) d[k] = value;
  };
  put("mobile", u.mobile), put("email", u.email), put("employeeNo", u.employeeId), put("position", u.position);
  return d;
}

function changesOf(have: OaUser, want: OaUserDesired): Record<string, [unknown, unknown]> | null {
  const c: Record<string, [unknown, unknown]> = {};
  if (have.name !== want.name) c.name = [have.name, want.name];
  if (want.mobile !== undefined && normalizeMobile(have.mobile) !== normalizeMobile(want.mobile)) c.mobile = [have.mobile ?? null, want.mobile];
  if (want.email !== undefined && normalizeEmail(have.email) !== normalizeEmail(want.email)) c.email = [have.email ?? null, want.email];
  if (want.employeeNo !== undefined && (have.employeeNo ?? "") !== want.employeeNo) c.employeeNo = [have.employeeNo ?? null, want.employeeNo];
  if (want.position !== undefined && (have.position ?? "") !== want.position) c.position = [have.position ?? null, want.position];
  const main = want.mainDept;
  if (main !== null && !("oaDeptId" in main && main.oaDeptId === have.mainDeptId)) c.mainDeptId = [have.mainDeptId ?? null, "oaDeptId" in main ? main.oaDeptId : `(${main.deptCode})`];
  return Object.keys(c).length > 0 ? c : null;
}

export function planOaPeople(input: PlanInput, depts: DeptPlan): { items: PlanItem[]; removals: PlanItem[]; inScope: number } {
  const oaById = new Map(input.oa.users.map((u) => [u.id, u]));
  const bound = new Map(input.userBindings.filter((b) => oaById.has(b.oaUserId)).map((b) => [b.welinkUserId, b.oaUserId]));
  const scoped = input.config.topDeptCode === null ? input.welink.users : input.welink.users.filter((u) => u.mainDeptCode !== null && depts.inScope.has(u.mainDeptCode));
  // In a stable order (the mirror's order is the database's): the same directories give the same plan.
  const live = scoped.filter((u) => u.status !== CLOSED).sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const matched = new Map<string, string>();
  if (input.rule.enabled && input.rule.terms.length > 0) {
    const boundOa = new Set(bound.values());
    const candidates: MatchCandidate[] = input.oa.users.filter((u) => !boundOa.has(u.id)).map((u) => ({ id: u.id, account: u.account, mobile: u.mobile, email: u.email, employeeNo: u.employeeNo, active: u.active }));
    for (const b of planAutoBind(input.rule, live.filter((u) => !bound.has(u.userId)), candidates, boundOa).bind) matched.set(b.welinkUserId, b.oaUserId);
  }
  const items: PlanItem[] = [];
  for (const u of live) {
    const desired = desiredOf(u, depts);
    const parentOaId = desired.mainDept && "oaDeptId" in desired.mainDept ? desired.mainDept.oaDeptId : null;
    const base = { object: "user" as const, welinkId: u.userId, name: u.nameCn, parentOaId, depth: 0, desired };
    const oaId = bound.get(u.userId) ?? matched.get(u.userId);
    if (oaId === undefined) {
      if (!input.config.addNewPeople) items.push({ ...base, action: "skip", oaId: null, desired: null, changes: null, ...because("toOa.addOff") });
      else items.push({ ...base, action: "create", oaId: null, changes: null, ...because("toOa.new") });
      continue;
    }
    const changes = changesOf(oaById.get(oaId)!, desired);
    const action = !bound.has(u.userId) ? "match" : changes === null ? "match" : "mainDeptId" in changes ? "move" : "update";
    const why = !bound.has(u.userId) ? because("toOa.matched") : changes ? because("toOa.changed") : because("unchanged");
    items.push({ ...base, action, oaId, changes, ...why });
  }
  const liveIds = new Set(live.map((u) => u.userId));
  const closed = new Set(scoped.filter((u) => u.status === CLOSED).map((u) => u.userId));
  const inWelink = new Set(input.welink.users.map((u) => u.userId));
  const removals: PlanItem[] = [];
  for (const [userId, oaId] of bound) {
    const have = oaById.get(oaId)!;
    // Out of the top's subtree but still in WeLink: not the write-back's to disable.
    if (liveIds.has(userId) || !have.active || (inWelink.has(userId) && !closed.has(userId))) continue;
    const why = closed.has(userId) ? because("toOa.closed") : because("toOa.gone");
    removals.push({ object: "user", action: "remove", oaId, welinkId: userId, name: have.name, parentOaId: have.mainDeptId ?? null, depth: 0, desired: null, changes: null, ...why });
  }
  return { items, removals, inScope: live.length };
}
