import { sql } from "drizzle-orm";
import type { Deps } from "../deps.ts";
import { type Db, eventLoopTurn, inTransaction } from "../kernel/db/client.ts";
import { purgeIdempotencyKeys } from "./idempotency.ts";

const DAY_MS = 86_400_000;
/** Messages removed per transaction: small enough that intake never waits long behind the job. */
const BATCH = 500;

/**
 * Removes messages received before `before` with their deliveries and attempts, in batches. A
 * message with a delivery still pending or sending is kept whatever its age: nothing queued is
 * ever pruned. (An OA replaying a pruned message later makes a new one: intake's idempotency
 * reaches back as far as the retention.)
 */
export async function pruneMessages(db: Db, before: number): Promise<number> {
  let removed = 0;
  for (;;) {
    const n = await inTransaction(db, async (tx) => {
      const ids = await tx.all<{ id: string }>(sql`
        SELECT m.id FROM messages m WHERE m.received_at < ${before}
          AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.message_id = m.id AND d.status IN ('pending', 'sending'))
        LIMIT ${BATCH}`);
      if (ids.length === 0) return 0;
      const list = sql.join(ids.map((r) => sql`${r.id}`), sql`, `);
      await tx.run(sql`DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE message_id IN (${list}))`);
      await tx.run(sql`DELETE FROM deliveries WHERE message_id IN (${list})`);
      await tx.run(sql`DELETE FROM messages WHERE id IN (${list})`);
      return ids.length;
    });
    removed += n;
    if (n < BATCH) return removed;
    await eventLoopTurn();
  }
}

/** Daily at 03:30 (bridge time zone): messages past MESSAGE_RETENTION_DAYS; hourly: Idempotency-Key answers past 7 days. */
export function registerMessageJobs(deps: Deps): void {
  deps.scheduler.set("messages:prune", "30 3 * * *", async () => {
    const removed = await pruneMessages(deps.db, deps.clock.now() - deps.config.messageRetentionDays * DAY_MS);
    deps.log.info("messages pruned", { removed, retentionDays: deps.config.messageRetentionDays });
  });
  deps.scheduler.set("idempotency-keys:purge", "15 * * * *", async () => {
    const removed = await purgeIdempotencyKeys(deps.db, deps.clock.now());
    if (removed > 0) deps.log.info("idempotency keys purged", { removed });
  });
}
