/**
 * The demo OA's data, named as the OA names things (its API answers with these names). The
 * fields marked "never served" exist for the demo and tests only: the org API leaves them out.
 */

export type OaOrgDept = {
  /** The OA's own id ("d1001"…), unrelated to WeLink's deptCode. */
  id: string;
  parentId: string | null;
  name: string;
  sort: number;
  /** Never served: the WeLink department this one was derived from (the truth a department match should find). */
  welinkDeptCode: string;
  /** Disabled through the API (write-back): no longer listed. */
  disabled?: boolean;
};

export type OaPersonStatus = "active" | "left";

export type OaPerson = {
  /** The OA's own id ("u100001"…). */
  id: string;
  loginName: string;
  name: string;
  mobile: string | null;
  email: string | null;
  jobNumber: string;
  title: string;
  deptId: string | null;
  partTimeDeptIds: string[];
  status: OaPersonStatus;
  /** Never served. Plain text on purpose: a demo prints it (`demo-<loginName>`). */
  password: string;
  /** Never served: the WeLink person this one is (null: not in WeLink) — the truth binding rules should find. */
  welinkUserId: string | null;
};

export type DemoOaOrg = { seed: number; depts: OaOrgDept[]; users: OaPerson[] };

/** A person as the org API and the password check serve them (no password, no WeLink truth). */
export type OaPersonItem = Omit<OaPerson, "password" | "welinkUserId">;

export function personItem(p: OaPerson): OaPersonItem {
  const { password: _password, welinkUserId: _welink, ...item } = p;
  return item;
}

export function deptItem(d: OaOrgDept): Omit<OaOrgDept, "welinkDeptCode"> {
  return { id: d.id, parentId: d.parentId, name: d.name, sort: d.sort };
}
