import { ContactError, done, type OpError, type OpResult, refuse } from "./contacts-errors.ts";
import { emitOrgChange } from "./contacts-events.ts";
import { checkNames, deptRefs, type Input, intField, isErr, pick, strList, userRefs } from "./contacts-input.ts";
import { str } from "./envelope.ts";
import type { User } from "./model.ts";
import type { Sandbox } from "./sandbox.ts";

/**
 * User writes (real-time §4.B, batch §4.C, inspection API), with the tenant-wide rules: unique
 * mobileNumber and corpUserId, existing departments, names ≤ 128 characters.
 */

const USER_EXTRA = [
  "emailLoginAccount", "businessAddress", "baseLocation", "address", "isHidePhoneNumber", "seniorMode",
  "personType", "timeZone", "roleIds", "extAttr", "isNotify", "sipNum", "avatar",
] as const;

/**
 * "+86-15811847236" as in the docs' examples, or bare digits. The sandbox stores the number as
 * given and compares exactly (no normalising), so a client sees back what it wrote [inferred].
 */
const MOBILE = /^(\+\d{1,4}-)?\d{5,15}$/;
const DEFAULT_ORDER = 10000;

/** What a write answers with: the person's two keys (§4.B). */
export const userKeys = (u: User) => ({ userId: u.userId, corpUserId: u.corpUserId });

type Membership = Pick<User, "deptCodes" | "mainDeptCode" | "orderInDepts">;

/** orderInDepts {deptCode: n} or orderInCorpDepts {corpDeptCode: n}, keyed by deptCode. */
function ordersOf(sb: Sandbox, input: Input): Record<string, number> | undefined | OpError {
  const byCode = input.orderInDepts && typeof input.orderInDepts === "object" ? (input.orderInDepts as Input) : undefined;
  const byCorp = input.orderInCorpDepts && typeof input.orderInCorpDepts === "object" ? (input.orderInCorpDepts as Input) : undefined;
  const raw = byCode ?? byCorp;
  if (!raw) return undefined;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(raw)) {
    const code = byCode ? key : key === "0" ? "0" : sb.org.deptByCorpCode(key)?.deptCode;
    if (code === undefined) return { code: ContactError.DEPT_NOT_FOUND, message: `department with corpDeptCode ${key} does not exist` };
    const order = intField({ order: value }, "order", 0, 99_999);
    if (isErr(order)) return order;
    if (order !== undefined) out[code] = order;
  }
  return out;
}

/** The departments a create or update asks for, merged with the current ones; `undefined` = unchanged. */
function membershipOf(sb: Sandbox, input: Input, current?: User): Membership | undefined | OpError {
  const depts = deptRefs(sb, strList(input.deptCodes), strList(input.corpDeptCodes));
  const mainCode = str(input.mainDeptCode);
  const mainCorp = str(input.mainCorpDeptCode);
  const main = deptRefs(sb, mainCode ? [mainCode] : undefined, mainCorp ? [mainCorp] : undefined);
  const orders = ordersOf(sb, input);
  for (const x of [depts, main, orders]) if (isErr(x)) return x;
  const wanted = depts as string[] | undefined;
  const wantedMain = (main as string[] | undefined)?.[0];
  if (!wanted && !wantedMain && !orders && current) return undefined;
  const deptCodes = [...new Set(wanted ?? current?.deptCodes ?? (wantedMain ? [wantedMain] : ["0"]))];
  if (deptCodes.length === 0) deptCodes.push("0");
  const mainDeptCode = wantedMain ?? (current && deptCodes.includes(current.mainDeptCode) ? current.mainDeptCode : deptCodes[0]!);
  if (!deptCodes.includes(mainDeptCode)) return { code: ContactError.PARAM_INVALID, message: "the main department must be one of the user's departments" };
  const orderInDepts: Record<string, number> = {};
  for (const code of deptCodes) orderInDepts[code] = (orders as Record<string, number> | undefined)?.[code] ?? current?.orderInDepts[code] ?? DEFAULT_ORDER;
  return { deptCodes, mainDeptCode, orderInDepts };
}

/** Profile fields present in the input, checked. */
function profileOf(sb: Sandbox, input: Input): Partial<User> | OpError {
  const nameError = checkNames(input, ["userNameCn", "userNameEn"]);
  if (nameError) return nameError;
  const mobile = str(input.mobileNumber);
  if (mobile && !MOBILE.test(mobile)) return { code: ContactError.PARAM_INVALID, message: "mobileNumber must look like +86-13800000000" };
  const sex = str(input.sex);
  if (sex && sex !== "M" && sex !== "F") return { code: ContactError.PARAM_INVALID, message: "sex must be M or F" };
  const secretary = userRefs(sb, str(input.secretary) ? [str(input.secretary)!] : undefined, str(input.corpSecretary) ? [str(input.corpSecretary)!] : undefined);
  if (isErr(secretary)) return secretary;
  const out: Partial<User> = {};
  for (const name of ["userNameCn", "userNameEn", "userEmail", "employeeId", "position", "landlineNumber", "remark"] as const) {
    if (input[name] !== undefined) out[name] = str(input[name]);
  }
  if (mobile) out.mobileNumber = mobile;
  if (sex === "M" || sex === "F") out.sex = sex;
  if (input.phoneNumber !== undefined) out.phoneNumber = strList(input.phoneNumber) ?? (str(input.phoneNumber) ? [str(input.phoneNumber)!] : []);
  const extra = { ...pick(input, USER_EXTRA), ...(secretary ? { secretary: secretary[0] } : {}) };
  if (Object.keys(extra).length) out.extra = extra;
  return out;
}

/** Tenant-wide uniqueness of the corp key and the mobile (another person holding it → refused). */
function clash(sb: Sandbox, corpUserId: string | undefined, mobile: string | undefined, self?: string): OpError | undefined {
  const byCorp = corpUserId ? sb.org.userByCorpId(corpUserId) : undefined;
  if (byCorp && byCorp.userId !== self) return { code: ContactError.DUPLICATE_CORP_USER, message: `corpUserId ${corpUserId} already exists` };
  const byMobile = mobile ? sb.org.userByMobileNumber(mobile) : undefined;
  if (byMobile && byMobile.userId !== self) return { code: ContactError.DUPLICATE_MOBILE, message: `mobileNumber ${mobile} is already bound to another user` };
  return undefined;
}

/** WeLink ids look like `zhangsan2@welink` (§0.3): built from the English name when there is one. */
function userIdHint(input: Input): string {
  const fromName = (str(input.userNameEn) ?? "").toLowerCase().replace(/[^a-z0-9]/g, "");
  const fromCorp = (str(input.corpUserId) ?? "").toLowerCase().replace(/[^a-z0-9]/g, "");
  return fromName || (fromCorp ? `u${fromCorp}` : "user");
}

export function createUser(sb: Sandbox, input: Input): OpResult<User> {
  const name = str(input.userNameCn);
  const mobile = str(input.mobileNumber);
  if (!name || !mobile) return refuse(ContactError.PARAM_EMPTY, "userNameCn and mobileNumber are required");
  const profile = profileOf(sb, input);
  if (isErr(profile)) return refuse(profile.code, profile.message);
  const corpUserId = str(input.corpUserId);
  const taken = clash(sb, corpUserId, mobile);
  if (taken) return refuse(taken.code, taken.message);
  const membership = membershipOf(sb, input);
  if (isErr(membership)) return refuse(membership.code, membership.message);
  const now = sb.now();
  const user: User = {
    userId: sb.org.nextUserId(userIdHint(input)),
    ...(corpUserId ? { corpUserId } : {}),
    userNameCn: name,
    mobileNumber: mobile,
    ...profile,
    ...membership!,
    userStatus: 3,
    isActivated: 0,
    creationTime: now,
    lastUpdatedTime: now,
  };
  sb.org.putUser(user);
  emitOrgChange(sb, { eventType: "corpEditUser", userId: user.userId });
  return done(user);
}

/** By `userId`, else `corpUserId`, else (where allowed) `mobileNumber` — the SDK's priority (§3.2). */
export function findUser(sb: Sandbox, input: Input, byMobile: boolean): User | OpError {
  const userId = str(input.userId);
  const corpUserId = str(input.corpUserId);
  const mobile = byMobile ? str(input.mobileNumber) : undefined;
  if (!userId && !corpUserId && !mobile) return { code: ContactError.PARAM_EMPTY, message: "userId or corpUserId is required" };
  const user = userId ? sb.org.users.get(userId) : corpUserId ? sb.org.userByCorpId(corpUserId) : sb.org.userByMobileNumber(mobile!);
  return user ?? { code: ContactError.NOT_FOUND, message: "user does not exist" };
}

/** `asConsole` lets the inspection API (playing the admin console) also set userStatus / isActivated. */
export function updateUser(sb: Sandbox, input: Input, asConsole = false): OpResult<User> {
  const target = findUser(sb, input, false);
  if (isErr(target)) return refuse(target.code, target.message);
  if (input.userNameCn !== undefined && !str(input.userNameCn)) return refuse(ContactError.PARAM_EMPTY, "userNameCn cannot be empty");
  const profile = profileOf(sb, input);
  if (isErr(profile)) return refuse(profile.code, profile.message);
  // A new corpUserId is only possible when the person is named by userId.
  const corpUserId = str(input.userId) ? str(input.corpUserId) : undefined;
  const taken = clash(sb, corpUserId, profile.mobileNumber, target.userId);
  if (taken) return refuse(taken.code, taken.message);
  const membership = membershipOf(sb, input, target);
  if (isErr(membership)) return refuse(membership.code, membership.message);
  const status = asConsole ? intField(input, "userStatus", 1, 4) : undefined;
  const activated = asConsole ? intField(input, "isActivated", 0, 1) : undefined;
  for (const x of [status, activated]) if (isErr(x)) return refuse(x.code, x.message);
  const next: User = {
    ...target,
    ...profile,
    ...(corpUserId ? { corpUserId } : {}),
    ...membership,
    ...(profile.extra ? { extra: { ...target.extra, ...profile.extra } } : {}),
    ...(typeof status === "number" ? { userStatus: status } : {}),
    ...(typeof activated === "number" ? { isActivated: activated } : {}),
    lastUpdatedTime: sb.now(),
  };
  sb.org.putUser(next);
  emitOrgChange(sb, { eventType: "corpEditUser", userId: next.userId });
  return done(next);
}

/**
 * `isDeleteUser` 0 closes the account (userStatus 4; its keys stay taken) and 1 deletes it
 * entirely ([inferred] §4.B). Absent means 1: a caller that does not know the flag wants the
 * person gone [inferred].
 */
export function deleteUser(sb: Sandbox, input: Input): OpResult<User> {
  const target = findUser(sb, input, true);
  if (isErr(target)) return refuse(target.code, target.message);
  const flag = intField(input, "isDeleteUser", 0, 1);
  if (isErr(flag)) return refuse(flag.code, flag.message);
  if (flag === 0) sb.org.putUser({ ...target, userStatus: 4, lastUpdatedTime: sb.now() });
  else sb.org.removeUser(target.userId);
  emitOrgChange(sb, { eventType: "corpDelUser", userId: target.userId });
  return done(target);
}
