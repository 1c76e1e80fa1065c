import { createConnection, type Connection } from "mysql2/promise";
import { join } from "node:path";
import { DEFAULT_DEPTS, DEFAULT_PEOPLE, oaDepartments, oaUsers } from "./oa-data.ts";
import { freePort, ownerOf, runOrThrow, startServer, tempDirFor } from "./db-server.ts";

/** Debian's mariadb-server (scripts/setup.mjs installs it). */
export const MARIADBD = process.env.MARIADBD_PATH ?? "/usr/sbin/mariadbd";
const INSTALL_DB = "/usr/bin/mariadb-install-db";

export type RunningMariaDb = {
  port: number;
  /** The read-only user's URL, without its password (the connector keeps that as a secret). */
  url: string;
  password: string;
  /** A user that may write (owner of the tables), for proving the read-only transaction holds. */
  writerUrl: string;
  writerPassword: string;
  /** root over the server's socket, for the test's own changes. */
  admin: Connection;
  stop(): Promise<void>;
};

/**
 * A MariaDB server in a temporary folder on a free loopback port, run as the `mysql` user,
 * holding database `oa` with the generated org_dept / org_user tables, a read-only user
 * `oa_reader` and a function `oa_touch()` that writes. Stopped by stop() or at exit.
 */
export async function startMariaDb(opts: { people?: number; depts?: number } = {}): Promise<RunningMariaDb> {
  const owner = ownerOf("mysql");
  const dir = tempDirFor(owner, "oa-mariadb-");
  const data = join(dir, "data");
  const socket = join(dir, "mysqld.sock");
  runOrThrow(INSTALL_DB, ["--no-defaults", `--datadir=${data}`, "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve", "--user=mysql"], "mariadb-install-db", owner.user);
  const port = await freePort();
  const server = await startServer(MARIADBD, [
    "--no-defaults", `--datadir=${data}`, `--socket=${socket}`, `--port=${port}`, "--bind-address=127.0.0.1",
    `--pid-file=${join(dir, "mysqld.pid")}`, "--skip-name-resolve", "--innodb-buffer-pool-size=64M", "--log-error=" + join(dir, "error.log"),
  ], port, dir, "mariadbd", owner.user);
  let admin: Connection | undefined;
  try {
    admin = await createConnection({ socketPath: socket, user: "root", multipleStatements: true, charset: "utf8mb4" });
    await loadSchema(admin, opts.people ?? DEFAULT_PEOPLE, opts.depts ?? DEFAULT_DEPTS);
  } catch (e) {
    await admin?.end().catch(() => {});
    await server.stop();
    throw e;
  }
  const conn = admin;
  return {
    port,
    url: `mysql://oa_reader@127.0.0.1:${port}/oa`,
    password: "读者-pw-1",
    writerUrl: `mysql://oa_writer@127.0.0.1:${port}/oa`,
    writerPassword: "writer-pw-2",
    admin: conn,
    async stop() {
      await conn.end().catch(() => {});
      await server.stop();
    },
  };
}

async function loadSchema(db: Connection, people: number, depts: number) {
  await db.query(`
    CREATE DATABASE oa CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    USE oa;
    CREATE TABLE org_dept (id INT PRIMARY KEY, parent_id INT NULL, name VARCHAR(100) NOT NULL, sort_no INT NOT NULL DEFAULT 0);
    CREATE TABLE org_user (id INT PRIMARY KEY, login_name VARCHAR(64) NOT NULL UNIQUE, real_name VARCHAR(64) NOT NULL,
      mobile VARCHAR(20) NULL, email VARCHAR(100) NULL, emp_no VARCHAR(20) NOT NULL, title VARCHAR(40) NULL,
      dept_id INT NOT NULL, part_depts VARCHAR(200) NULL, status TINYINT NOT NULL DEFAULT 1);
    CREATE TABLE audit_touch (at DATETIME NOT NULL);
    CREATE FUNCTION oa_touch() RETURNS INT MODIFIES SQL DATA BEGIN INSERT INTO audit_touch VALUES (NOW()); RETURN 1; END;
    CREATE USER 'oa_reader'@'%' IDENTIFIED BY '读者-pw-1';
    GRANT SELECT ON oa.* TO 'oa_reader'@'%';
    CREATE USER 'oa_writer'@'%' IDENTIFIED BY 'writer-pw-2';
    GRANT ALL ON oa.* TO 'oa_writer'@'%';
  `);
  for (const [table, rows] of [["org_dept", oaDepartments(depts)], ["org_user", oaUsers(people, depts)]] as const) {
    for (let i = 0; i < rows.length; i += 2000) await db.query(`INSERT INTO ${table} VALUES ?`, [rows.slice(i, i + 2000)]);
  }
}
