import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { DEFAULT_DEPTS, DEFAULT_PEOPLE, oaDepartments, oaUsers } from "./oa-data.ts";
import { freePort, ownerOf, runOrThrow, startServer, tempDirFor } from "./db-server.ts";

/** Debian's postgresql (scripts/setup.mjs installs it): the newest /usr/lib/postgresql/<n>/bin. */
export function postgresBin(): string {
  if (process.env.POSTGRES_BIN) return process.env.POSTGRES_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((v) => join(root, v, "bin")).find((b) => existsSync(join(b, "postgres")));
  if (!found) throw new Error("PostgreSQL is not installed (no /usr/lib/postgresql/<n>/bin/postgres): apt-get install postgresql (scripts/setup.mjs does)");
  return found;
}

export type RunningPostgres = {
  port: number;
  /** The read-only role's URL, without its password. */
  url: string;
  password: string;
  /** The tables' owner, which may write: for proving the read-only transaction holds. */
  writerUrl: string;
  writerPassword: string;
  /** The superuser over the server's socket, for the test's own changes. */
  admin: pg.Client;
  stop(): Promise<void>;
};

/**
 * A PostgreSQL server in a temporary folder on a free loopback port, run as the `postgres` user
 * (it refuses root), holding database `oa` with the generated tables, a read-only role
 * `oa_reader`, and a function `oa_touch()` that writes. Stopped by stop() or at exit.
 */
export async function startPostgres(opts: { people?: number; depts?: number } = {}): Promise<RunningPostgres> {
  const bin = postgresBin();
  const owner = ownerOf("postgres");
  const dir = tempDirFor(owner, "oa-postgres-");
  const data = join(dir, "data");
  runOrThrow(join(bin, "initdb"), ["-D", data, "-U", "admin", "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"], "initdb", owner.user);
  const port = await freePort();
  const server = await startServer(join(bin, "postgres"), ["-D", data, "-p", String(port), "-k", dir, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"], port, dir, "postgres", owner.user);
  let admin: pg.Client | undefined;
  try {
    admin = await connectAdmin(dir, port, "postgres");
    await admin.query("CREATE DATABASE oa");
    await admin.end();
    admin = await connectAdmin(dir, port, "oa");
    await loadSchema(admin, opts.people ?? DEFAULT_PEOPLE, opts.depts ?? DEFAULT_DEPTS);
  } catch (e) {
    await admin?.end().catch(() => {});
    await server.stop();
    throw e;
  }
  const conn = admin;
  return {
    port,
    url: `postgres://oa_reader@127.0.0.1:${port}/oa`,
    password: "读者-pw-1",
    writerUrl: `postgres://oa_writer@127.0.0.1:${port}/oa`,
    writerPassword: "writer-pw-2",
    admin: conn,
    async stop() {
      await conn.end().catch(() => {});
      await server.stop();
    },
  };
}

async function connectAdmin(dir: string, port: number, database: string): Promise<pg.Client> {
  // The server may accept TCP a moment before its socket is ready for logins: retry briefly.
  for (let i = 0; ; i++) {
    const c = new pg.Client({ host: dir, port, user: "admin", database });
    try {
      await c.connect();
      return c;
    } catch (e) {
      if (i > 50) throw e;
      await Bun.sleep(100);
    }
  }
}

async function loadSchema(db: pg.Client, people: number, depts: number) {
  await db.query(`
    CREATE ROLE oa_writer LOGIN PASSWORD 'writer-pw-2';
    CREATE ROLE oa_reader LOGIN PASSWORD '读者-pw-1';
    CREATE SCHEMA org AUTHORIZATION oa_writer;
    SET ROLE oa_writer;
    CREATE TABLE org.org_dept (id INT PRIMARY KEY, parent_id INT NULL, name VARCHAR(100) NOT NULL, sort_no INT NOT NULL DEFAULT 0);
    CREATE TABLE org.org_user (id INT PRIMARY KEY, login_name VARCHAR(64) NOT NULL UNIQUE, real_name VARCHAR(64) NOT NULL,
      mobile VARCHAR(20) NULL, email VARCHAR(100) NULL, emp_no VARCHAR(20) NOT NULL, title VARCHAR(40) NULL,
      dept_id INT NOT NULL, part_depts VARCHAR(200) NULL, status SMALLINT NOT NULL DEFAULT 1);
    CREATE TABLE org.audit_touch (at TIMESTAMPTZ NOT NULL);
    CREATE FUNCTION org.oa_touch() RETURNS INT LANGUAGE SQL AS $$ INSERT INTO org.audit_touch VALUES (now()); SELECT 1; $$;
    RESET ROLE;
    GRANT USAGE ON SCHEMA org TO oa_reader;
    GRANT SELECT ON ALL TABLES IN SCHEMA org TO oa_reader;
    ALTER ROLE oa_reader SET search_path = org, public;
    ALTER ROLE oa_writer SET search_path = org, public;
  `);
  const insert = async (table: string, rows: readonly (readonly unknown[])[]) => {
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = rows.slice(i, i + 1000);
      const width = batch[0]?.length ?? 0;
      const values = batch.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(",")})`).join(",");
      await db.query(`INSERT INTO org.${table} VALUES ${values}`, batch.flat());
    }
  };
  await insert("org_dept", oaDepartments(depts));
  await insert("org_user", oaUsers(people, depts));
}

