import { afterEach, describe, expect, test } from "bun:test";
import { eq } from "drizzle-orm";
import { deliveries, deliveryAttempts } from "../../src/messages/schema.ts";
import { callsTo } from "../welink/support.ts";
import { insertMessage, startDispatchWorld, statuses, wid, type DispatchWorld } from "./dispatch-support.ts";

let w: DispatchWorld;
afterEach(() => w?.close());

const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => wid(i + from));
const deliveryRow = async (id: string) => (await w.h.deps.db.select().from(deliveries).where(eq(deliveries.id, id)))[0]!;

describe("dispatcher: cards and notifications", () => {
  test("a card to 2,500 people goes out in 3 calls of at most 1000", async () => {
    w = await startDispatchWorld(2500);
    const { messageId } = await insertMessage(w, { users: range(2500) });
    const s = await w.dispatch({ batchSize: 5000 });
    expect(s).toMatchObject({ claimed: 2500, sent: 2500 });
    const calls = callsTo(w.rs.sb, "/api/messages/v2/card/common");
    expect(calls.length).toBe(3);
    expect(await statuses(w, messageId)).toEqual({ sent: 2500 });
  });

  test("51019 skips exactly the people WeLink named and sends to the others", async () => {
    w = await startDispatchWorld(5);
    const { messageId } = await insertMessage(w, { type: "notification", users: [...range(5), "ghost-1", "ghost-2"] });
    const s = await w.dispatch();
    expect(s).toMatchObject({ sent: 5, skipped: 2 });
    const skipped = await w.h.deps.db.select().from(deliveries).where(eq(deliveries.status, "skipped"));
    expect(skipped.map((d) => d.welinkUserId).sort()).toEqual(["ghost-1", "ghost-2"]);
    expect(skipped[0]).toMatchObject({ reason: "outside the app's visible range", welinkCode: "51019" });
    expect(await statuses(w, messageId)).toEqual({ sent: 5, skipped: 2 });
  });

  test("long Chinese titles and bodies are cut to WeLink's byte limits and accepted", async () => {
    w = await startDispatchWorld(2);
    const { messageId } = await insertMessage(w, { users: range(2), title: "关于年度预算审批的通知".repeat(20), body: "请各部门负责人审阅".repeat(100), sender: "人力资源部门负责人王小明" });
    await w.dispatch();
    expect(await statuses(w, messageId)).toEqual({ sent: 2 });
  });

  test("a permanent failure fails at once with WeLink's code", async () => {
    w = await startDispatchWorld(2);
    w.rs.sb.faults.errorRates = { "/api/messages/v2/card/common": { rate: 1, code: "51002" } };
    const { deliveryIds } = await insertMessage(w, { users: range(1) });
    expect(await w.dispatch()).toMatchObject({ failed: 1 });
    expect(await deliveryRow(deliveryIds[0]!)).toMatchObject({ status: "failed", welinkCode: "51002", attempts: 1 });
  });
});

describe("dispatcher: retries and claims", () => {
  test("transient failures back off 5 s, 10 s, … within jitter bounds and die after 24 h", async () => {
    w = await startDispatchWorld(1);
    w.rs.sb.faults.errorRates = { "/api/messages/v2/card/common": { rate: 1, code: "41500" } };
    const { deliveryIds } = await insertMessage(w, { users: range(1) });
    const id = deliveryIds[0]!;
    const start = w.clock.now();
    let cap = 5000;
    for (let i = 0; i < 4; i++) {
      expect(await w.dispatch({ random: () => 1 - 1e-9 })).toMatchObject({ retried: 1 });
      const d = await deliveryRow(id);
      expect(d.status).toBe("pending");
      expect(d.nextAttemptAt! - w.clock.now()).toBe(cap);
      expect(await w.dispatch()).toMatchObject({ claimed: 0 });
      w.clock.set(d.nextAttemptAt!);
      cap *= 2;
    }
    w.clock.set(start + 24 * 3600_000 + 1);
    expect(await w.dispatch()).toMatchObject({ dead: 1 });
    expect(await deliveryRow(id)).toMatchObject({ status: "dead", welinkCode: "41500", attempts: 5 });
    const attempts = await w.h.deps.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, id));
    expect(attempts.length).toBe(5);
    expect(attempts.every((a) => !a.ok && a.welinkCode === "41500")).toBe(true);
  });

  test("a stale claim (sending, claimed 61 s ago) is taken again; a fresh one is not", async () => {
    w = await startDispatchWorld(2);
    const { deliveryIds } = await insertMessage(w, { users: range(2) });
    const now = w.clock.now();
    await w.h.deps.db.update(deliveries).set({ status: "sending", claimedAt: now - 61_000, claimedBy: "dead-worker" }).where(eq(deliveries.id, deliveryIds[0]!));
    await w.h.deps.db.update(deliveries).set({ status: "sending", claimedAt: now - 10_000, claimedBy: "live-worker" }).where(eq(deliveries.id, deliveryIds[1]!));
    expect(await w.dispatch()).toMatchObject({ claimed: 1, sent: 1 });
    expect((await deliveryRow(deliveryIds[0]!)).status).toBe("sent");
    expect((await deliveryRow(deliveryIds[1]!)).status).toBe("sending");
  });
});

describe("dispatcher: todos", () => {
  test("create → update → done keep their order while the create fails twice (41500, then HTTP 500)", async () => {
    w = await startDispatchWorld(3);
    const key = "todo-AP-7";
    const create = await insertMessage(w, { type: "todo", kind: "create", users: [wid(1)], todoKey: key, seq: 1 });
    const update = await insertMessage(w, { type: "todo", kind: "update", users: [wid(2)], todoKey: key, seq: 2 });
    const done = await insertMessage(w, { type: "todo", kind: "done", users: [wid(2)], todoKey: key, seq: 3 });
    w.rs.sb.faults.errorRates = { "/api/todo/v3/addtask": { rate: 1, code: "41500" } };
    expect(await w.dispatch()).toMatchObject({ claimed: 1, retried: 1 });
    w.clock.advance(5000);
    w.rs.sb.faults.errorRates = { "/api/todo/v3/addtask": { rate: 1, code: "http500" } };
    expect(await w.dispatch()).toMatchObject({ claimed: 1, retried: 1 });
    expect(callsTo(w.rs.sb, "/api/todo/v1/updatetask").length + callsTo(w.rs.sb, "/api/todo/v2/updatetask").length).toBe(0);
    w.rs.sb.faults.errorRates = {};
    w.clock.advance(10_000);
    expect(await w.dispatch()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await w.dispatch()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await w.dispatch()).toMatchObject({ claimed: 1, sent: 1 });
    for (const m of [create, update, done]) expect(await statuses(w, m.messageId)).toEqual({ sent: 1 });
    const order = w.rs.sb.calls.filter((c) => c.path.startsWith("/api/todo/")).map((c) => c.path);
    expect(order.slice(-3)).toEqual(["/api/todo/v3/addtask", "/api/todo/v2/updatetask", "/api/todo/v1/updatetask"]);
  });
});
