/**
 * The WeLink emulator's data model, named as WeLink names things (see ../shared/welink-openapi.md).
 * Every field the Open API returns is kept under its WeLink name, so answers are built by copying.
 */

/** Permission groups an app can be granted in the WeLink developer console. */
export const PERMISSIONS = ["auth", "contact-read", "contact-sync", "todo", "message"] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type Dept = {
  deptCode: string;
  corpDeptCode?: string;
  /** WeLink code of the parent; "0" for a first-level department. */
  parentCode: string;
  deptNameCn: string;
  deptNameEn?: string;
  orderNo: number;
  managerId: string[];
  /** 1 department, 2 subsidiary company. */
  deptType: number;
  /** 1 all, 2 members only, 3 own department and below. */
  visibleRange: number;
  creationTime: number;
  lastUpdatedTime: number;
  /** Other fields WeLink keeps and echoes as given (createDeptGroup, groupContainSubDept, ext…). */
  extra?: Record<string, unknown>;
};

export type User = {
  userId: string;
  corpUserId?: string;
  mobileNumber: string;
  userNameCn: string;
  userNameEn?: string;
  sex?: "M" | "F";
  userEmail?: string;
  employeeId?: string;
  position?: string;
  phoneNumber?: string[];
  landlineNumber?: string;
  remark?: string;
  mainDeptCode: string;
  deptCodes: string[];
  orderInDepts: Record<string, number>;
  /** 1 not opened, 2 opening, 3 active, 4 closed. */
  userStatus: number;
  isActivated: number;
  creationTime: number;
  lastUpdatedTime: number;
  /** Other profile fields WeLink keeps and echoes as given (businessAddress, secretary, extAttr…). */
  extra?: Record<string, unknown>;
};

/** Who an app is visible to: everyone, or these departments (with their sub-departments) and people. */
export type VisibleRange = { all: true } | { all: false; deptCodes: string[]; userIds: string[] };

export type App = {
  clientId: string;
  clientSecret: string;
  name: string;
  permissions: Set<Permission>;
  visible: VisibleRange;
  /** Where WeLink posts this app's event callbacks (set through the inspection API). */
  callbackUrl?: string;
};

export type Token = {
  token: string;
  clientId: string;
  expiresAt: number;
  /** The permissions granted when the token was issued: a later grant needs a new token. */
  permissions: Set<Permission>;
  /** Set for user-identity tokens (v1 tickets type `u`, OAuth2). */
  userId?: string;
};

export type RateLimits = {
  enabled: boolean;
  perAppApiPerSecond: number;
  perAppApiPerMinute: number;
  perIpPer20s: number;
};

export type SandboxSettings = {
  tenantId: string;
  tokenTtlSeconds: number;
  authCodeTtlSeconds: number;
  oauthCodeTtlSeconds: number;
  /** Wrong secrets within `lockoutWindowMs` before a client id is locked (41403). */
  maxWrongSecrets: number;
  lockoutWindowMs: number;
  lockoutMs: number;
  rateLimits: RateLimits;
  /** Refuse to delete a department that still has members or children ([inferred] in the reference). */
  refuseNonEmptyDeptDelete: boolean;
  maxDeptDepth: number;
  /** Delay before a batch job (contact/v1/…/batch/*) runs; 0 = on the next tick. */
  batchDelayMs: number;
};

export const DEFAULT_SETTINGS: SandboxSettings = {
  tenantId: "sandbox-tenant",
  tokenTtlSeconds: 7200,
  authCodeTtlSeconds: 120,
  oauthCodeTtlSeconds: 300,
  maxWrongSecrets: 5,
  lockoutWindowMs: 10 * 60_000,
  // The reference does not say how long a lock lasts; 10 minutes mirrors the counting window [inferred].
  lockoutMs: 10 * 60_000,
  rateLimits: { enabled: true, perAppApiPerSecond: 40, perAppApiPerMinute: 1500, perIpPer20s: 3000 },
  refuseNonEmptyDeptDelete: true,
  // The reference found no depth limit; 15 is the emulator's choice [inferred].
  maxDeptDepth: 15,
  batchDelayMs: 0,
};

/** Faults a test or an operator can switch on (flags at start, or /_sandbox/faults at run time). */
export type Faults = {
  /** Share (0..1) of calls whose path starts with the key that fail; `code` is a WeLink code, or "http500". */
  errorRates: Record<string, { rate: number; code: string }>;
  /** Milliseconds added before answering calls whose path starts with the key ("" = every call). */
  latencyMs: Record<string, number>;
  /** Share (0..1) of calls under the key that never answer (held until the client gives up). */
  hangRates: Record<string, number>;
  /** While now is inside [from, until), every /api call answers HTTP 503. */
  outage?: { from: number; until: number };
  /** Report `hasMore: 1` on every page (a bug seen in real WeLink). */
  hasMoreStuck: boolean;
};

export const noFaults = (): Faults => ({ errorRates: {}, latencyMs: {}, hangRates: {}, hasMoreStuck: false });

export type CallLogEntry = {
  at: number;
  method: string;
  path: string;
  clientId?: string;
  httpStatus: number;
  code?: string;
  ms: number;
  /** The query string, without the leading "?". */
  query?: string;
  /** The start of the JSON answer (at most ANSWER_LOG_MAX characters), for the inspection API. */
  answer?: string;
};
