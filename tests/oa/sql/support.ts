import { LOCAL_NET } from "../../../src/kernel/net-policy.ts";
import { afterAll, beforeAll } from "bun:test";
import type { OaConnector } from "../../../src/oa/contract.ts";
import { AppError } from "../../../src/kernel/errors.ts";
import { createSqlConnector } from "../../../src/oa/sql/connector.ts";
import { SqlOaSettings } from "../../../src/oa/sql/settings.ts";
import { startMariaDb, type RunningMariaDb } from "../../helpers/mariadb.ts";
import { OA_QUERIES } from "../../helpers/oa-data.ts";
import { startPostgres, type RunningPostgres } from "../../helpers/postgres.ts";

export type Db = { name: "MariaDB" | "PostgreSQL"; url: string; password: string; writerUrl: string; writerPassword: string; port: number; sleep: string };
export const PEOPLE = 3000;
export const DEPTS = 60;

/** Both real servers, started once for the file and stopped after it (a failing start fails the file). */
export function bothServers(): Db[] {
  const dbs: Db[] = [];
  let maria: RunningMariaDb | undefined;
  let postgres: RunningPostgres | undefined;
  beforeAll(async () => {
    [maria, postgres] = await Promise.all([startMariaDb({ people: PEOPLE, depts: DEPTS }), startPostgres({ people: PEOPLE, depts: DEPTS })]);
    dbs.push(
      { name: "MariaDB", ...pick(maria), sleep: "SELECT SLEEP(5) AS id" },
      { name: "PostgreSQL", ...pick(postgres), sleep: "SELECT pg_sleep(5) AS id" },
    );
  }, 120_000);
  afterAll(async () => {
    await Promise.all([maria?.stop(), postgres?.stop()]);
  });
  return dbs;
}

const pick = (s: RunningMariaDb | RunningPostgres) => ({ url: s.url, password: s.password, writerUrl: s.writerUrl, writerPassword: s.writerPassword, port: s.port });

export const settingsFor = (db: Db, extra: Record<string, unknown> = {}) => ({ url: db.url, ...OA_QUERIES, pageSize: 500, ...extra });

export const connect = (db: Db, extra: Record<string, unknown> = {}, password: string | undefined = db.password): OaConnector =>
  createSqlConnector(SqlOaSettings.parse(settingsFor(db, extra)), { password }, LOCAL_NET);

export async function all<T>(pages: AsyncIterable<T[]>): Promise<{ items: T[]; sizes: number[] }> {
  const items: T[] = [];
  const sizes: number[] = [];
  for await (const page of pages) {
    sizes.push(page.length);
    items.push(...page);
  }
  return { items, sizes };
}

/** The AppError a promise rejects with (fails the test when it resolves or throws something else). */
export async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw new Error(`expected an AppError, got ${String(e)}`);
  }
  throw new Error("expected a failure, it succeeded");
}
