import { afterEach, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "../../src/kernel/db/client.ts";
import { applyMigrations, migrationStatus } from "../../src/kernel/db/migrate.ts";

let dir: string;
let database: Database | undefined;
afterEach(() => {
  database?.close();
  rmSync(dir, { recursive: true, force: true });
});

test("migrations apply to an empty database, twice without harm, and report current", async () => {
  dir = mkdtempSync(join(tmpdir(), "wlb-mig-"));
  database = await openDatabase(`file:${join(dir, "x.db")}`);
  expect((await migrationStatus(database.db)).current).toBe(false);
  await applyMigrations(database.db);
  const first = await migrationStatus(database.db);
  await applyMigrations(database.db);
  const second = await migrationStatus(database.db);
  expect(first.current).toBe(true);
  expect(second).toEqual(first);
  const tables = await database.db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`);
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["tenants", "api_tokens", "admin_users", "audit_log"]));
});

test("a file database runs in WAL mode with a busy timeout", async () => {
  dir = mkdtempSync(join(tmpdir(), "wlb-mig-"));
  database = await openDatabase(`file:${join(dir, "x.db")}`);
  expect((await database.client.execute("PRAGMA journal_mode")).rows[0]?.[0]).toBe("wal");
  expect(Number((await database.client.execute("PRAGMA busy_timeout")).rows[0]?.[0])).toBeGreaterThanOrEqual(1000);
});

test("every table carries tenant_id or hangs off a row that does", async () => {
  dir = mkdtempSync(join(tmpdir(), "wlb-mig-"));
  database = await openDatabase(`file:${join(dir, "x.db")}`);
  await applyMigrations(database.db);
  // Installation-level tables, not tenant data.
  // signing_keys: installation-wide handoff keys (the token audience names the tenant).
  const exempt = new Set(["tenants", "bridge_meta", "__drizzle_migrations", "admin_sessions", "signing_keys"]);
  const tables = await database.db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  for (const { name } of tables) {
    if (exempt.has(name)) continue;
    const cols = await database.db.all<{ name: string }>(sql`SELECT name FROM pragma_table_info(${name})`);
    expect({ table: name, tenant: cols.some((c) => c.name === "tenant_id") }).toEqual({ table: name, tenant: true });
  }
});

test("the database file and its -wal and -shm are readable by the owner only, even under a lax umask", async () => {
  dir = mkdtempSync(join(tmpdir(), "wlb-mig-"));
  const file = join(dir, "data", "bridge.db");
  const old = process.umask(0o022);
  try {
    database = await openDatabase(`file:${file}`);
    await applyMigrations(database.db);
  } finally {
    process.umask(old);
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) expect({ f, mode: statSync(f).mode & 0o777 }).toEqual({ f, mode: 0o600 });
});

test("a database file left world-readable by an older start is tightened when opened", async () => {
  dir = mkdtempSync(join(tmpdir(), "wlb-mig-"));
  const file = join(dir, "bridge.db");
  writeFileSync(file, "", { mode: 0o644 });
  chmodSync(file, 0o644);
  database = await openDatabase(`file:${file}`);
  await applyMigrations(database.db);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
});
