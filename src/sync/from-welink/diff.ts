import type { DeptRecord, UserRecord } from "../../directory/index.ts";
import type { WelinkDept, WelinkUser } from "../../welink/index.ts";

import { type Said, say } from "../../kernel/said.ts";

export type { DeptRecord, UserRecord };

/**
 * The pure half of a pull: WeLink's answer and the bridge's mirror, both keyed by WeLink's
 * immutable ids (deptCode, userId), become a list of changes with before → after per field.
 * Names and corp keys may change; the ids never do, so renames are updates, never remove + add.
 */

export type ChangeAction = "add" | "update" | "move" | "remove";
export type Change<R> = {
  action: ChangeAction;
  id: string;
  /** Only the changed fields (all of them for an add / remove). */
  before: Partial<R> | null;
  after: Partial<R> | null;
  /** What the mirror holds afterwards (for add / update / move). */
  record: R | null;
  /** Why, when the action alone does not say it (an object kept after leaving a pull's scope). */
  reason?: Said;
};

const DEPT_FIELDS = ["corpDeptCode", "parentCode", "nameCn", "nameEn", "orderNo", "removedAt"] as const;
const USER_FIELDS = ["corpUserId", "nameCn", "nameEn", "mobile", "email", "employeeId", "position", "mainDeptCode", "deptCodes", "status", "removedAt"] as const;

const STATUS_CODES: Record<string, number> = { "not-opened": 1, opening: 2, active: 3, closed: 4 };

export function deptRecord(d: WelinkDept): DeptRecord {
  return {
    deptCode: d.deptCode,
    corpDeptCode: d.corpDeptCode ?? null,
    parentCode: d.parentCode,
    nameCn: d.nameCn,
    nameEn: d.nameEn ?? null,
    orderNo: d.orderNo ?? 0,
    removedAt: null,
  };
}

export function userRecord(u: WelinkUser): UserRecord {
  return {
    userId: u.userId,
    corpUserId: u.corpUserId ?? null,
    nameCn: u.nameCn,
    nameEn: u.nameEn ?? null,
    mobile: u.mobileNumber ?? null,
    email: u.email ?? null,
    employeeId: u.employeeId ?? null,
    position: u.position ?? null,
    mainDeptCode: u.mainDeptCode ?? null,
    deptCodes: JSON.stringify(u.deptCodes),
    // An unknown status is kept as "active": WeLink lists it, so the person exists.
    status: STATUS_CODES[u.status] ?? 3,
    removedAt: null,
  };
}

/**
 * Changes that turn `current` into `fetched`. Objects already marked removed and still absent
 * are no change; a marked object that comes back is an update (its removedAt is cleared).
 * `moveField` decides move vs update: a parent (departments) or main department (people) change.
 */
export function diffObjects<R extends { removedAt: number | null }>(
  current: ReadonlyMap<string, R>,
  fetched: ReadonlyMap<string, R>,
  fields: readonly (keyof R)[],
  moveField: keyof R,
  now: number,
): Change<R>[] {
  const changes: Change<R>[] = [];
  for (const [id, next] of fetched) {
    const prev = current.get(id);
    if (!prev) {
      changes.push({ action: "add", id, before: null, after: next, record: next });
      continue;
    }
    const before: Partial<R> = {};
    const after: Partial<R> = {};
    let changed = false;
    for (const f of fields) {
      if (prev[f] === next[f]) continue;
      before[f] = prev[f];
      after[f] = next[f];
      changed = true;
    }
    if (changed) changes.push({ action: moveField in after ? "move" : "update", id, before, after, record: next });
  }
  for (const [id, prev] of current) {
    if (fetched.has(id) || prev.removedAt !== null) continue;
    changes.push({ action: "remove", id, before: prev, after: { removedAt: now } as Partial<R>, record: null });
  }
  return changes;
}

export const diffDepts = (current: ReadonlyMap<string, DeptRecord>, fetched: ReadonlyMap<string, DeptRecord>, now: number) =>
  diffObjects(current, fetched, DEPT_FIELDS, "parentCode", now);

export const diffUsers = (current: ReadonlyMap<string, UserRecord>, fetched: ReadonlyMap<string, UserRecord>, now: number) =>
  diffObjects(current, fetched, USER_FIELDS, "mainDeptCode", now);

/** Counts by action, as a run records them. */
export function countChanges(changes: { action: ChangeAction | "fail" }[]) {
  const counts = { added: 0, updated: 0, moved: 0, removed: 0, failed: 0 };
  const key = { add: "added", update: "updated", move: "moved", remove: "removed", fail: "failed" } as const;
  for (const c of changes) counts[key[c.action]]++;
  return counts;
}

export type ShrinkCheck = { users: number; depts: number; lastUsers: number | null; lastDepts: number | null; thresholdPct: number };

/** Why removals must wait for an admin, or null when the pull looks healthy (DESIGN: health gate). */
export function healthProblem(failedPages: number, s: ShrinkCheck): Said | null {
  if (failedPages > 0) return say("held.pagesFailed", { count: failedPages });
  const fell = (now: number, last: number | null) => last !== null && last > 0 && (last - now) / last > s.thresholdPct / 100;
  if (fell(s.users, s.lastUsers)) return say("held.peopleFell", { last: s.lastUsers!, now: s.users, pct: s.thresholdPct });
  if (fell(s.depts, s.lastDepts)) return say("held.deptsFell", { last: s.lastDepts!, now: s.depts, pct: s.thresholdPct });
  return null;
}
