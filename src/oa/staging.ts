import { and, eq, sql } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import type { OaDept, OaUser } from "./contract.ts";
import { toUserRow } from "./store.ts";
import { oaDepartments, oaDepartmentsStaged, oaUsers, oaUsersStaged } from "./schema.ts";

/*
 * The staging area of a refresh: pages are written here as they arrive, then one statement per
 * table swaps (full) or merges (changes) them into the snapshot. Nothing of a refresh is held in
 * memory beyond one page, and the snapshot changes only in that last transaction.
 */

export type Stage = { tenantId: string; refreshId: string };

// Rows per statement. A page travels as one JSON text read by json_each, so every statement has
// three bound values and one small plan: a multi-row VALUES list of a few thousand parameters
// costs native memory per statement (about 1 MB for 500 people) that is freed only when the
// JavaScript side collects it, which grew a 100k refresh by ~200 MB.
const ROWS_PER_INSERT = 1000;

const USER_COLUMNS = sql.raw("id, account, name, mobile, email, employee_no, position, main_dept_id, part_time_dept_ids, active");
const DEPT_COLUMNS = sql.raw(`id, parent_id, name, "order", kind`);
const field = (name: string) => sql.raw(`json_extract(value, '$.${name}')`);

type Table = "oa_departments_staged" | "oa_users_staged";

/** Ids of `ids` already staged (a full listing that names one twice is a bad answer). */
async function alreadyStaged(db: Conn, s: Stage, table: Table, ids: string[]): Promise<string | undefined> {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  const hits = await db.all<{ id: string }>(
    sql`SELECT id FROM ${sql.raw(table)} WHERE refresh_id = ${s.refreshId} AND id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) LIMIT 1`,
  );
  return hits[0]?.id;
}

/**
 * Stages one page. `unique`: a second row with an id already staged is refused (its id is
 * returned, nothing written); otherwise the later row wins (a change listed twice).
 */
export async function stageDepartments(db: Conn, s: Stage, depts: OaDept[], unique: boolean): Promise<string | undefined> {
  for (let i = 0; i < depts.length; i += ROWS_PER_INSERT) {
    const part = depts.slice(i, i + ROWS_PER_INSERT);
    if (unique) {
      const twice = await alreadyStaged(db, s, "oa_departments_staged", part.map((d) => d.id));
      if (twice !== undefined) return twice;
    }
    const rows = JSON.stringify(part.map((d) => ({ id: d.id, parentId: d.parentId, name: d.name, order: d.order, kind: d.kind ?? null })));
    await db.run(sql`INSERT INTO oa_departments_staged (tenant_id, refresh_id, ${DEPT_COLUMNS})
      SELECT ${s.tenantId}, ${s.refreshId}, ${field("id")}, ${field("parentId")}, ${field("name")}, ${field("order")}, ${field("kind")} FROM json_each(${rows}) WHERE true
      ON CONFLICT (refresh_id, id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, "order" = excluded."order", kind = excluded.kind`);
  }
  return undefined;
}

export async function stageUsers(db: Conn, s: Stage, users: OaUser[], unique: boolean): Promise<string | undefined> {
  for (let i = 0; i < users.length; i += ROWS_PER_INSERT) {
    const part = users.slice(i, i + ROWS_PER_INSERT);
    if (unique) {
      const twice = await alreadyStaged(db, s, "oa_users_staged", part.map((u) => u.id));
      if (twice !== undefined) return twice;
    }
    // The store's row mapping (part-time ids as JSON text, active as 0 / 1), as one JSON text.
    const rows = JSON.stringify(part.map((u) => ({ ...toUserRow(s.tenantId, u), active: u.active ? 1 : 0 })));
    await db.run(sql`INSERT INTO oa_users_staged (tenant_id, refresh_id, ${USER_COLUMNS})
      SELECT ${s.tenantId}, ${s.refreshId}, ${field("id")}, ${field("account")}, ${field("name")}, ${field("mobile")}, ${field("email")},
        ${field("employeeNo")}, ${field("position")}, ${field("mainDeptId")}, ${field("partTimeDeptIds")}, ${field("active")} FROM json_each(${rows}) WHERE true
      ON CONFLICT (refresh_id, id) DO UPDATE SET account = excluded.account, name = excluded.name, mobile = excluded.mobile, email = excluded.email,
        employee_no = excluded.employee_no, position = excluded.position, main_dept_id = excluded.main_dept_id,
        part_time_dept_ids = excluded.part_time_dept_ids, active = excluded.active`);
  }
  return undefined;
}

/** Full refresh: the snapshot becomes exactly what was staged. Call inside a transaction. */
export async function swapIn(tx: Conn, s: Stage): Promise<void> {
  await tx.delete(oaDepartments).where(eq(oaDepartments.tenantId, s.tenantId));
  await tx.delete(oaUsers).where(eq(oaUsers.tenantId, s.tenantId));
  await mergeIn(tx, s);
}

/** Changes-only refresh: staged rows replace the snapshot's rows of the same id; others stay. Call inside a transaction. */
export async function mergeIn(tx: Conn, s: Stage): Promise<void> {
  await tx.run(sql`INSERT INTO oa_departments (tenant_id, ${DEPT_COLUMNS}) SELECT tenant_id, ${DEPT_COLUMNS} FROM oa_departments_staged
    WHERE tenant_id = ${s.tenantId} AND refresh_id = ${s.refreshId}
    ON CONFLICT (tenant_id, id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, "order" = excluded."order", kind = excluded.kind`);
  await tx.run(sql`INSERT INTO oa_users (tenant_id, ${USER_COLUMNS}) SELECT tenant_id, ${USER_COLUMNS} FROM oa_users_staged
    WHERE tenant_id = ${s.tenantId} AND refresh_id = ${s.refreshId}
    ON CONFLICT (tenant_id, id) DO UPDATE SET account = excluded.account, name = excluded.name, mobile = excluded.mobile, email = excluded.email,
      employee_no = excluded.employee_no, position = excluded.position, main_dept_id = excluded.main_dept_id,
      part_time_dept_ids = excluded.part_time_dept_ids, active = excluded.active`);
  await dropStaged(tx, s);
}

export async function dropStaged(db: Conn, s: Stage): Promise<void> {
  await db.delete(oaDepartmentsStaged).where(and(eq(oaDepartmentsStaged.tenantId, s.tenantId), eq(oaDepartmentsStaged.refreshId, s.refreshId)));
  await db.delete(oaUsersStaged).where(and(eq(oaUsersStaged.tenantId, s.tenantId), eq(oaUsersStaged.refreshId, s.refreshId)));
}

/** At start: what refreshes of an earlier process left staged (none of it reached the snapshot). */
export async function dropAllStaged(db: Conn): Promise<void> {
  await db.delete(oaDepartmentsStaged);
  await db.delete(oaUsersStaged);
}
