import { afterEach, expect, test } from "bun:test";
import { claimDeliveries } from "../../src/messages/dispatch-claim.ts";
import { releaseClaims, startAttempts } from "../../src/messages/dispatch-store.ts";
import { groupsOf } from "../../src/messages/dispatcher.ts";
import { callsTo } from "../welink/support.ts";
import { insertMessage, startDispatchWorld, statuses, wid, type DispatchWorld } from "./dispatch-support.ts";
import { rows } from "./intake-support.ts";

let w: DispatchWorld;
afterEach(() => w?.close());
const range = (n: number) => Array.from({ length: n }, (_, i) => wid(i + 1));

test("a worker renews (and counts an attempt on) only its own claims; a claim another worker took over is neither renewed nor released", async () => {
  w = await startDispatchWorld(3);
  const { messageId } = await insertMessage(w, { users: range(3) });
  const claimed = await claimDeliveries(w.h.deps.db, { now: w.clock.now(), workerId: "A", limit: 10 });
  const ids = claimed.map((d) => d.id);
  await w.h.deps.db.run(`UPDATE deliveries SET claimed_by = 'B' WHERE id = '${ids[0]}'`);
  w.clock.advance(40_000);

  const held = await startAttempts(w.h.deps.db, { workerId: "A", now: w.clock.now(), group: claimed });
  expect([...held.keys()].sort()).toEqual(ids.slice(1).sort());
  const fresh = await rows(w, "SELECT id, claimed_at AS at FROM deliveries WHERE claimed_by = 'A'");
  expect(fresh.every((r) => r.at === w.clock.now())).toBe(true);

  expect(await releaseClaims(w.h.deps.db, { workerId: "A", ids })).toBe(2);
  expect(await statuses(w, messageId)).toEqual({ pending: 2, sending: 1 });
});

test("a pass told to stop gives back what it has not sent: pending again, nothing sent", async () => {
  w = await startDispatchWorld(5);
  const { messageId } = await insertMessage(w, { users: range(5) });
  const stopping = new AbortController();
  stopping.abort();
  expect(await w.dispatch({ signal: stopping.signal })).toMatchObject({ claimed: 5, released: 5, sent: 0 });
  expect(await statuses(w, messageId)).toEqual({ pending: 5 });
  expect(callsTo(w.rs.sb, "/api/messages/v2/card/common").length).toBe(0);
  expect(await w.dispatch()).toMatchObject({ claimed: 5, sent: 5 });
});

test("deliveries are grouped per message, app and type: todos in groups of at most 100, cards of 1000", () => {
  const d = (i: number, type: "todo" | "card", messageId = "m1") => ({ id: `d${i}`, tenantId: "t", messageId, corpId: "c", appId: "a", type, oaUserId: `u${i}`, welinkUserId: `w${i}`, attempts: 0, firstAttemptAt: null, todoKey: null, seq: 1 });
  const todos = Array.from({ length: 250 }, (_, i) => d(i, "todo"));
  const cards = Array.from({ length: 2500 }, (_, i) => d(i, "card", "m2"));
  expect(groupsOf([...todos, ...cards, d(9999, "card")]).map((g) => g.length)).toEqual([100, 100, 50, 1000, 1000, 500, 1]);
});

test("a big todo message is sent whole, group after group", async () => {
  w = await startDispatchWorld(130);
  const { messageId } = await insertMessage(w, { type: "todo", users: range(130), todoKey: "todo-big", seq: 1 });
  await w.h.deps.db.run("UPDATE deliveries SET seq = 1");
  expect(await w.dispatch()).toMatchObject({ claimed: 130, sent: 130, released: 0 });
  expect(await statuses(w, messageId)).toEqual({ sent: 130 });
  expect(callsTo(w.rs.sb, "/api/todo/v3/addtask").length).toBe(130);
});
