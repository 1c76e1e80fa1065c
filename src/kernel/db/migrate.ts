import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { migrate } from "drizzle-orm/libsql/migrator";
import { migrationsFolder } from "../embedded.ts";
import type { Db } from "./client.ts";

/** Applies every migration not yet applied; safe to call on every start. */
export async function applyMigrations(db: Db, folder = migrationsFolder()): Promise<void> {
  await migrate(db, { migrationsFolder: folder });
}

type Journal = { entries: { idx: number; when: number; tag: string }[] };

/** The migrations shipped with this build, and how many of them the database has applied. */
export async function migrationStatus(db: Db, folder = migrationsFolder()) {
  const journal = JSON.parse(readFileSync(join(folder, "meta/_journal.json"), "utf8")) as Journal;
  const latest = journal.entries.at(-1)?.when ?? 0;
  let applied = 0;
  let appliedLatest = 0;
  try {
    const rows = await db.all<{ n: number; latest: number | null }>(
      sql`SELECT count(*) AS n, max(created_at) AS latest FROM __drizzle_migrations`,
    );
    applied = Number(rows[0]?.n ?? 0);
    appliedLatest = Number(rows[0]?.latest ?? 0);
  } catch {
    // no migrations table yet: nothing applied
  }
  return { shipped: journal.entries.length, applied, current: appliedLatest >= latest && applied >= journal.entries.length };
}
