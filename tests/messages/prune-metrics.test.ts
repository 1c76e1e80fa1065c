import { afterEach, describe, expect, test } from "bun:test";
import { pruneMessages } from "../../src/messages/prune.ts";
import { purgeIdempotencyKeys } from "../../src/messages/idempotency.ts";
import { insertMessage, startDispatchWorld, wid, type DispatchWorld } from "./dispatch-support.ts";
import { rows } from "./intake-support.ts";

let w: DispatchWorld;
afterEach(() => w?.close());
const DAY = 86_400_000;
const count = async (table: string) => Number((await rows(w, `SELECT count(*) AS n FROM ${table}`))[0]!.n);

describe("retention", () => {
  test("finished messages older than the cut-off go with their deliveries and attempts; queued or recent ones stay", async () => {
    w = await startDispatchWorld(2);
    const old = await insertMessage(w, { users: [wid(1), wid(2)] });
    await w.dispatch();
    const oldQueued = await insertMessage(w, { users: [wid(1)] }); // still pending: never pruned
    w.clock.advance(100 * DAY);
    const recent = await insertMessage(w, { users: [wid(1)] });
    await w.dispatch({ batchSize: 1 }); // sends oldQueued only (created first)
    await w.h.deps.db.run(`UPDATE deliveries SET status = 'pending' WHERE message_id = '${oldQueued.messageId}'`);
    expect(await count("delivery_attempts")).toBe(3);

    expect(await pruneMessages(w.h.deps.db, w.clock.now() - 90 * DAY)).toBe(1);
    const left = (await rows(w, "SELECT id FROM messages ORDER BY received_at")).map((r) => r.id);
    expect(left).toEqual([oldQueued.messageId, recent.messageId]);
    expect((await rows(w, "SELECT DISTINCT message_id AS m FROM deliveries")).map((r) => r.m).sort()).toEqual([oldQueued.messageId, recent.messageId].sort());
    expect(await count("delivery_attempts")).toBe(1);
  });

  test("pruning works in batches until nothing old is left", async () => {
    w = await startDispatchWorld(1);
    for (let i = 0; i < 1200; i++) await insertMessage(w, { users: [wid(1)] });
    await w.h.deps.db.run("UPDATE deliveries SET status = 'sent'");
    w.clock.advance(91 * DAY);
    expect(await pruneMessages(w.h.deps.db, w.clock.now() - 90 * DAY)).toBe(1200);
    expect(await count("messages")).toBe(0);
    expect(await count("deliveries")).toBe(0);
  });

  test("Idempotency-Key answers are purged after 7 days, not before", async () => {
    w = await startDispatchWorld(1);
    await w.send({ source: "notice", externalId: "N-1", kind: "create", title: "t", recipients: ["u1"] }, { "idempotency-key": "k-1" });
    expect(await purgeIdempotencyKeys(w.h.deps.db, w.clock.now() + 7 * DAY - 1)).toBe(0);
    expect(await purgeIdempotencyKeys(w.h.deps.db, w.clock.now() + 7 * DAY + 1)).toBe(1);
    expect(await count("idempotency_keys")).toBe(0);
  });

  test("serving registers the daily prune and the hourly key purge", async () => {
    w = await startDispatchWorld(1);
    const { registerMessageJobs } = await import("../../src/messages/prune.ts");
    registerMessageJobs(w.h.deps);
    expect(w.h.deps.scheduler.names()).toEqual(expect.arrayContaining(["messages:prune", "idempotency-keys:purge"]));
  });
});

describe("metrics", () => {
  test("/metrics counts accepted, sent, failed and shows queue depth and the oldest pending age", async () => {
    w = await startDispatchWorld(2);
    const metric = async (name: string) => {
      const text = await (await w.h.call("GET", "/metrics", { token: null })).text();
      const line = text.split("\n").find((l) => l.startsWith(`${name} `));
      return line === undefined ? undefined : Number(line.split(" ")[1]);
    };
    expect(await metric("bridge_push_queue_depth")).toBe(0);
    await w.admin("POST", "/api/v1/push-rules", { name: "r", sources: ["notice"], targets: [{ corpId: w.corpId, appId: w.appId, type: "card" }] });
    const accepted0 = (await metric("bridge_push_accepted_total")) ?? 0;
    const body = { source: "notice", externalId: "N-1", kind: "create", title: "t", recipients: ["u1"] };
    await w.send(body);
    await w.send(body); // a replay is not a second acceptance
    expect(await metric("bridge_push_accepted_total")).toBe(accepted0 + 1);

    await insertMessage(w, { users: [wid(1), wid(2)] });
    w.clock.advance(30_000);
    expect(await metric("bridge_push_queue_depth")).toBe(2);
    expect(await metric("bridge_push_oldest_pending_seconds")).toBe(30);
    const sent0 = (await metric("bridge_push_sent_total")) ?? 0;
    await w.dispatch();
    expect(await metric("bridge_push_sent_total")).toBe(sent0 + 2);
    expect(await metric("bridge_push_queue_depth")).toBe(0);
    expect(await metric("bridge_push_oldest_pending_seconds")).toBe(0);
  });
});
