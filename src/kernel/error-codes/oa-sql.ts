import type { CodeTable } from "./types.ts";

/**
 * The OA's own database as a source (src/oa/sql): what went wrong, in words an admin can act on.
 * `{query}` is the setting's name (departmentsQuery / usersQuery); `{url}` never holds a password.
 */
export const OA_SQL_CODES = {
  OA_SQL_UNREACHABLE: {
    status: 502,
    retryable: true,
    zh: "无法连接到 OA 数据库（{url}）：{reason}。请检查地址、端口和数据库名，以及桥接服务所在的机器能否访问它。",
    en: "The OA's database at {url} cannot be reached ({reason}). Check the host, port and database name, and that the bridge can reach it.",
  },
  OA_SQL_AUTH_FAILED: {
    status: 502,
    zh: "OA 数据库拒绝了用户 {user} 的登录（数据库的提示：“{message}”）。请核对连接地址中的用户名和密码栏中的密码。",
    en: "The OA's database refused user {user} (the database says: “{message}”). Check the user name in the URL and the password.",
  },
  OA_SQL_BAD_QUERY: {
    status: 502,
    zh: "OA 数据库无法执行 {query}（数据库的提示：“{message}”）。请修改这条查询。",
    en: "The OA's database could not run {query} (the database says: “{message}”). Correct the query.",
  },
  OA_SQL_COLUMN_MISSING: {
    status: 502,
    zh: "{query} 的结果中没有映射到“{field}”的列 {column}；结果中的列有：{columns}。请修改查询或字段映射。",
    en: "The result of {query} has no column {column} (mapped to “{field}”); its columns are: {columns}. Correct the query or the mapping.",
  },
  OA_SQL_TIMEOUT: {
    status: 502,
    retryable: true,
    zh: "{query} 在 {ms} 毫秒内没有执行完，已被数据库中止。请优化查询（如加索引），或在连接设置中调大语句超时。",
    en: "{query} did not finish within {ms} ms and the database stopped it. Make the query faster (e.g. an index) or raise the statement timeout.",
  },
  OA_SQL_WRITE_REFUSED: {
    status: 422,
    zh: "{query} 试图写入数据库，只读事务拒绝了它（数据库的提示：“{message}”）。桥接服务只读取 OA 数据库：请只查询，不要调用会写数据的函数。",
    en: "{query} tried to write and the read-only transaction refused it (the database says: “{message}”). The bridge only reads the OA's database: query, do not call functions that write.",
  },
  OA_SQL_NOT_SELECT: {
    status: 422,
    zh: "{query} 不是一条 SELECT 语句（读到的是 {statement}）。桥接服务只接受一条只读的 SELECT（或 WITH … SELECT）。",
    en: "{query} is not a SELECT statement (it is {statement}). The bridge accepts one read-only SELECT (or WITH … SELECT) only.",
    variants: {
      unreadable: {
        zh: "无法解析 {query}（解析器的提示：“{message}”）。桥接服务只接受一条它能读懂的只读 SELECT 语句。",
        en: "{query} could not be read (the parser says: “{message}”). The bridge accepts one read-only SELECT it can read.",
      },
      several: {
        zh: "{query} 包含 {count} 条语句。只接受一条 SELECT：请去掉分号后的其他语句。",
        en: "{query} holds {count} statements. Only one SELECT is accepted: remove the others after the semicolon.",
      },
      into: {
        zh: "{query} 使用了 SELECT … INTO，它会写入数据。请去掉 INTO 子句。",
        en: "{query} uses SELECT … INTO, which writes. Remove the INTO clause.",
      },
      locking: {
        zh: "{query} 使用了 FOR UPDATE / FOR SHARE 等锁定读取，会锁住 OA 的数据。请去掉锁定子句。",
        en: "{query} uses a locking read (FOR UPDATE / FOR SHARE), which would lock the OA's rows. Remove it.",
      },
    },
  },
} as const satisfies CodeTable;
