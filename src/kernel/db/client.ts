import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { checkDatabaseFile, startFsError } from "../start-error.ts";

export type Db = LibSQLDatabase<Record<string, never>>;
/** A transaction, or the database itself: what every store function takes. */
export type Conn = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

export type Database = { db: Db; client: Client; file: string | undefined; close(): void };

const BUSY_TIMEOUT_MS = 5000;

/**
 * The database holds sealed secrets, hashes and the whole organisation: like master.key it is
 * readable by its owner only. SQLite gives the -wal and -shm files the mode of the database file,
 * so creating that one 0600 first covers all three; files of an older start are tightened.
 */
function ownerOnly(file: string) {
  try {
    mkdirSync(dirname(file), { recursive: true });
    // Before creating or chmod-ing anything: a folder named as the file must keep its mode.
    checkDatabaseFile(file);
    if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
  } catch (e) {
    throw startFsError(e, `DATABASE_URL (file:${file})`, file, "make it (and its folder) writable by the user the bridge runs as, or point DATABASE_URL elsewhere.");
  }
}

/** Opens the database: an embedded file (WAL, busy timeout) or a libSQL server by URL. */
export async function openDatabase(url: string, authToken?: string): Promise<Database> {
  const file = url.startsWith("file:") ? url.slice("file:".length) : undefined;
  if (file) ownerOnly(file);
  // `timeout` is applied to every pooled connection, so concurrent writers wait instead of failing.
  const client = createClient({ url, authToken, timeout: BUSY_TIMEOUT_MS } as Parameters<typeof createClient>[0]);
  // WAL with the default synchronous = FULL: a pragma here reaches only the pool's first
  // connection, and an accepted message must survive a power cut whichever connection wrote it.
  if (file) await client.execute("PRAGMA journal_mode = WAL");
  const db = drizzle(client) as Db;
  return { db, client, file, close: () => client.close() };
}

/**
 * Lets the event loop turn between the batches of a long bulk write. The embedded driver
 * (libsql-js) frees a prepared statement's native memory in a finalizer that only runs on an
 * event-loop turn, and its calls complete synchronously, so a loop of awaited writes never
 * gives it one: a 100k-person pull written in one go held ~800 MB, with a turn every 1,000
 * changes ~320 MB. The turn also lets the server answer requests during the write.
 */
export const eventLoopTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Runs `work` in one write transaction; it commits when `work` resolves and rolls back when it throws. */
export function inTransaction<T>(db: Db, work: (tx: Conn) => Promise<T>): Promise<T> {
  return db.transaction(work, { behavior: "immediate" });
}
