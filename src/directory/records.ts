/** The WeLink mirror's rows as the pull compares them: keyed by WeLink's immutable ids. */

export type DeptRecord = {
  deptCode: string;
  corpDeptCode: string | null;
  parentCode: string;
  nameCn: string;
  nameEn: string | null;
  orderNo: number;
  removedAt: number | null;
};

export type UserRecord = {
  userId: string;
  corpUserId: string | null;
  nameCn: string;
  nameEn: string | null;
  mobile: string | null;
  email: string | null;
  employeeId: string | null;
  position: string | null;
  mainDeptCode: string | null;
  /** JSON array, compared as text (WeLink's order is kept). */
  deptCodes: string;
  status: number;
  removedAt: number | null;
};
