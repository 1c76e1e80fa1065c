import { Parser } from "node-sql-parser";
import { AppError } from "../../kernel/errors.ts";
import type { Dialect } from "./rows.ts";

const parser = new Parser();
// The parser's MySQL grammar first (its MariaDB one trips on a bare column called `status`), then MariaDB's.
const GRAMMARS: Record<Dialect, string[]> = { mysql: ["MySQL", "MariaDB"], postgres: ["PostgresQL"] };

function astOf(sql: string, dialect: Dialect): Ast | Ast[] {
  let first: unknown;
  for (const database of GRAMMARS[dialect]) {
    try {
      return parser.astify(sql, { database }) as Ast | Ast[];
    } catch (e) {
      first ??= e;
    }
  }
  throw first;
}

type Ast = { type?: unknown; into?: { expr?: unknown; position?: unknown } | null; locking_read?: unknown };

/**
 * Why `sql` may not run, or undefined when it is exactly one SELECT (or WITH … SELECT) that
 * neither writes (SELECT … INTO) nor locks (FOR UPDATE). Read by node-sql-parser, not by
 * patterns: a statement it cannot read is refused. The read-only transaction is the second wall
 * (a function that writes is only caught there).
 */
export function queryProblem(sql: string, dialect: Dialect, query: string): AppError | undefined {
  let parsed: Ast | Ast[];
  try {
    parsed = astOf(sql, dialect);
  } catch (e) {
    const message = (e as Error).message.slice(0, 300);
    return new AppError("OA_SQL_NOT_SELECT", { variant: "unreadable", query, message });
  }
  const statements = (Array.isArray(parsed) ? parsed : [parsed]).filter((s) => s && s.type !== undefined);
  if (statements.length !== 1) return new AppError("OA_SQL_NOT_SELECT", { variant: "several", query, count: statements.length });
  const [one] = statements as [Ast];
  if (one.type !== "select") return new AppError("OA_SQL_NOT_SELECT", { query, statement: String(one.type).toUpperCase() });
  if (one.into && (one.into.expr || one.into.position)) return new AppError("OA_SQL_NOT_SELECT", { variant: "into", query });
  if (one.locking_read) return new AppError("OA_SQL_NOT_SELECT", { variant: "locking", query });
  return undefined;
}

/** The statement as sent: the checked text, without a trailing semicolon. */
export function checkedQuery(sql: string, dialect: Dialect, query: string): string {
  const problem = queryProblem(sql, dialect, query);
  if (problem) throw problem;
  return sql.trim().replace(/;\s*$/, "");
}
