import { and, eq, inArray, sql } from "drizzle-orm";
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

// SQLite allows 32766 bound values per statement; stay well below it.
const ROWS_PER_INSERT = 500;

const USER_COLUMNS = sql.raw("id, account, name, mobile, email, employee_no, position, main_dept_id, part_time_dept_ids, active");
const DEPT_COLUMNS = sql.raw(`id, parent_id, name, "order"`);

const userRow = (s: Stage, u: OaUser) => ({ ...toUserRow(s.tenantId, u), refreshId: s.refreshId });

/** Ids of `ids` already staged (a full listing that names one twice is a bad answer). */
async function alreadyStaged(db: Conn, s: Stage, table: typeof oaDepartmentsStaged | typeof oaUsersStaged, ids: string[]): Promise<string | undefined> {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  const [hit] = await db.select({ id: table.id }).from(table).where(and(eq(table.refreshId, s.refreshId), inArray(table.id, ids))).limit(1);
  return hit?.id;
}

/**
 * Stages one page. `unique`: a second row with an id already staged is refused (its id is
 * returned, nothing written); otherwise the later row wins (a change listed twice).
 */
export async function stageDepartments(db: Conn, s: Stage, depts: OaDept[], unique: boolean): Promise<string | undefined> {
  for (let i = 0; i < depts.length; i += ROWS_PER_INSERT) {
    const part = depts.slice(i, i + ROWS_PER_INSERT);
    if (unique) {
      const twice = await alreadyStaged(db, s, oaDepartmentsStaged, part.map((d) => d.id));
      if (twice !== undefined) return twice;
    }
    const rows = part.map((d) => ({ ...s, id: d.id, parentId: d.parentId, name: d.name, order: d.order }));
    await db.insert(oaDepartmentsStaged).values(rows).onConflictDoUpdate({
      target: [oaDepartmentsStaged.refreshId, oaDepartmentsStaged.id],
      set: { parentId: sql`excluded.parent_id`, name: sql`excluded.name`, order: sql`excluded."order"` },
    });
  }
  return undefined;
}

export async function stageUsers(db: Conn, s: Stage, users: OaUser[], unique: boolean): Promise<string | undefined> {
  for (let i = 0; i < users.length; i += ROWS_PER_INSERT) {
    const part = users.slice(i, i + ROWS_PER_INSERT);
    if (unique) {
      const twice = await alreadyStaged(db, s, oaUsersStaged, part.map((u) => u.id));
      if (twice !== undefined) return twice;
    }
    await db.insert(oaUsersStaged).values(part.map((u) => userRow(s, u))).onConflictDoUpdate({
      target: [oaUsersStaged.refreshId, oaUsersStaged.id],
      set: Object.fromEntries(
        ["account", "name", "mobile", "email", "employee_no", "position", "main_dept_id", "part_time_dept_ids", "active"].map((c) => [camel(c), sql.raw(`excluded.${c}`)]),
      ),
    });
  }
  return undefined;
}

const camel = (c: string) => c.replace(/_(\w)/g, (_, x: string) => x.toUpperCase());

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
    ON CONFLICT (tenant_id, id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, "order" = excluded."order"`);
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
