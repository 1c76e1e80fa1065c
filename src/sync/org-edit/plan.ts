import type { Deps } from "../../deps.ts";
import { deptOccupancy, findDeptRecord, findUserRecord } from "../../directory/index.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { newId } from "../../kernel/ids.ts";
import type { DeptRecord, UserRecord } from "../from-welink/diff.ts";
import { because } from "../to-welink/reasons.ts";
import type { PlanItem } from "../to-welink/types.ts";
import type { OrgEdit } from "./input.ts";

/*
 * An edit as a one-object plan, in the form the OA → WeLink push journals and applies. It has no
 * OA side (oaId null), so applying it never creates a binding; a created object gets its own
 * enterprise key ("bridge-…") so that a resumed create finds what it already wrote.
 */

const TOP = "0";
/** WeLink's default order for a new department (the sandbox's, welink-openapi.md §4.A). */
const NEW_ORDER = 1000;
/** More levels than WeLink allows (the sandbox's maxDeptDepth): a walk up that goes further is a loop in the mirror. */
const MAX_WALK = 64;

export type EditPlan = { item: PlanItem; before: DeptRecord | UserRecord | null };

const live = <T extends { removedAt: number | null }>(r: T | undefined): T | undefined => (r && r.removedAt === null ? r : undefined);

async function deptOf(deps: Deps, corpId: string, code: string): Promise<DeptRecord> {
  const d = live(await findDeptRecord(deps.db, corpId, code));
  if (!d) throw errors.notFound("welinkDept", code);
  return d;
}

async function userOf(deps: Deps, corpId: string, userId: string): Promise<UserRecord> {
  const u = live(await findUserRecord(deps.db, corpId, userId));
  if (!u) throw errors.notFound("welinkPerson", userId);
  return u;
}

/** The parent must exist, and a move may not put a department under itself (WeLink refuses it: 47011 in the sandbox). */
async function checkParent(deps: Deps, corpId: string, parentCode: string, moving?: string): Promise<void> {
  let code = parentCode;
  for (let i = 0; code !== TOP && i < MAX_WALK; i++) {
    if (code === moving) throw errors.validation([{ path: "parentCode", message: "a department cannot move under itself or one of its sub-departments" }]);
    code = (await deptOf(deps, corpId, code)).parentCode;
  }
}

const item = (p: Omit<PlanItem, "parentOaId" | "depth" | "oaId">): PlanItem => ({ ...p, oaId: null, parentOaId: null, depth: 0 });

async function deptPlan(deps: Deps, corpId: string, e: OrgEdit, actor: { actor: string }): Promise<EditPlan> {
  if (e.op === "createDept") {
    if (e.parentCode !== TOP) await checkParent(deps, corpId, e.parentCode);
    const desired = { nameCn: e.name, orderNo: NEW_ORDER, parent: { deptCode: e.parentCode }, corpCode: `bridge-${newId()}` };
    return { before: null, item: item({ object: "dept", action: "create", welinkId: null, name: e.name, desired, changes: null, ...because("edit.create", actor) }) };
  }
  if (e.op === "updateDept") {
    const old = await deptOf(deps, corpId, e.deptCode);
    const name = e.name ?? old.nameCn;
    const parent = e.parentCode ?? old.parentCode;
    if (name === old.nameCn && parent === old.parentCode) throw new AppError("ORG_EDIT_NOTHING", { name: old.nameCn });
    if (parent !== old.parentCode) await checkParent(deps, corpId, parent, old.deptCode);
    const changes: Record<string, [unknown, unknown]> = {};
    if (name !== old.nameCn) changes.nameCn = [old.nameCn, name];
    if (parent !== old.parentCode) changes.parent = [old.parentCode, parent];
    const desired = { nameCn: name, orderNo: old.orderNo, parent: { deptCode: parent } };
    const action = parent !== old.parentCode ? "move" : "update";
    return { before: old, item: item({ object: "dept", action, welinkId: old.deptCode, name, desired, changes, ...because("edit.update", actor) }) };
  }
  if (e.op !== "deleteDept") throw new Error(`not a department edit: ${e.op}`);
  const old = await deptOf(deps, corpId, e.deptCode);
  // WeLink refuses it (the seed FAQ: people first, then the department): said before anything is sent.
  const held = await deptOccupancy(deps.db, corpId, old.deptCode);
  if (held.people > 0 || held.depts > 0) throw new AppError("ORG_DEPT_NOT_EMPTY", { name: old.nameCn, people: held.people, depts: held.depts });
  return { before: old, item: item({ object: "dept", action: "remove", welinkId: old.deptCode, name: old.nameCn, desired: null, changes: null, ...because("edit.delete", actor) }) };
}

async function userPlan(deps: Deps, corpId: string, e: OrgEdit, actor: { actor: string }): Promise<EditPlan> {
  if (e.op === "createUser") {
    await deptOf(deps, corpId, e.deptCode);
    const desired = { nameCn: e.name, mobileNumber: e.mobile, ...(e.email ? { email: e.email } : {}), depts: [{ deptCode: e.deptCode }], corpCode: `bridge-${newId()}` };
    return { before: null, item: item({ object: "user", action: "create", welinkId: null, name: e.name, desired, changes: null, ...because("edit.create", actor) }) };
  }
  if (e.op === "updateUser") {
    const old = await userOf(deps, corpId, e.userId);
    const name = e.name ?? old.nameCn;
    const dept = e.deptCode ?? old.mainDeptCode;
    if (name === old.nameCn && dept === old.mainDeptCode) throw new AppError("ORG_EDIT_NOTHING", { name: old.nameCn });
    if (dept !== old.mainDeptCode && dept !== null) await deptOf(deps, corpId, dept);
    const changes: Record<string, [unknown, unknown]> = {};
    if (name !== old.nameCn) changes.nameCn = [old.nameCn, name];
    if (dept !== old.mainDeptCode) changes.mainDeptCode = [old.mainDeptCode, dept];
    const desired = { nameCn: name, depts: dept === null ? [] : [{ deptCode: dept }] };
    const action = dept !== old.mainDeptCode ? "move" : "update";
    return { before: old, item: item({ object: "user", action, welinkId: old.userId, name, desired, changes, ...because("edit.update", actor) }) };
  }
  if (e.op !== "removeUser") throw new Error(`not a person edit: ${e.op}`);
  const old = await userOf(deps, corpId, e.userId);
  const why = because(e.mode === "delete" ? "edit.delete" : "edit.close", actor);
  return { before: old, item: item({ object: "user", action: "remove", welinkId: old.userId, name: old.nameCn, desired: null, changes: null, ...why }) };
}

/** The one-object plan of an edit, read against the mirror (unknown or removed objects are 404). */
export function planEdit(deps: Deps, corpId: string, e: OrgEdit, actorLabel: string): Promise<EditPlan> {
  const actor = { actor: actorLabel };
  return e.op.endsWith("Dept") ? deptPlan(deps, corpId, e, actor) : userPlan(deps, corpId, e, actor);
}
