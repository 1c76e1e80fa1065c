import { and, eq, lt } from "drizzle-orm";
import type { Conn } from "../../kernel/db/client.ts";
import { CALLBACK_MAX_SKEW_SECONDS } from "../../welink/index.ts";
import { callbackReplay } from "../schema.ts";

const SKEW_MS = CALLBACK_MAX_SKEW_SECONDS * 1000;

/**
 * Records a sealed callback as seen; false when it was seen before (a replay). The insert is the
 * check, so two processes on one database receiving the same body cannot both apply it. A row
 * lives until the callback's timestamp is stale (after which the freshness check refuses it
 * anyway); expired rows are cleared here, so the table holds at most an hour of callbacks.
 */
export async function firstSighting(db: Conn, tenantId: string, digest: string, timestampMs: number, now: number): Promise<boolean> {
  await db.delete(callbackReplay).where(lt(callbackReplay.expiresAt, now));
  const inserted = await db.insert(callbackReplay).values({ tenantId, digest, expiresAt: Math.max(now, timestampMs) + SKEW_MS })
    .onConflictDoNothing().returning({ digest: callbackReplay.digest });
  return inserted.length === 1;
}

/** Forgets a callback whose application failed, so WeLink's retry of the same body is applied. */
export const forgetSighting = (db: Conn, tenantId: string, digest: string) =>
  db.delete(callbackReplay).where(and(eq(callbackReplay.tenantId, tenantId), eq(callbackReplay.digest, digest)));
