/**
 * An attempt is counted before the send: a bridge that dies after WeLink took a card but before
 * the answer was written leaves a log that says so (attempts = sends), not "1 attempt" under a
 * card delivered twice. A front server before the sandbox sees each card call arrive, reads the
 * database at that moment, and can hold the answer forever (as a killed bridge never reads it).
 */
import { afterEach, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { getMessageLog } from "../../src/messages/delivery-log.ts";
import { deliveries, deliveryAttempts } from "../../src/messages/schema.ts";
import { reasonText } from "../../src/messages/reason-text.tsx";
import { INTERRUPTED_REASON } from "../../src/messages/transitions.ts";
import { STALE_CLAIM_MS } from "../../src/messages/dispatch-claim.ts";
import { messagesOf } from "../../src/sandbox/welink/messages-store.ts";
import { systemCtx } from "../../src/kernel/actor.ts";
import { clientOf } from "../welink/support.ts";
import { insertMessage, startDispatchWorld, wid, type DispatchWorld } from "./dispatch-support.ts";

let w: DispatchWorld | undefined;
let front: ReturnType<typeof Bun.serve> | undefined;
afterEach(() => {
  front?.stop(true);
  w?.close();
  w = front = undefined;
});

type Seen = { attempts: number[]; attemptRows: { ok: boolean; error: string | null }[] };

/** Forwards to the sandbox; on each card call first reads the deliveries, and holds the answer of the first when told to. */
function frontOf(w: DispatchWorld, o: { holdFirst: boolean }) {
  const seen: Seen[] = [];
  let release = () => {};
  const held = new Promise<void>((r) => (release = r));
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      const card = url.pathname === "/api/messages/v2/card/common";
      if (card) {
        const ds = await w.h.deps.db.select().from(deliveries);
        const as = await w.h.deps.db.select().from(deliveryAttempts);
        seen.push({ attempts: ds.map((d) => d.attempts), attemptRows: as.map((a) => ({ ok: a.ok, error: a.error })) });
      }
      const answer = await fetch(`${w.rs.baseUrl}${url.pathname}${url.search}`, { method: req.method, headers: req.headers, body: req.body && (await req.arrayBuffer()) });
      const body = await answer.arrayBuffer();
      if (card && o.holdFirst && seen.length === 1) await held;
      return new Response(body, { status: answer.status, headers: answer.headers });
    },
  });
  const client = clientOf({ ...w.rs, baseUrl: `http://127.0.0.1:${server.port}` });
  return { server, seen, release, clientFor: async () => ({ client, appName: "OA" }) };
}

test("when WeLink sees a card, its deliveries already count the attempt; the answer fills in the same attempt row", async () => {
  w = await startDispatchWorld(3);
  await insertMessage(w, { users: [wid(1), wid(2), wid(3)] });
  const f = frontOf(w, { holdFirst: false });
  front = f.server;
  expect(await w.dispatch({ clientFor: f.clientFor })).toMatchObject({ sent: 3 });
  expect(f.seen).toEqual([{ attempts: [1, 1, 1], attemptRows: Array(3).fill({ ok: false, error: INTERRUPTED_REASON }) }]);
  const ds = await w.h.deps.db.select().from(deliveries);
  expect(ds.map((d) => [d.status, d.attempts, d.firstAttemptAt])).toEqual(Array(3).fill(["sent", 1, w.clock.now()]));
  const as = await w.h.deps.db.select().from(deliveryAttempts);
  expect(as.map((a) => [a.ok, a.error])).toEqual(Array(3).fill([true, null]));
});

test("a send whose answer never comes (the bridge died) is taken again after the stale claim: 2 sends, 2 attempts, the first said interrupted", async () => {
  w = await startDispatchWorld(1);
  const { messageId } = await insertMessage(w, { users: [wid(1)] });
  const f = frontOf(w, { holdFirst: true });
  front = f.server;
  // Worker A sends and never hears back; after the stale-claim time worker B takes the card again.
  const dying = w.dispatch({ clientFor: f.clientFor, workerId: "A" });
  for (let i = 0; i < 200 && f.seen.length === 0; i++) await Bun.sleep(20);
  w.clock.advance(STALE_CLAIM_MS + 1000);
  expect(await w.dispatch({ clientFor: f.clientFor, workerId: "B" })).toMatchObject({ claimed: 1, sent: 1 });

  expect(messagesOf(w.rs.sb, wid(1)).length).toBe(2); // at least once: WeLink got the card twice
  const [d] = await w.h.deps.db.select().from(deliveries).where(eq(deliveries.messageId, messageId));
  expect(d).toMatchObject({ status: "sent", attempts: 2 });
  const log = await getMessageLog(w.h.deps, systemCtx({ id: w.tenantId, slug: "default" }), messageId);
  const attempts = log.deliveries[0]!.attemptLog;
  expect(attempts.map((a) => [a.ok, a.error])).toEqual([[false, INTERRUPTED_REASON], [true, null]]);
  expect(reasonText("zh-CN", INTERRUPTED_REASON).sentence).toBe("这次尝试进行中桥接服务停止了，WeLink 可能已经收到");
  expect(reasonText("en", INTERRUPTED_REASON)).toEqual({ sentence: "The bridge stopped during this attempt; WeLink may have received it" });

  // A's late answer fills in its own attempt (it was sent) without touching B's newer state.
  f.release();
  await dying;
  expect((await w.h.deps.db.select().from(deliveries))[0]).toMatchObject({ status: "sent", attempts: 2 });
  expect((await w.h.deps.db.select().from(deliveryAttempts)).map((a) => a.ok)).toEqual([true, true]);
});
