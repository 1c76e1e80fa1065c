import { and, asc, count, eq, getTableColumns, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Conn } from "../../kernel/db/client.ts";
import type { PlanAction } from "./types.ts";
import { pushItems } from "../schema.ts";

/** Reads of a push run's stored plan (push_items) for the API and the admin; the runner writes them. */
export type PushItemRow = typeof pushItems.$inferSelect;
export type ItemState = PushItemRow["state"];
/** `dept`: items the admin's tree hangs under this key (see `treeParent`), `writeback` saying how the run's tree is keyed. */
export type PlanFilter = { action?: PlanAction; object?: "dept" | "user"; state?: ItemState; parentOaId?: string; dept?: string; writeback?: boolean; text?: string };

/** Prefix of a tree key that is the WeLink code of a department the write-back creates (it has no OA id when planned); an OA id that began with it would be taken for one. */
export const NEW_DEPT_KEY = "welink:";

/**
 * Where the admin's tree hangs an item: under its OA parent. A write-back item whose department
 * the plan creates has no OA parent yet, only that department's WeLink code in `desired`
 * (`parent` of a department, `mainDept` of a person), and hangs under it. A push's `desired`
 * holds WeLink refs that are not its tree, so a push stays keyed by OA ids alone.
 */
export const treeParent = (writeback: boolean): SQL<string | null> =>
  writeback
    ? sql<string | null>`coalesce(${pushItems.parentOaId}, ${NEW_DEPT_KEY} || json_extract(${pushItems.desired}, '$.parent.deptCode'), ${NEW_DEPT_KEY} || json_extract(${pushItems.desired}, '$.mainDept.deptCode'))`
    : sql<string | null>`${pushItems.parentOaId}`;

function whereOf(runId: string, f: PlanFilter): SQL {
  const w: SQL[] = [eq(pushItems.runId, runId)];
  if (f.action) w.push(eq(pushItems.action, f.action));
  if (f.object) w.push(eq(pushItems.object, f.object));
  if (f.state) w.push(eq(pushItems.state, f.state));
  // Text finds a name or either id; LIKE's wildcards in it are taken literally.
  if (f.text) {
    const like = `%${f.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    w.push(sql`(${pushItems.name} LIKE ${like} ESCAPE '\\' OR ${pushItems.oaId} LIKE ${like} ESCAPE '\\' OR ${pushItems.welinkId} LIKE ${like} ESCAPE '\\')`);
  }
  if (f.parentOaId !== undefined) w.push(f.parentOaId === "" ? isNull(pushItems.parentOaId) : eq(pushItems.parentOaId, f.parentOaId));
  if (f.dept !== undefined) {
    const parent = treeParent(f.writeback ?? false);
    w.push(f.dept === "" ? sql`${parent} is null` : sql`${parent} = ${f.dept}`);
  }
  return and(...w)!;
}

export const listItems = (db: Conn, runId: string, f: PlanFilter, limit: number, offset: number) =>
  db.select().from(pushItems).where(whereOf(runId, f)).orderBy(asc(pushItems.seq)).limit(limit).offset(offset);

export const countItems = async (db: Conn, runId: string, f: PlanFilter) =>
  (await db.select({ n: count() }).from(pushItems).where(whereOf(runId, f)))[0]?.n ?? 0;

/** Items per object and action over the whole run (one grouped query, whatever the plan's size). */
export const countsByAction = (db: Conn, runId: string) =>
  db.select({ object: pushItems.object, action: pushItems.action, n: count() }).from(pushItems).where(eq(pushItems.runId, runId)).groupBy(pushItems.object, pushItems.action);

export type TreeItemRow = PushItemRow & { treeParent: string | null };
const withTreeParent = (writeback: boolean) => ({ ...getTableColumns(pushItems), treeParent: treeParent(writeback) });

/** Every department item of the run, in plan order (a directory has far fewer departments than people). */
export const deptItems = (db: Conn, runId: string, writeback: boolean): Promise<TreeItemRow[]> =>
  db.select(withTreeParent(writeback)).from(pushItems).where(and(eq(pushItems.runId, runId), eq(pushItems.object, "dept"))).orderBy(asc(pushItems.seq));

/** People items, at most `perDept` per tree department and `max` in all (the tree's page stays small on a 100k plan). */
export async function peopleItemsCapped(db: Conn, runId: string, o: { perDept: number; max: number; writeback: boolean }): Promise<TreeItemRow[]> {
  const ranked = db.$with("ranked").as(
    db.select({ seq: pushItems.seq, rank: sql<number>`row_number() over (partition by ${treeParent(o.writeback)} order by ${pushItems.seq})`.as("rank") })
      .from(pushItems).where(and(eq(pushItems.runId, runId), eq(pushItems.object, "user"))),
  );
  const picked = await db.with(ranked).select({ seq: ranked.seq }).from(ranked).where(lte(ranked.rank, o.perDept)).orderBy(asc(ranked.seq)).limit(o.max);
  if (picked.length === 0) return [];
  const seqs = picked.map((p) => p.seq);
  const rows: TreeItemRow[] = [];
  for (let i = 0; i < seqs.length; i += 1000) {
    const part = seqs.slice(i, i + 1000);
    rows.push(...(await db.select(withTreeParent(o.writeback)).from(pushItems).where(and(eq(pushItems.runId, runId), sql`${pushItems.seq} in (${sql.join(part.map((s) => sql`${s}`), sql`, `)})`))));
  }
  return rows.sort((a, b) => a.seq - b.seq);
}

/** How many people each tree department has in the plan (null = none). */
export function peopleCountsByDept(db: Conn, runId: string, writeback: boolean) {
  const parent = treeParent(writeback);
  return db.select({ treeParent: parent, n: count() }).from(pushItems).where(and(eq(pushItems.runId, runId), eq(pushItems.object, "user"))).groupBy(parent);
}
