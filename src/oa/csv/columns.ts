import { csvErrors } from "./errors.ts";

/**
 * The columns each kind of file may have, by every header an OA export is known to write.
 * Headers are matched loosely (see `headerKey`); unknown columns are ignored, so a full OA
 * export, or a result file with its `line` and `reason` columns, can be uploaded as it is.
 */
type ColumnSpec = { required: boolean; headers: string[] };

export const DEPARTMENT_COLUMNS = {
  path: { required: true, headers: ["部门路径", "部门", "path", "department", "dept_path", "department_path"] },
  order: { required: false, headers: ["排序", "排序号", "顺序", "order", "sort"] },
} satisfies Record<string, ColumnSpec>;

export const USER_COLUMNS = {
  // The OA's immutable person id, never the employee number (工号) or the account.
  id: { required: true, headers: ["人员ID", "用户ID", "员工ID", "ID", "user_id", "userid", "person_id"] },
  account: { required: true, headers: ["账号", "帐号", "登录名", "登录账号", "account", "login", "login_name", "username"] },
  name: { required: true, headers: ["姓名", "name", "full_name"] },
  department: { required: true, headers: ["部门路径", "部门", "主部门", "所属部门", "department", "dept", "dept_path", "department_path"] },
  mobile: { required: false, headers: ["手机", "手机号", "手机号码", "mobile", "mobile_phone", "cellphone"] },
  email: { required: false, headers: ["邮箱", "电子邮箱", "邮件", "email", "mail"] },
  employeeNo: { required: false, headers: ["工号", "员工编号", "employee_no", "employee_number", "employee_id"] },
  position: { required: false, headers: ["职位", "岗位", "职务", "position", "title", "job_title"] },
  partTime: { required: false, headers: ["兼职部门", "part_time", "part_time_departments", "part_time_depts"] },
  active: { required: false, headers: ["状态", "在职状态", "active", "status"] },
} satisfies Record<string, ColumnSpec>;

/** The columns this bridge adds to a result file; dropped when such a file comes back. */
export const RESULT_COLUMNS = ["line", "reason"];

/**
 * Loose header matching: full-width forms folded (NFKC), case, spaces, `_` and `-` ignored, and
 * the marks templates add (`*姓名`, `手机(选填)`) stripped.
 */
export function headerKey(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\(.*?\)|\[.*?\]/g, "")
    .replace(/[\s_*\-]/g, "");
}

export type ColumnMap<K extends string> = { [F in K]?: number };

/** Where each known field is in the header; refuses a file missing a required column or naming a field twice. */
export function mapColumns<K extends string>(specs: Record<K, ColumnSpec>, header: string[]): ColumnMap<K> {
  const byKey = new Map<string, K>();
  for (const field of Object.keys(specs) as K[]) for (const h of specs[field].headers) byKey.set(headerKey(h), field);
  const map: ColumnMap<K> = {};
  const seen = new Map<K, string[]>();
  header.forEach((h, index) => {
    const field = byKey.get(headerKey(h));
    if (field === undefined) return;
    seen.set(field, [...(seen.get(field) ?? []), h]);
    map[field] ??= index;
  });
  for (const [field, headers] of seen) if (headers.length > 1) throw csvErrors.duplicateColumn(field, headers);
  const missing = (Object.keys(specs) as K[]).filter((f) => specs[f].required && map[f] === undefined);
  if (missing.length) {
    const expected = (Object.keys(specs) as K[])
      .map((f) => `${f}${specs[f].required ? "" : " (optional)"}: ${specs[f].headers.join(" | ")}`)
      .join("; ");
    throw csvErrors.missingColumns(missing.map((f) => `${f} (${specs[f].headers.slice(0, 2).join("/")})`), header, expected);
  }
  return map;
}

/** The trimmed value of a field in a record ("" when the column is absent or the row is short). */
export const valueOf = <K extends string>(map: ColumnMap<K>, fields: string[], field: K): string => {
  const i = map[field];
  return i === undefined ? "" : (fields[i] ?? "").trim();
};
