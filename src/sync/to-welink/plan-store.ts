import { and, asc, count, eq, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { Conn } from "../../kernel/db/client.ts";
import type { PlanAction } from "./types.ts";
import { pushItems } from "../schema.ts";

/** Reads of a push run's stored plan (push_items) for the API and the admin; the runner writes them. */
export type PushItemRow = typeof pushItems.$inferSelect;
export type ItemState = PushItemRow["state"];
export type PlanFilter = { action?: PlanAction; object?: "dept" | "user"; state?: ItemState; parentOaId?: string; text?: string };

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
  return and(...w)!;
}

export const listItems = (db: Conn, runId: string, f: PlanFilter, limit: number, offset: number) =>
  db.select().from(pushItems).where(whereOf(runId, f)).orderBy(asc(pushItems.seq)).limit(limit).offset(offset);

export const countItems = async (db: Conn, runId: string, f: PlanFilter) =>
  (await db.select({ n: count() }).from(pushItems).where(whereOf(runId, f)))[0]?.n ?? 0;

/** Items per object and action over the whole run (one grouped query, whatever the plan's size). */
export const countsByAction = (db: Conn, runId: string) =>
  db.select({ object: pushItems.object, action: pushItems.action, n: count() }).from(pushItems).where(eq(pushItems.runId, runId)).groupBy(pushItems.object, pushItems.action);

/** Every department item of the run, in plan order (a directory has far fewer departments than people). */
export const deptItems = (db: Conn, runId: string) =>
  db.select().from(pushItems).where(and(eq(pushItems.runId, runId), eq(pushItems.object, "dept"))).orderBy(asc(pushItems.seq));

/** People items, at most `perDept` per main department and `max` in all (the tree's page stays small on a 100k plan). */
export async function peopleItemsCapped(db: Conn, runId: string, perDept: number, max: number): Promise<PushItemRow[]> {
  const ranked = db.$with("ranked").as(
    db.select({ seq: pushItems.seq, rank: sql<number>`row_number() over (partition by ${pushItems.parentOaId} order by ${pushItems.seq})`.as("rank") })
      .from(pushItems).where(and(eq(pushItems.runId, runId), eq(pushItems.object, "user"))),
  );
  const picked = await db.with(ranked).select({ seq: ranked.seq }).from(ranked).where(lte(ranked.rank, perDept)).orderBy(asc(ranked.seq)).limit(max);
  if (picked.length === 0) return [];
  const seqs = picked.map((p) => p.seq);
  const rows: PushItemRow[] = [];
  for (let i = 0; i < seqs.length; i += 1000) {
    const part = seqs.slice(i, i + 1000);
    rows.push(...(await db.select().from(pushItems).where(and(eq(pushItems.runId, runId), sql`${pushItems.seq} in (${sql.join(part.map((s) => sql`${s}`), sql`, `)})`))));
  }
  return rows.sort((a, b) => a.seq - b.seq);
}

/** How many people each main department has in the plan (null = no OA department). */
export const peopleCountsByDept = (db: Conn, runId: string) =>
  db.select({ parentOaId: pushItems.parentOaId, n: count() }).from(pushItems)
    .where(and(eq(pushItems.runId, runId), eq(pushItems.object, "user"))).groupBy(pushItems.parentOaId);
