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

export type ConnectionReport = {
  /** What was checked, in words (e.g. "signed in and read the first page: 20 departments"). */
  detail: string;
  ms: number;
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
