/**
 * Starting points for the OA database form: a preset only fills the form (queries and column
 * mapping); the admin reads, edits and saves it like anything typed. A vendor preset is shipped
 * only where the vendor's table layout is public, and each names its sources below.
 */
import type { FormValues } from "../http/form.ts";

const PAGING: FormValues = { statementTimeoutMs: "30000", pageSize: "1000" };

/** Tables named as many home-grown OAs name them. */
const GENERIC: FormValues = {
  ...PAGING,
  departmentsQuery: "SELECT id, parent_id, name, sort_no FROM org_dept",
  "departments.id": "id",
  "departments.parentId": "parent_id",
  "departments.name": "name",
  "departments.order": "sort_no",
  usersQuery: "SELECT id, login_name, real_name, mobile, email, emp_no, title, dept_id, status FROM org_user",
  "users.id": "id",
  "users.account": "login_name",
  "users.name": "real_name",
  "users.mobile": "mobile",
  "users.email": "email",
  "users.employeeNo": "emp_no",
  "users.position": "title",
  "users.mainDeptId": "dept_id",
  "users.active": "status",
  "users.activeValues": "1",
};

/**
 * Weaver (泛微) e-cology: people in HrmResource, departments in HrmDepartment, 分部 in HrmSubCompany.
 *
 * Sources (public GitHub):
 * - whalesea520/ecology, data/Oracle/1table.sql: CREATE TABLE HrmResource (id, loginid, lastname,
 *   mobile, email, workcode, jobtitle, departmentid, …), HrmDepartment (id, departmentname, …),
 *   HrmJobTitles (id, jobtitlemark, jobtitlename, …) and HrmSubCompany (id, subcompanyname, companyid, …).
 * - same repository, data/Oracle/sql20030329.sql: adds HrmResource.status with its values commented
 *   (0 试用, 1 正式, 2 临时, 3 试用延期, 4 解聘, 5 离职, 6 退休, 7 无效) and HrmDepartment's
 *   supdepid (上级部门) and showorder.
 * - silent-reader-cn/weaver-oa-dev, .agents/skills/weaver-oa-dev/references/
 *   15_high_frequency_sql_and_db_dict.md (HrmDepartment.canceled: 0 正常, 1 封存; HrmJobTitles 岗位表)
 *   and database_tables/人力资源/hrmdepartment.md (supdepid, showorder, canceled 封存标识).
 * - same repository, .agents/skills/weaver-oa-dev/references/09_custom_backend_dev.md: reads the
 *   people of a department as `status IN (0, 1, 2, 3)`, hence active = 0, 1, 2, 3.
 * - zenglanmu/shdcjt_proj, hrm/company/HrmSubCompanyDsp.jsp (e-cology's own 分部 page): reads
 *   HrmSubCompany's supsubcomid (上级分部), showorder and canceled.
 *
 * Inferred, not documented as such: a top department's supdepid is 0 or empty (hence NULLIF), and
 * so is a top 分部's supsubcomid; an empty canceled means not canceled, and HrmSubCompany.canceled
 * takes the same '1' 封存 as HrmDepartment's (public e-cology page code tests HrmSubCompany's canceled = '1' too);
 * HrmDepartment.subcompanyid1 is the id of the 分部 its top departments sit under (the column
 * name, and public code for e-cology lists a 分部's top departments as supdepid = 0 AND
 * subcompanyid1 = the 分部's id); jobtitle is the id of an HrmJobTitles row (the column names, and
 * public code for e-cology joins HrmJobTitles.id = HrmResource.jobtitle). People without a loginid
 * are left out, since each person needs an account.
 *
 * 分部 come as departments of kind "branch" with ids "sub-<id>": the two tables number their rows
 * apart, so a bare id could name both a 分部 and a department. CONCAT (MySQL/MariaDB and
 * PostgreSQL alike) makes every id text, as a UNION needs. A canceled 分部 is left out; its
 * departments then sit at the top, and a 分部 under it too.
 */
const SUB_LIVE = "(s.canceled IS NULL OR s.canceled <> '1')";
const WEAVER_ECOLOGY: FormValues = {
  ...PAGING,
  departmentsQuery: [
    "SELECT CONCAT('sub-', s.id) AS id, CASE WHEN p.id IS NULL THEN NULL ELSE CONCAT('sub-', p.id) END AS parent_id, s.subcompanyname AS name, s.showorder, 'branch' AS kind",
    "FROM HrmSubCompany s LEFT JOIN HrmSubCompany p ON p.id = s.supsubcomid AND (p.canceled IS NULL OR p.canceled <> '1')",
    `WHERE ${SUB_LIVE}`,
    "UNION ALL",
    "SELECT CONCAT('', d.id), CASE WHEN NULLIF(d.supdepid, 0) IS NOT NULL THEN CONCAT('', d.supdepid) WHEN s.id IS NOT NULL THEN CONCAT('sub-', s.id) END, d.departmentname, d.showorder, NULL",
    `FROM HrmDepartment d LEFT JOIN HrmSubCompany s ON s.id = d.subcompanyid1 AND ${SUB_LIVE}`,
    "WHERE d.canceled IS NULL OR d.canceled <> '1'",
  ].join("\n"),
  "departments.id": "id",
  "departments.parentId": "parent_id",
  "departments.name": "name",
  "departments.order": "showorder",
  "departments.kind": "kind",
  usersQuery:
    "SELECT r.id, r.loginid, r.lastname, r.mobile, r.email, r.workcode, j.jobtitlename, r.departmentid, r.status FROM HrmResource r LEFT JOIN HrmJobTitles j ON j.id = r.jobtitle WHERE r.loginid IS NOT NULL AND r.loginid <> ''",
  "users.id": "id",
  "users.account": "loginid",
  "users.name": "lastname",
  "users.mobile": "mobile",
  "users.email": "email",
  "users.employeeNo": "workcode",
  "users.position": "jobtitlename",
  "users.mainDeptId": "departmentid",
  "users.active": "status",
  "users.activeValues": "0, 1, 2, 3",
};

export const SQL_PRESETS = { generic: GENERIC, "weaver-ecology": WEAVER_ECOLOGY } as const satisfies Record<string, FormValues>;
export type SqlPresetName = keyof typeof SQL_PRESETS;
export const SQL_PRESET_NAMES = Object.keys(SQL_PRESETS) as SqlPresetName[];
export const SQL_GENERIC_PRESET = SQL_PRESETS.generic;

export const sqlPresetOf = (name: string | undefined): SqlPresetName | undefined => SQL_PRESET_NAMES.find((p) => p === name);
