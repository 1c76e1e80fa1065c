import { sql } from "drizzle-orm";
import { type Db, inTransaction } from "../kernel/db/client.ts";

/** A claim older than this belongs to a worker that died: the row is taken again. */
export const STALE_CLAIM_MS = 60_000;

export type ClaimedDelivery = {
  id: string;
  tenantId: string;
  messageId: string;
  corpId: string;
  appId: string;
  type: "notification" | "todo" | "card";
  oaUserId: string;
  welinkUserId: string | null;
  attempts: number;
  firstAttemptAt: number | null;
  todoKey: string | null;
  seq: number;
};

/**
 * Claims up to `limit` due deliveries for `workerId` in one write transaction. A todo operation
 * waits while an earlier one of the same todo (same person, or any person when either affects
 * everyone: update, delete) is pending or sending, so retries never reorder a todo.
 */
export async function claimDeliveries(db: Db, o: { now: number; workerId: string; limit: number }): Promise<ClaimedDelivery[]> {
  const stale = o.now - STALE_CLAIM_MS;
  return inTransaction(db, async (tx) => {
    const due = await tx.all<{ id: string }>(sql`
      SELECT d.id FROM deliveries d JOIN messages m ON m.id = d.message_id
      WHERE ((d.status = 'pending' AND coalesce(d.next_attempt_at, 0) <= ${o.now})
          OR (d.status = 'sending' AND coalesce(d.claimed_at, 0) < ${stale}))
        AND (d.type <> 'todo' OR d.todo_key IS NULL OR NOT EXISTS (
          SELECT 1 FROM deliveries e JOIN messages em ON em.id = e.message_id
          WHERE e.todo_key = d.todo_key AND e.tenant_id = d.tenant_id AND e.app_id = d.app_id AND e.type = 'todo'
            AND e.seq < d.seq AND e.status IN ('pending', 'sending')
            AND (e.welink_user_id = d.welink_user_id OR em.kind IN ('update', 'delete') OR m.kind IN ('update', 'delete'))))
      ORDER BY d.created_at, d.seq
      LIMIT ${o.limit}`);
    if (due.length === 0) return [];
    const ids = due.map((r) => r.id);
    const idList = sql.join(ids.map((id) => sql`${id}`), sql`, `);
    return tx.all<ClaimedDelivery>(sql`
      UPDATE deliveries SET status = 'sending', claimed_at = ${o.now}, claimed_by = ${o.workerId}
      WHERE id IN (${idList})
      RETURNING id, tenant_id AS tenantId, message_id AS messageId, corp_id AS corpId, app_id AS appId, type,
        oa_user_id AS oaUserId, welink_user_id AS welinkUserId, attempts, first_attempt_at AS firstAttemptAt,
        todo_key AS todoKey, seq`);
  });
}
