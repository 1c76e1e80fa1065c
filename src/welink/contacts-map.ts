import { flag, need, num, numMap, type Raw, str, strList } from "./read.ts";
import { USER_STATUSES, type WelinkDept, type WelinkUser, type WelinkUserStatus, type WelinkUserSummary } from "./types.ts";

/** A department from any read API: detail and v1 lists say `parentCode`, v2/v3 lists `fatherCode` (§3.8). */
export function toDept(api: string, r: Raw): WelinkDept {
  return {
    deptCode: need(api, r, "deptCode"),
    corpDeptCode: str(r.corpDeptCode),
    parentCode: str(r.parentCode) ?? str(r.fatherCode) ?? "0",
    corpParentCode: str(r.corpParentCode),
    nameCn: str(r.deptNameCn) ?? "",
    nameEn: str(r.deptNameEn),
    orderNo: num(r.orderNo),
    managerIds: strList(r.managerId),
    deptType: num(r.deptType),
    visibleRange: num(r.visibleRange),
    hasChildren: flag(r.hasChildDept),
    level: num(r.deptLevel),
  };
}

/** A person from the detail and list APIs; the old v1/users shape has a single `deptCode` (§3.1). */
export function toUser(api: string, r: Raw): WelinkUser {
  const deptCodes = strList(r.deptCodes);
  const single = str(r.deptCode);
  if (deptCodes.length === 0 && single !== undefined) deptCodes.push(single);
  const sex = r.sex === "M" || r.sex === "F" ? r.sex : undefined;
  return {
    userId: need(api, r, "userId"),
    corpUserId: str(r.corpUserId),
    nameCn: str(r.userNameCn) ?? "",
    nameEn: str(r.userNameEn),
    mobileNumber: str(r.mobileNumber),
    email: str(r.userEmail),
    employeeId: str(r.employeeId),
    position: str(r.position),
    sex,
    status: statusOf(r.userStatus),
    activated: flag(r.isActivated),
    mainDeptCode: str(r.mainDeptCode) ?? single ?? deptCodes[0],
    deptCodes,
    orderInDepts: numMap(r.orderInDepts),
    phoneNumbers: strList(r.phoneNumber),
    landlineNumber: str(r.landlineNumber),
    remark: str(r.remark),
    createdAt: str(r.creationTime),
    updatedAt: str(r.lastUpdatedTime),
  };
}

export function toUserSummary(api: string, r: Raw): WelinkUserSummary {
  return { userId: need(api, r, "userId"), corpUserId: str(r.corpUserId), nameCn: str(r.userNameCn) ?? "", nameEn: str(r.userNameEn) };
}

function statusOf(v: unknown): WelinkUserStatus {
  const n = num(v);
  return n === 1 || n === 2 || n === 3 || n === 4 ? USER_STATUSES[n] : "unknown";
}
