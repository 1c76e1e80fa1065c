import { and, eq, inArray } from "drizzle-orm";
import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import { syncRuns } from "../../directory/index.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { type Conn, inTransaction } from "../../kernel/db/client.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { corpRowOf } from "../../corps/index.ts";
import { pushSettings } from "../schema.ts";
import { DEFAULT_FIELD_MAPPING } from "../to-welink/types.ts";

/**
 * Per corp, which way the organisation flows: OA → WeLink (push, the default) or WeLink → OA
 * (write-back), never both for the same objects. Kept on the corp's push settings row; a switch
 * is refused while a run of either kind is in flight, and audited.
 */

export const DIRECTIONS = ["to-welink", "to-oa"] as const;
export type Direction = (typeof DIRECTIONS)[number];

export async function directionOf(db: Conn, corpId: string): Promise<Direction> {
  const row = (await db.select({ direction: pushSettings.direction }).from(pushSettings).where(eq(pushSettings.corpId, corpId)))[0];
  return row?.direction ?? "to-welink";
}

/** Refuses a run that goes the other way than the corp's direction. */
export async function requireDirection(db: Conn, corpId: string, want: Direction): Promise<void> {
  if ((await directionOf(db, corpId)) === want) return;
  throw new AppError("SYNC_DIRECTION_OTHER", want === "to-oa" ? { variant: "writeback" } : {});
}

const inFlight = async (db: Conn, corpId: string) =>
  (await db.select({ kind: syncRuns.kind }).from(syncRuns)
    .where(and(eq(syncRuns.corpId, corpId), eq(syncRuns.status, "running"), inArray(syncRuns.kind, ["push", "writeback"]))).limit(1))[0];

export async function setDirection(deps: Deps, ctx: Ctx, corpId: string, direction: Direction): Promise<{ direction: Direction }> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const corp = await corpRowOf(tx, ctx, corpId);
    const running = await inFlight(tx, corp.id);
    if (running) throw errors.conflict("SYNC_DIRECTION_BUSY", { runKind: running.kind as "push" | "writeback" });
    const before = await directionOf(tx, corp.id);
    if (before === direction) return { direction };
    // A corp that never saved push settings gets the same defaults a read of them shows.
    await tx.insert(pushSettings)
      .values({ corpId: corp.id, tenantId: corp.tenantId, fieldMapping: JSON.stringify(DEFAULT_FIELD_MAPPING), decreaseThreshold: 50, direction, updatedAt: now })
      .onConflictDoUpdate({ target: pushSettings.corpId, set: { direction, updatedAt: now } });
    await recordAudit(tx, now, ctx, { action: "sync.direction.update", target: `corp:${corp.id}`, before: { direction: before }, after: { direction } });
    return { direction };
  });
}

export async function getDirection(deps: Deps, ctx: Ctx, corpId: string): Promise<{ direction: Direction }> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  return { direction: await directionOf(deps.db, corp.id) };
}
