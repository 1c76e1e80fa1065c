import type { Context } from "hono";
import { ContactError, type OpError } from "./contacts-errors.ts";
import { int } from "./envelope.ts";
import type { App, Dept, Permission, User } from "./model.ts";
import { isDeptVisibleTo, type Sandbox } from "./sandbox.ts";

/**
 * WeLink's timestamps are strings (§3 field dictionary) in an unstated format; the sandbox uses
 * "YYYY-MM-DD HH:mm:ss" in UTC, the usual Huawei style [inferred].
 */
export const welinkTime = (ms: number): string => new Date(ms).toISOString().replace("T", " ").slice(0, 19);

const corpOfDept = (sb: Sandbox, code: string): string | undefined => sb.org.depts.get(code)?.corpDeptCode;
const corpOfUser = (sb: Sandbox, id: string): string | undefined => sb.org.users.get(id)?.corpUserId;
const defined = <T>(xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);

/** A department with the ContactResponseResult fields (§3). */
export function deptView(sb: Sandbox, d: Dept): Record<string, unknown> {
  return {
    ...d.extra,
    deptCode: d.deptCode,
    corpDeptCode: d.corpDeptCode,
    parentCode: d.parentCode,
    corpParentCode: d.parentCode === "0" ? "0" : corpOfDept(sb, d.parentCode),
    deptNameCn: d.deptNameCn,
    deptNameEn: d.deptNameEn,
    managerId: d.managerId,
    corpManagerId: defined(d.managerId.map((id) => corpOfUser(sb, id))),
    orderNo: d.orderNo,
    visibleRange: d.visibleRange,
    deptType: d.deptType,
    deptLevel: sb.org.depthOf(d.deptCode),
    hasChildDept: sb.org.childCount(d.deptCode) > 0 ? 1 : 0,
    creationTime: welinkTime(d.creationTime),
    lastUpdatedTime: welinkTime(d.lastUpdatedTime),
  };
}

/** The item shape of /contact/v2/departments/list (§3.8): note `fatherCode`, not `parentCode`. */
export function deptInfoView(sb: Sandbox, d: Dept): Record<string, unknown> {
  return {
    deptCode: d.deptCode,
    deptNameCn: d.deptNameCn,
    deptNameEn: d.deptNameEn,
    fatherCode: d.parentCode,
    deptLevel: sb.org.depthOf(d.deptCode),
    orderNo: d.orderNo,
    hasChildDept: sb.org.childCount(d.deptCode) > 0 ? 1 : 0,
    corpDeptCode: d.corpDeptCode,
  };
}

/** A person with the full field dictionary (§3, ContactBaseResponseResult). */
export function userDetailView(sb: Sandbox, u: User): Record<string, unknown> {
  const orderInCorpDepts: Record<string, number> = {};
  for (const [code, order] of Object.entries(u.orderInDepts)) {
    const corp = corpOfDept(sb, code);
    if (corp) orderInCorpDepts[corp] = order;
  }
  return {
    ...u.extra,
    userId: u.userId,
    corpUserId: u.corpUserId,
    mobileNumber: u.mobileNumber,
    userStatus: u.userStatus,
    userNameCn: u.userNameCn,
    userNameEn: u.userNameEn,
    sex: u.sex,
    phoneNumber: u.phoneNumber,
    mainDeptCode: u.mainDeptCode,
    mainCorpDeptCode: corpOfDept(sb, u.mainDeptCode),
    deptCodes: u.deptCodes,
    corpDeptCodes: defined(u.deptCodes.map((code) => corpOfDept(sb, code))),
    orderInDepts: u.orderInDepts,
    orderInCorpDepts,
    userEmail: u.userEmail,
    employeeId: u.employeeId,
    landlineNumber: u.landlineNumber,
    position: u.position,
    remark: u.remark,
    isActivated: u.isActivated,
    creationTime: welinkTime(u.creationTime),
    lastUpdatedTime: welinkTime(u.lastUpdatedTime),
  };
}

/** The older, flatter shape of GET /contact/v1/users (§3.1): one `deptCode`. */
export function userV1View(sb: Sandbox, u: User): Record<string, unknown> {
  return {
    userStatus: u.userStatus,
    userId: u.userId,
    deptCode: u.mainDeptCode,
    userNameCn: u.userNameCn,
    userNameEn: u.userNameEn,
    mobileNumber: u.mobileNumber,
    sex: u.sex,
    corpUserId: u.corpUserId,
    userEmail: u.userEmail,
    secretary: u.extra?.secretary,
    phoneNumber: u.phoneNumber,
    address: u.extra?.businessAddress ?? u.extra?.address,
    remark: u.remark,
    isActivated: u.isActivated,
    creationTime: welinkTime(u.creationTime),
    lastUpdatedTime: welinkTime(u.lastUpdatedTime),
  };
}

export const userSimpleView = (u: User) => ({ userId: u.userId, corpUserId: u.corpUserId, userNameCn: u.userNameCn, userNameEn: u.userNameEn });

export type Page = { pageNo: number; pageSize: number };

/**
 * Reads a page number and size. Values out of range are refused with 47004 rather than clamped
 * [inferred]: the reference gives the ranges (sizes 1–50 for user lists, 1–100 for department
 * lists, §3.6/§3.8) but no error code, and refusing makes a client that asks for too much fail
 * loudly in tests instead of silently receiving shorter pages.
 */
export function readPage(c: Context, names: [string, string], max: number, defaultSize: number): Page | OpError {
  // A value that is present but not an integer reads as 0, so it is refused below.
  const read = (name: string, fallback: number) => (c.req.query(name) ? int(c.req.query(name), 0) : fallback);
  const pageNo = read(names[0], 1);
  const pageSize = read(names[1], defaultSize);
  if (pageNo < 1) return { code: ContactError.PARAM_INVALID, message: `${names[0]} must be an integer ≥ 1` };
  if (pageSize < 1 || pageSize > max) return { code: ContactError.PARAM_INVALID, message: `${names[1]} must be an integer from 1 to ${max}` };
  return { pageNo, pageSize };
}

export const isOpError = (x: unknown): x is OpError => typeof x === "object" && x !== null && "code" in x && "message" in x;

/** `hasMore` as 1/0, or always 1 while the "stuck" fault is on (Landray saw that bug, §3.6.b). */
export const hasMore = (sb: Sandbox, more: boolean): number => (sb.faults.hasMoreStuck || more ? 1 : 0);

/** One page of `items` plus whether more follow. */
export function pageOf<T>(items: readonly T[], page: Page): { slice: T[]; more: boolean } {
  const start = (page.pageNo - 1) * page.pageSize;
  return { slice: items.slice(start, start + page.pageSize), more: start + page.pageSize < items.length };
}

/** Writes need the contact sync grant (通讯录同步, §0.4). */
export const CONTACT_SYNC: Permission = "contact-sync";

/** Contact reads need the read grant, or the sync grant that includes it (§3). */
export const CONTACT_READ: readonly Permission[] = ["contact-read", "contact-sync"];

/**
 * Whether contact reads may show a department: inside (or on the path to) a visible branch, or
 * holding (or on the path to) a person made visible one by one — so a client walking down from
 * the root reaches everyone it may see [inferred].
 */
export function deptReadable(sb: Sandbox, app: App, deptCode: string): boolean {
  if (isDeptVisibleTo(sb, app, deptCode)) return true;
  if (app.visible.all) return false;
  return app.visible.userIds.some((id) => sb.org.users.get(id)?.deptCodes.some((code) => sb.org.isWithin(code, deptCode)) ?? false);
}

/** The root ("0") or a department the app may see; 47001 when unknown, 47000 when outside its range. */
export function deptForRead(sb: Sandbox, app: App, deptCode: string | undefined, corpDeptCode: string | undefined): Dept | "0" | OpError {
  if (deptCode === undefined && corpDeptCode === undefined) return { code: ContactError.PARAM_EMPTY, message: "deptCode or corpDeptCode is required" };
  if (deptCode === "0" || (deptCode === undefined && corpDeptCode === "0")) return "0";
  const dept = deptCode !== undefined ? sb.org.depts.get(deptCode) : sb.org.deptByCorpCode(corpDeptCode!);
  if (!dept) return { code: ContactError.NOT_FOUND, message: "department does not exist" };
  if (!deptReadable(sb, app, dept.deptCode)) return { code: ContactError.NO_PERMISSION, message: "department is outside the app's visible range" };
  return dept;
}
