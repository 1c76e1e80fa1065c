import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import { newId } from "../kernel/ids.ts";
import { bindingReviews } from "./schema.ts";

export type ReviewRow = typeof bindingReviews.$inferSelect;
export type NewReview = { tenantId: string; corpId: string; welinkUserId: string; field: string; candidates: string[] };

export const findReview = async (db: Conn, tenantId: string, id: string) =>
  (await db.select().from(bindingReviews).where(and(eq(bindingReviews.id, id), eq(bindingReviews.tenantId, tenantId))))[0];

export const listOpenReviewRows = (db: Conn, corpId: string, limit: number, offset: number) =>
  db
    .select()
    .from(bindingReviews)
    .where(and(eq(bindingReviews.corpId, corpId), isNull(bindingReviews.resolvedAt)))
    .orderBy(asc(bindingReviews.createdAt), asc(bindingReviews.id))
    .limit(limit)
    .offset(offset);

export const countOpenReviews = async (db: Conn, corpId: string) =>
  (await db.$count(bindingReviews, and(eq(bindingReviews.corpId, corpId), isNull(bindingReviews.resolvedAt)))) as number;

/** The person's latest review, open or resolved. */
const latestReview = async (db: Conn, corpId: string, welinkUserId: string) =>
  (
    await db
      .select()
      .from(bindingReviews)
      .where(and(eq(bindingReviews.corpId, corpId), eq(bindingReviews.welinkUserId, welinkUserId)))
      .orderBy(desc(bindingReviews.createdAt))
      .limit(1)
  )[0];

const sameCandidates = (json: string, ids: string[]) => JSON.stringify([...(JSON.parse(json) as string[])].sort()) === JSON.stringify([...ids].sort());

/**
 * Puts a person in the review queue, once: an open review gets the newest candidates, and a
 * dismissed one is not reopened while the candidates stay the same (the admin already said no).
 * Returns whether the queue changed.
 */
export async function queueReview(db: Conn, now: number, r: NewReview): Promise<boolean> {
  const last = await latestReview(db, r.corpId, r.welinkUserId);
  if (last && last.resolvedAt === null) {
    if (sameCandidates(last.candidates, r.candidates) && last.field === r.field) return false;
    await db.update(bindingReviews).set({ field: r.field, candidates: JSON.stringify(r.candidates) }).where(eq(bindingReviews.id, last.id));
    return true;
  }
  if (last?.resolution === "dismissed" && sameCandidates(last.candidates, r.candidates)) return false;
  await db.insert(bindingReviews).values({ id: newId(), ...r, candidates: JSON.stringify(r.candidates), createdAt: now });
  return true;
}

export const resolveReviewRow = (db: Conn, id: string, set: { resolvedAt: number; resolution: "bound" | "dismissed"; resolvedBy: string }) =>
  db.update(bindingReviews).set(set).where(and(eq(bindingReviews.id, id), isNull(bindingReviews.resolvedAt)));

/** A binding made any other way settles the person's open review. */
export const closeOpenReviewsOf = (db: Conn, corpId: string, welinkUserId: string, set: { resolvedAt: number; resolvedBy: string }) =>
  db
    .update(bindingReviews)
    .set({ ...set, resolution: "bound" })
    .where(and(eq(bindingReviews.corpId, corpId), eq(bindingReviews.welinkUserId, welinkUserId), isNull(bindingReviews.resolvedAt)));
