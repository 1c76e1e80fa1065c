/**
 * An OA-like directory generated for the database helpers: departments with parent ids and
 * Chinese names, people with account, name, mobile, e-mail, employee no, title, status, main
 * department and part-time departments (";"-separated, as many OAs keep them).
 */
export type OaDeptRow = [id: number, parentId: number | null, name: string, sortNo: number];
export type OaUserRow = [
  id: number, loginName: string, realName: string, mobile: string | null, email: string | null,
  empNo: string, title: string | null, deptId: number, partDepts: string | null, status: number,
];

const UNITS = ["总部", "研发中心", "市场部", "销售部", "财务部", "人力资源部", "行政部", "法务部", "采购部", "客服中心", "生产部", "质量部"];
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛"];
const TITLES = ["工程师", "经理", "专员", "主管", "总监", null];

export function oaDepartments(count: number): OaDeptRow[] {
  const rows: OaDeptRow[] = [];
  for (let i = 1; i <= count; i++) {
    const parent = i === 1 ? null : Math.floor((i - 2) / 5) + 1;
    rows.push([i, parent, i === 1 ? "示例集团" : `${UNITS[i % UNITS.length]}${i}组`, i * 10]);
  }
  return rows;
}

/** Every 25th person has left (status 0); every 10th has two part-time departments. */
export function oaUsers(count: number, depts: number): OaUserRow[] {
  const rows: OaUserRow[] = [];
  for (let i = 1; i <= count; i++) {
    const dept = (i % depts) + 1;
    const part = i % 10 === 0 ? `${((i + 1) % depts) + 1};${((i + 2) % depts) + 1}` : null;
    const name = `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}${GIVEN[(i * 7) % GIVEN.length]}`;
    rows.push([i, `user${i}`, name, i % 7 === 0 ? null : `138${String(i).padStart(8, "0")}`, `user${i}@oa.example.cn`, `E${String(i).padStart(6, "0")}`, TITLES[i % TITLES.length] ?? null, dept, part, i % 25 === 0 ? 0 : 1]);
  }
  return rows;
}

export const DEPT_COLUMNS = "id, parent_id, name, sort_no";
export const USER_COLUMNS = "id, login_name, real_name, mobile, email, emp_no, title, dept_id, part_depts, status";

/** The mapping an OA admin would type for these tables (the connector's column names). */
export const OA_QUERIES = {
  departmentsQuery: "SELECT id, parent_id, name, sort_no FROM org_dept",
  usersQuery: "SELECT u.id, u.login_name, u.real_name, u.mobile, u.email, u.emp_no, u.title, u.dept_id, u.part_depts, u.status FROM org_user u ORDER BY u.id",
  departments: { id: "id", parentId: "parent_id", name: "name", order: "sort_no" },
  users: {
    id: "id", account: "login_name", name: "real_name", mobile: "mobile", email: "email", employeeNo: "emp_no",
    position: "title", mainDeptId: "dept_id", partTimeDeptIds: "part_depts", partTimeSeparator: ";", active: "status", activeValues: ["1"],
  },
};

export const DEFAULT_PEOPLE = Number(process.env.OA_DB_PEOPLE ?? 3000);
export const DEFAULT_DEPTS = 60;
