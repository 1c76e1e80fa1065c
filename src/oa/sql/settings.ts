import { z } from "zod";
import { queryProblem } from "./guard.ts";
import type { Dialect } from "./rows.ts";

export type { Dialect };

/**
 * Settings of the OA's own database as a source: where it is, one SELECT for departments and one
 * for people, and which result column is which field. The password is not here: it is a secret,
 * stored sealed apart from the settings (a URL that carries one is refused, so it never shows).
 */
const Column = z.string().trim().min(1).max(128);

const DbUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => /^(mysql|mariadb|postgres|postgresql):\/\/[^/?#]+\/[^/?#]+$/.test(v) && URL.canParse(v), {
    message: "mysql://user@host:3306/database or postgres://user@host:5432/database",
    params: { word: "sql.err.url" },
  })
  .refine((v) => !URL.canParse(v) || new URL(v).password === "", { message: "put the password in the password field, not in the URL", params: { word: "sql.err.urlPassword" } })
  .refine((v) => !URL.canParse(v) || new URL(v).username !== "", { message: "the URL needs a user name: mysql://user@host/database", params: { word: "sql.err.urlUser" } });

const Query = z.string().trim().min(1).max(20_000);

/** `kind`: a column whose value branch, subcompany, true or 1 marks an OA branch (分部), as in the http adapter. */
export const SqlDeptColumns = z.object({ id: Column, parentId: Column, name: Column, order: Column.optional(), kind: Column.optional() });

export const SqlUserColumns = z.object({
  id: Column,
  account: Column,
  name: Column,
  mobile: Column.optional(),
  email: Column.optional(),
  employeeNo: Column.optional(),
  position: Column.optional(),
  mainDeptId: Column.optional(),
  /** Ids in one text, split on `partTimeSeparator` (default ","). */
  partTimeDeptIds: Column.optional(),
  partTimeSeparator: z.string().min(1).max(5).optional(),
  /** Missing: everyone is active. */
  active: Column.optional(),
  /** Values of `active` that mean active (compared as lowercase text); when set, anything else is inactive. */
  activeValues: z.array(z.string()).min(1).optional(),
  /** Otherwise: values that mean inactive (default 0, false, no, inactive, disabled, left). */
  inactiveValues: z.array(z.string()).optional(),
});

export const SqlOaSettings = z.object({
  url: DbUrl,
  departmentsQuery: Query,
  usersQuery: Query,
  departments: SqlDeptColumns,
  users: SqlUserColumns,
  /** Each query runs with this statement timeout, in a read-only transaction. */
  statementTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
  connectTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  /** Rows per page handed on (and per cursor fetch): never the whole result in memory. */
  pageSize: z.number().int().min(1).max(10_000).default(1_000),
}).superRefine((s, ctx) => {
  // Refused when saved, in the URL's dialect; the connector checks again before every run.
  for (const name of ["departmentsQuery", "usersQuery"] as const) {
    const problem = queryProblem(s[name], dialectOf(s.url), name);
    // The catalog error rides along, so the admin shows it in its own language.
    if (problem) ctx.addIssue({ code: "custom", path: [name], message: problem.message, params: { error: problem } });
  }
});
export type SqlOaSettings = z.infer<typeof SqlOaSettings>;

export const SqlOaSecrets = z.object({ password: z.string().min(1).max(1000).optional() });
export type SqlOaSecrets = z.infer<typeof SqlOaSecrets>;

export const dialectOf = (url: string): Dialect => (/^(mysql|mariadb):/.test(url) ? "mysql" : "postgres");

/** Where to connect, read from the URL (which holds no password). */
export function endpointOf(url: string) {
  const u = new URL(url);
  const dialect = dialectOf(url);
  return {
    dialect,
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : dialect === "mysql" ? 3306 : 5432,
    user: decodeURIComponent(u.username),
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}
