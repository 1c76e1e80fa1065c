import { AppError } from "../../kernel/errors.ts";
import type { OaDept, OaUser } from "../contract.ts";
import { DEFAULT_INACTIVE_VALUES, mapDept, mapUser } from "../http/map.ts";
import type { SqlOaSettings } from "./settings.ts";

type Row = Record<string, unknown>;
type Mapping = object;

const DEPT_KEYS = ["id", "parentId", "name", "order", "kind"] as const;
const USER_KEYS = ["id", "account", "name", "mobile", "email", "employeeNo", "position", "mainDeptId", "partTimeDeptIds", "active"] as const;

/** Throws OA_SQL_COLUMN_MISSING for the first mapped column the result lacks. */
export function checkColumns(columns: string[], mapping: object, keys: readonly string[], query: string): void {
  for (const field of keys) {
    const column = (mapping as Record<string, unknown>)[field];
    if (typeof column === "string" && !columns.includes(column)) {
      throw new AppError("OA_SQL_COLUMN_MISSING", { query, column, field, columns: columns.join(", ") || "-" });
    }
  }
}

/** One value as the http mapper takes it: text, numbers and booleans as they are; anything else as text. */
function plain(v: unknown): unknown {
  if (v === null || v === undefined || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "bigint") return String(v);
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
  return String(v);
}

/** The row under the field names (so a column called `a.b` is read as it is, not as a path). */
function byField(row: Row, mapping: Mapping, keys: readonly string[]): Row {
  const out: Row = {};
  for (const k of keys) {
    const column = (mapping as Record<string, unknown>)[k];
    if (typeof column === "string") out[k] = plain(row[column]);
  }
  return out;
}

const identity = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, k])) as unknown as Record<K, string>;

export function rowToDept(row: Row, s: SqlOaSettings, n: number): OaDept {
  const fields = byField(row, s.departments, DEPT_KEYS);
  return mapDept(fields, identity(DEPT_KEYS), { apiPath: "departmentsQuery", at: `row ${n}` });
}

export function rowToUser(row: Row, s: SqlOaSettings, n: number): OaUser {
  const u = s.users;
  const fields = byField(row, u, USER_KEYS);
  const part = fields.partTimeDeptIds;
  if (typeof part === "string") fields.partTimeDeptIds = part.split(u.partTimeSeparator ?? ",").map((p) => p.trim());
  const mapping: Record<string, string | undefined> = {};
  for (const k of USER_KEYS) if (u[k] !== undefined && k !== "active") mapping[k] = k;
  const user = mapUser(fields, { id: "id", account: "account", name: "name", ...mapping }, { apiPath: "usersQuery", at: `row ${n}` });
  if (u.active !== undefined) {
    const v = fields.active;
    const text = v === null || v === undefined ? undefined : String(v).trim().toLowerCase();
    const listed = (values: readonly string[]) => text !== undefined && values.some((a) => a.trim().toLowerCase() === text);
    // activeValues: only those are active; otherwise anything but the inactive values (and no value) is.
    user.active = u.activeValues ? listed(u.activeValues) : !listed(u.inactiveValues ?? DEFAULT_INACTIVE_VALUES);
  }
  return user;
}

export const DEPT_FIELDS = DEPT_KEYS;
export const USER_FIELDS = USER_KEYS;
