/**
 * The one contract between the bridge and an OA. Adapters (http, csv, demo) implement it and
 * never let their own types out of their file; the rest of the bridge sees only these types.
 */
export type OaDept = {
  /** The OA's own, immutable id of the department. */
  id: string;
  /** The parent's id; null for a top-level department. */
  parentId: string | null;
  name: string;
  order: number;
  /**
   * "branch": an OA branch (分部 / subcompany, e.g. e-cology's HrmSubCompany) rather than a
   * department. Branches sit in the same tree, above their departments; absent = a department.
   */
  kind?: "branch";
};

/** The contract's department from a stored row (kind is a nullable column there). */
export const oaDeptOf = (r: { id: string; parentId: string | null; name: string; order: number; kind?: string | null }): OaDept => ({
  id: r.id, parentId: r.parentId, name: r.name, order: r.order, ...(r.kind === "branch" ? { kind: "branch" as const } : {}),
});

export type OaUser = {
  /** The OA's own, immutable id of the person (never the account name or mobile). */
  id: string;
  /** What the person signs in to the OA with. */
  account: string;
  name: string;
  mobile?: string;
  email?: string;
  employeeNo?: string;
  position?: string;
  mainDeptId?: string;
  partTimeDeptIds: string[];
  active: boolean;
};

/**
 * What a connection test found, as a code and language-neutral params (the admin renders them in
 * its language, src/oa/connection/report.ts); `detail` is the same in English, for the API.
 */
export type ConnectionReport = {
  code: "OA_TEST_HTTP" | "OA_TEST_CSV" | "OA_TEST_LDAP" | "OA_TEST_SQL";
  params: ReportParams;
  detail: string;
  ms: number;
};

/** Counts and first names read; for http, how the bridge signed in and the password check's path ("" when none). */
export type ReportParams = {
  departments: number;
  people: number;
  departmentExample?: string;
  personExample?: string;
  auth?: "none" | "bearer" | "basic" | "header";
  /** The basic user name or the custom header's name; for LDAP, the bind DN. */
  authName?: string;
  /** http: the password check's path; LDAP: the attribute an account is looked up by. */
  passwordCheck?: string;
  /** For sql: which kind of database was read ("MySQL/MariaDB", "PostgreSQL"); authName is its user. */
  database?: string;
};

/** One page of changes: what changed, and the newest last-changed time on this page ("" when none). */
export type OaChanges = { departments: OaDept[]; users: OaUser[]; newest: string };

export interface OaConnector {
  /** Checks that the OA answers and the settings fit; throws an OA_* AppError saying what is wrong. */
  testConnection(): Promise<ConnectionReport>;
  /** Every department, page by page. */
  listDepartments(): AsyncIterable<OaDept[]>;
  /** Every person, page by page. */
  listUsers(): AsyncIterable<OaUser[]>;
  /**
   * Optional, for incremental refreshes: departments and people changed at or after `since`, in
   * the source's own time (a value of its last-changed attribute, never the bridge's clock), with
   * the newest such time seen, to pass next time. `since` "" lists everything (departments first),
   * as a full refresh reads it, so the full refresh learns where the next changes start.
   * Deletions do not show: a full refresh finds them.
   */
  listChangedSince?(since: string): AsyncIterable<OaChanges>;
  /**
   * The person whose account and password these are, or undefined; throws OA_NOT_SUPPORTED where
   * the OA cannot tell, and (LDAP / AD) OA_LDAP_ACCOUNT_LOCKED when the directory has locked the account.
   */
  verifyPassword(account: string, password: string): Promise<OaUser | undefined>;
  /** Present when the OA accepts writes (WeLink → OA); its `capabilities` say which. */
  writer?: OaWriter;
}

/*
 * WeLink → OA write-back. A connector that can write says which writes it supports; each write
 * carries a key the bridge chooses (run + journal row), and a connector must make a second call
 * with the same key return the first call's answer without writing again, so a run resumed after
 * a crash never writes twice. `dept` / `user` ids in answers are the OA's own, immutable ids.
 * LDAP: create / modify / disable entries under a chosen OU fits the same shape (ids = entryUUID / objectGUID).
 */
export type OaWriteCapability = "createDept" | "updateDept" | "disableDept" | "createUser" | "updateUser" | "disableUser";

export type OaDeptWrite = { name: string; parentId: string | null; order: number };
export type OaUserWrite = {
  account: string;
  name: string;
  mobile?: string;
  email?: string;
  employeeNo?: string;
  position?: string;
  mainDeptId?: string;
};

export interface OaWriter {
  capabilities: ReadonlySet<OaWriteCapability>;
  /** false where the OA keeps no order of departments (LDAP OUs): the plan then leaves order alone. */
  keepsDeptOrder?: boolean;
  createDept(key: string, dept: OaDeptWrite): Promise<{ id: string }>;
  updateDept(key: string, id: string, dept: Partial<OaDeptWrite>): Promise<void>;
  disableDept(key: string, id: string): Promise<void>;
  createUser(key: string, user: OaUserWrite): Promise<{ id: string }>;
  updateUser(key: string, id: string, user: Partial<OaUserWrite>): Promise<void>;
  disableUser(key: string, id: string): Promise<void>;
}
