import { ContactError, done, type OpError, type OpResult, refuse } from "./contacts-errors.ts";
import { emitOrgChange } from "./contacts-events.ts";
import { checkNames, deptRefs, type Input, intField, isErr, pick, strList, userRefs } from "./contacts-input.ts";
import { str } from "./envelope.ts";
import type { Dept } from "./model.ts";
import type { Sandbox } from "./sandbox.ts";

/**
 * Department writes (real-time API §4.A, batch jobs §4.C and the inspection API share them), with
 * the rules the sandbox enforces: unique corpDeptCode, existing parent, no cycles, a maximum depth,
 * names ≤ 128 characters, and no deleting a department that still has members or children.
 */

const DEPT_EXTRA = ["createDeptGroup", "groupContainSubDept", "deptGroupOwnerId", "ext"] as const;
/** The SDK docstring allows at most 5 managers (§4.A). */
const MAX_MANAGERS = 5;
/** Closed accounts (userStatus 4) no longer count as members [inferred]. */
const CLOSED = 4;

/** What a write answers with: the department's two keys. */
export const deptKeys = (d: Dept) => ({ deptCode: d.deptCode, corpDeptCode: d.corpDeptCode });

/** By `deptCode`, else by `corpDeptCode`. */
export function findDept(sb: Sandbox, input: Input): Dept | OpError {
  const code = str(input.deptCode);
  const corp = str(input.corpDeptCode);
  if (!code && !corp) return { code: ContactError.PARAM_EMPTY, message: "deptCode or corpDeptCode is required" };
  const dept = code ? sb.org.depts.get(code) : sb.org.deptByCorpCode(corp!);
  return dept ?? { code: ContactError.NOT_FOUND, message: "department does not exist" };
}

function parentOf(sb: Sandbox, input: Input): string | undefined | OpError {
  const code = str(input.parentCode);
  const corp = str(input.corpParentCode);
  const refs = deptRefs(sb, code !== undefined ? [code] : undefined, corp !== undefined ? [corp] : undefined);
  if (isErr(refs)) return { code: ContactError.DEPT_NOT_FOUND, message: "parent department does not exist" };
  return refs?.[0];
}

/** The fields create and update share, checked. */
function deptFields(sb: Sandbox, input: Input): Partial<Dept> | OpError {
  const nameError = checkNames(input, ["deptNameCn", "deptNameEn"]);
  if (nameError) return nameError;
  const managers = userRefs(sb, strList(input.managerId), strList(input.corpManagerId));
  if (isErr(managers)) return managers;
  if (managers && managers.length > MAX_MANAGERS) return { code: ContactError.PARAM_INVALID, message: `at most ${MAX_MANAGERS} managers` };
  // Legacy orderNo range is 1–999 (default 1000); the current API's range is unstated, so be generous [inferred].
  const orderNo = intField(input, "orderNo", 0, 99_999);
  const deptType = intField(input, "deptType", 1, 2);
  const visibleRange = intField(input, "visibleRange", 1, 3);
  for (const x of [orderNo, deptType, visibleRange]) if (isErr(x)) return x;
  const fields: Partial<Dept> = {};
  if (str(input.deptNameCn)) fields.deptNameCn = str(input.deptNameCn)!;
  if (input.deptNameEn !== undefined) fields.deptNameEn = str(input.deptNameEn);
  if (managers) fields.managerId = managers;
  if (typeof orderNo === "number") fields.orderNo = orderNo;
  if (typeof deptType === "number") fields.deptType = deptType;
  if (typeof visibleRange === "number") fields.visibleRange = visibleRange;
  return fields;
}

/** Levels below `deptCode` (0 for a leaf). */
function heightOf(sb: Sandbox, deptCode: string): number {
  const base = sb.org.depthOf(deptCode);
  let height = 0;
  for (const d of sb.org.descendantsOf(deptCode)) height = Math.max(height, sb.org.depthOf(d.deptCode) - base);
  return height;
}

function tooDeep(sb: Sandbox, parent: string, height: number): OpError | undefined {
  const depth = (parent === "0" ? 0 : sb.org.depthOf(parent)) + 1 + height;
  const max = sb.settings.maxDeptDepth;
  return depth > max ? { code: ContactError.DEPT_TOO_DEEP, message: `departments can be at most ${max} levels deep` } : undefined;
}

export function createDept(sb: Sandbox, input: Input): OpResult<Dept> {
  const name = str(input.deptNameCn);
  if (!name) return refuse(ContactError.PARAM_EMPTY, "deptNameCn is required");
  const fields = deptFields(sb, input);
  if (isErr(fields)) return refuse(fields.code, fields.message);
  const corp = str(input.corpDeptCode);
  if (corp === "0") return refuse(ContactError.PARAM_INVALID, 'corpDeptCode "0" is the root');
  if (corp && sb.org.deptByCorpCode(corp)) return refuse(ContactError.DUPLICATE_CORP_DEPT, `corpDeptCode ${corp} already exists`);
  const parent = parentOf(sb, input) ?? "0";
  if (isErr(parent)) return refuse(parent.code, parent.message);
  const deep = tooDeep(sb, parent, 0);
  if (deep) return refuse(deep.code, deep.message);
  const now = sb.now();
  const extra = pick(input, DEPT_EXTRA);
  const dept: Dept = {
    deptCode: sb.org.nextDeptCode(),
    ...(corp ? { corpDeptCode: corp } : {}),
    parentCode: parent,
    deptNameCn: name,
    orderNo: 1000,
    managerId: [],
    deptType: 1,
    visibleRange: 1,
    creationTime: now,
    lastUpdatedTime: now,
    ...fields,
    ...(Object.keys(extra).length ? { extra } : {}),
  };
  sb.org.putDept(dept);
  emitOrgChange(sb, { eventType: "corpEditDept", deptCode: dept.deptCode });
  return done(dept);
}

/** A new corpDeptCode is only possible when the department is named by its deptCode. */
function corpChange(sb: Sandbox, input: Input, target: Dept): string | undefined | OpError {
  const corp = str(input.corpDeptCode);
  if (!str(input.deptCode) || !corp || corp === target.corpDeptCode) return undefined;
  if (corp === "0") return { code: ContactError.PARAM_INVALID, message: 'corpDeptCode "0" is the root' };
  if (sb.org.deptByCorpCode(corp)) return { code: ContactError.DUPLICATE_CORP_DEPT, message: `corpDeptCode ${corp} already exists` };
  return corp;
}

function checkMove(sb: Sandbox, dept: Dept, parent: string): OpError | undefined {
  if (parent !== "0" && sb.org.isWithin(parent, dept.deptCode)) {
    return { code: ContactError.DEPT_CYCLE, message: "a department cannot move under itself or one of its sub-departments" };
  }
  return tooDeep(sb, parent, heightOf(sb, dept.deptCode));
}

export function updateDept(sb: Sandbox, input: Input): OpResult<Dept> {
  const target = findDept(sb, input);
  if (isErr(target)) return refuse(target.code, target.message);
  if (input.deptNameCn !== undefined && !str(input.deptNameCn)) return refuse(ContactError.PARAM_EMPTY, "deptNameCn cannot be empty");
  const fields = deptFields(sb, input);
  if (isErr(fields)) return refuse(fields.code, fields.message);
  const corp = corpChange(sb, input, target);
  if (isErr(corp)) return refuse(corp.code, corp.message);
  const parent = parentOf(sb, input);
  if (isErr(parent)) return refuse(parent.code, parent.message);
  const moveError = parent !== undefined && parent !== target.parentCode ? checkMove(sb, target, parent) : undefined;
  if (moveError) return refuse(moveError.code, moveError.message);
  const extra = { ...target.extra, ...pick(input, DEPT_EXTRA) };
  const next: Dept = {
    ...target,
    ...fields,
    ...(corp ? { corpDeptCode: corp } : {}),
    ...(parent !== undefined ? { parentCode: parent } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
    lastUpdatedTime: sb.now(),
  };
  sb.org.putDept(next);
  emitOrgChange(sb, { eventType: "corpEditDept", deptCode: next.deptCode });
  return done(next);
}

/** Takes `deptCode` out of its members' departments; people left with none go to the root. */
function detachMembers(sb: Sandbox, deptCode: string): void {
  for (const u of [...sb.org.sortedMembers(deptCode)]) {
    const deptCodes = u.deptCodes.filter((code) => code !== deptCode);
    if (deptCodes.length === 0) deptCodes.push("0");
    const orderInDepts = { ...u.orderInDepts };
    delete orderInDepts[deptCode];
    const mainDeptCode = deptCodes.includes(u.mainDeptCode) ? u.mainDeptCode : deptCodes[0]!;
    sb.org.putUser({ ...u, deptCodes, orderInDepts, mainDeptCode, lastUpdatedTime: sb.now() });
    emitOrgChange(sb, { eventType: "corpEditUser", userId: u.userId });
  }
}

/**
 * Refuses (47010) while the department has sub-departments or open accounts, unless the
 * `refuseNonEmptyDeptDelete` switch is off; then the whole branch goes and its people are
 * detached (to the root if they had no other department) [inferred §4.A].
 */
export function deleteDept(sb: Sandbox, input: Input): OpResult<Dept> {
  const target = findDept(sb, input);
  if (isErr(target)) return refuse(target.code, target.message);
  const open = sb.org.sortedMembers(target.deptCode).some((u) => u.userStatus !== CLOSED);
  if (sb.settings.refuseNonEmptyDeptDelete && (open || sb.org.childCount(target.deptCode) > 0)) {
    // The answer's wording is the WeLink admin FAQ's (2.2: "如果部门下有用户，不能直接删除，需要先删除用户后再删除部门");
    // the API's own code and message for it are undocumented, so both are the sandbox's [inferred].
    return refuse(ContactError.DEPT_NOT_EMPTY, "department still has members or sub-departments: delete its people first, then the department");
  }
  const branch = [...sb.org.descendantsOf(target.deptCode).reverse(), target];
  for (const d of branch) {
    detachMembers(sb, d.deptCode);
    sb.org.removeDept(d.deptCode);
    emitOrgChange(sb, { eventType: "corpDelDept", deptCode: d.deptCode });
  }
  return done(target);
}
