/**
 * The WeLink client's domain types. The rest of the bridge sees these, never WeLink's raw JSON:
 * mapping (and WeLink's quirks: string/number codes, `fatherCode` vs `parentCode`…) stays in
 * `src/welink/`.
 */

/** A department is addressed by WeLink's code or by the enterprise's own key (§3.7). */
export type DeptRef = { deptCode: string } | { corpDeptCode: string };
/** A person is addressed by WeLink's id, the enterprise's key, or the bound mobile (§3.1). */
export type UserRef = { userId: string } | { corpUserId: string } | { mobileNumber: string };

export type WelinkDept = {
  deptCode: string;
  corpDeptCode?: string;
  /** WeLink code of the parent; "0" for a first-level department. */
  parentCode: string;
  corpParentCode?: string;
  nameCn: string;
  nameEn?: string;
  orderNo?: number;
  managerIds: string[];
  /** 1 department, 2 subsidiary company. */
  deptType?: number;
  /** 1 all, 2 members only, 3 own department and below. */
  visibleRange?: number;
  hasChildren?: boolean;
  /** 1 for a first-level department (only some list APIs report it). */
  level?: number;
};

export const USER_STATUSES = { 1: "not-opened", 2: "opening", 3: "active", 4: "closed" } as const;
export type WelinkUserStatus = (typeof USER_STATUSES)[keyof typeof USER_STATUSES] | "unknown";

export type WelinkUser = {
  userId: string;
  corpUserId?: string;
  nameCn: string;
  nameEn?: string;
  /** As WeLink stores it, e.g. `+86-15811847236`. */
  mobileNumber?: string;
  email?: string;
  employeeId?: string;
  position?: string;
  sex?: "M" | "F";
  status: WelinkUserStatus;
  activated?: boolean;
  mainDeptCode?: string;
  deptCodes: string[];
  /** Sort order of the person inside each of their departments. */
  orderInDepts: Record<string, number>;
  phoneNumbers: string[];
  landlineNumber?: string;
  remark?: string;
  /** WeLink's own timestamps, as it sends them (their format is not documented). */
  createdAt?: string;
  updatedAt?: string;
};

/** The short form of the `simplelist` API. */
export type WelinkUserSummary = { userId: string; corpUserId?: string; nameCn: string; nameEn?: string };

export type WelinkIdentity = { userId: string; tenantId?: string };

// ——— Contact writes (§4) ———

export type DeptFields = {
  nameCn?: string;
  nameEn?: string;
  /** Moves the department when given on update. */
  parent?: DeptRef;
  managers?: { userIds: string[] } | { corpUserIds: string[] };
  orderNo?: number;
  deptType?: 1 | 2;
  visibleRange?: 1 | 2 | 3;
  createDeptGroup?: boolean;
};
export type DeptCreate = DeptFields & { corpDeptCode: string; nameCn: string; parent: DeptRef };

export type UserFields = {
  nameCn?: string;
  nameEn?: string;
  mobileNumber?: string;
  phoneNumbers?: string[];
  sex?: "M" | "F";
  /** All departments, by WeLink code or by the enterprise's key; `main` must be one of them. */
  depts?: { deptCodes: string[]; main?: string } | { corpDeptCodes: string[]; main?: string };
  orderInDepts?: Record<string, number>;
  employeeId?: string;
  landlineNumber?: string;
  email?: string;
  position?: string;
  remark?: string;
  /** Send WeLink's activation SMS / e-mail. */
  notify?: boolean;
};
export type UserCreate = UserFields & { corpUserId: string; nameCn: string; mobileNumber: string };

export type WrittenUser = { userId: string; corpUserId?: string };

export type BatchJob = { jobId: string };
export type BatchItemResult = {
  ok: boolean;
  welinkCode: string;
  message?: string;
  userId?: string;
  corpUserId?: string;
  deptCode?: string;
  corpDeptCode?: string;
};
export type BatchResult = {
  jobId: string;
  /** WeLink's status value as sent (its enum is not documented; the sandbox uses 0 running / 1 done). */
  status: string;
  done: boolean;
  type?: string;
  total?: number;
  percentage?: number;
  items: BatchItemResult[];
};

// ——— Todo (§5) ———

export type Applicant = { userId: string; nameCn?: string; nameEn?: string };
export type TodoCreate = {
  taskId: string;
  title: string;
  userId: string;
  userNameCn?: string;
  userNameEn?: string;
  detailsUrl: string;
  /** v3 only. */
  detailsUrlPc?: string;
  appName: string;
  /** Who started the flow; v2/v3 require it. */
  applicant: Applicant;
  /** Also push a public-account message. */
  notify?: boolean;
  showApplicantName?: boolean;
  /** The application's id (v2/v3 require it): the same for every recipient of one application. */
  applicantId: string;
  /** v3 only. */
  businessCode?: string;
  /** v1 only. */
  description?: string;
};
export type WelinkTodo = { taskId: string; uuid?: string; tenantId?: string; userId?: string };

// ——— Messages (§6) ———

/** Text shown in both languages; a plain string is sent as is. */
export type Bilingual = string | { cn: string; en: string };
export type CardMessage = {
  owner: string;
  toUserIds: string[];
  title: Bilingual;
  content: string;
  urlPath?: string;
  desktopUrlPath?: string;
  publicAccountId?: string;
  /** Status label (CN 2–5 chars, EN 2–10) and its colour: 1 blue, 2 grey, 3 orange. */
  status?: { cn: string; en: string; color?: 1 | 2 | 3 };
  forceTips?: boolean;
  /** 0 PC, 1 mobile, 2 both (WeLink's default). */
  receiveDeviceType?: 0 | 1 | 2;
};
export type TextMessage = {
  owner?: string;
  toUserIds: string[];
  title: string;
  content: string;
  urlPath?: string;
  desktopUrlPath?: string;
  /** 0 mobile and PC links, 1 mobile only. */
  displayMode?: 0 | 1;
  forceTips?: boolean;
};
export type CardStatusUpdate = {
  itemId: string;
  toUserIds: string[];
  status: { cn: string; en: string };
  /** On this API: 0 grey, 1 yellow, 2 green (a different scale from sending, §6.4). */
  color?: 0 | 1 | 2;
  publicAccountId?: string;
};
export type SentMessage = { itemId?: string };
export type MessageUpdateResult = { failedUserIds: string[] };
