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
};

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
  code: "OA_TEST_HTTP" | "OA_TEST_CSV" | "OA_TEST_SQL";
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
  /** The basic user name or the custom header's name. */
  authName?: string;
  passwordCheck?: string;
  /** For sql: which kind of database was read ("MySQL/MariaDB", "PostgreSQL"); authName is its user. */
  database?: string;
};

export interface OaConnector {
  /** Checks that the OA answers and the settings fit; throws an OA_* AppError saying what is wrong. */
  testConnection(): Promise<ConnectionReport>;
  /** Every department, page by page. */
  listDepartments(): AsyncIterable<OaDept[]>;
  /** Every person, page by page. */
  listUsers(): AsyncIterable<OaUser[]>;
  /** The person whose account and password these are, or undefined; throws OA_NOT_SUPPORTED where the OA cannot tell. */
  verifyPassword(account: string, password: string): Promise<OaUser | undefined>;
}
