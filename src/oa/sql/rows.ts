/** A page of rows as a source reads them, with the result's column names (known even when empty). */
export type RowBatch = { columns: string[]; rows: Record<string, unknown>[] };

/** How a source reads one checked SELECT: in a read-only transaction, streamed in pages. */
export type RowReader = (sql: string, query: string) => AsyncIterable<RowBatch>;

export type Endpoint = { host: string; port: number; user: string; database: string; password: string | undefined };
export type Limits = { statementTimeoutMs: number; connectTimeoutMs: number; pageSize: number };
export type Dialect = "mysql" | "postgres";
