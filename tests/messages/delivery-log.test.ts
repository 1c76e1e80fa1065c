import { afterEach, describe, expect, test } from "bun:test";
import { bindings } from "../../src/directory/schema.ts";
import { addRule, json, message } from "./intake-support.ts";
import { startDispatchWorld, wid, type DispatchWorld } from "./dispatch-support.ts";

let w: DispatchWorld;
afterEach(() => w?.close());

type Summary = { id: string; externalId: string; source: string; counts: Record<string, number> };
type Log = {
  id: string;
  status: string;
  ruleIds: string[];
  deliveries: { id: string; oaUserId: string; welinkUserId: string | null; status: string; reason: string | null; welinkCode: string | null; attempts: number; attemptLog: { at: number; ok: boolean; welinkCode: string | null; latencyMs: number; nextAttemptAt: number | null }[] }[];
};
const CARD = "/api/messages/v2/card/common";

/** OA people u1…un bound to the sandbox's user1@welink…; anyone else stays unbound. */
async function bindPeople(n: number) {
  await w.h.deps.db.insert(bindings).values(
    Array.from({ length: n }, (_, i) => ({ tenantId: w.tenantId, corpId: w.corpId, welinkUserId: wid(i + 1), oaUserId: `u${i + 1}`, method: "admin" as const, createdAt: 0, createdBy: "test" })),
  );
}
const get = async <T>(path: string) => json<T>(await w.admin("GET", path));
const list = (query = "") => get<{ items: Summary[]; total: number }>(`/api/v1/messages${query}`);
const logOf = (id: string) => get<Log>(`/api/v1/messages/${id}`);
const send = async (over: Record<string, unknown>) => (await json<{ id: string }>(await w.send(message(over)))).id;

/** A message whose one delivery keeps failing with 41500 until it is dead (24 h later on the frozen clock). */
async function deadMessage(externalId: string): Promise<{ messageId: string; deliveryId: string }> {
  w.rs.sb.faults.errorRates = { [CARD]: { rate: 1, code: "41500" } };
  const messageId = await send({ externalId, recipients: ["u1"] });
  const start = w.clock.now();
  expect(await w.dispatch()).toMatchObject({ retried: 1 });
  w.clock.set(start + 24 * 3600_000 + 1);
  expect(await w.dispatch()).toMatchObject({ dead: 1 });
  w.rs.sb.faults.errorRates = {};
  return { messageId, deliveryId: (await logOf(messageId)).deliveries[0]!.id };
}

describe("delivery log", () => {
  test("a message shows every recipient's fate and every attempt; unbound people are skipped 'not bound'", async () => {
    w = await startDispatchWorld(3);
    await bindPeople(3);
    const ruleId = await addRule(w, { sources: ["approval"] });
    const id = await send({ recipients: ["u1", "u2", "u3", "u4"] });
    expect(await w.dispatch()).toMatchObject({ sent: 3 });

    const log = await logOf(id);
    expect(log).toMatchObject({ id, status: "routed", ruleIds: [ruleId] });
    const byOa = Object.fromEntries(log.deliveries.map((d) => [d.oaUserId, d]));
    expect(byOa.u4).toMatchObject({ status: "skipped", reason: "not bound", welinkUserId: null, attempts: 0, attemptLog: [] });
    for (const u of ["u1", "u2", "u3"]) {
      expect(byOa[u]).toMatchObject({ status: "sent", attempts: 1 });
      expect(byOa[u]!.attemptLog).toEqual([expect.objectContaining({ ok: true, at: w.clock.now(), nextAttemptAt: null })]);
    }
    expect((await list()).items[0]).toMatchObject({ id, counts: { sent: 3, skipped: 1 } });
  });

  test("a failed attempt is logged with WeLink's code and the next retry", async () => {
    w = await startDispatchWorld(1);
    await bindPeople(1);
    await addRule(w, { sources: ["approval"] });
    w.rs.sb.faults.errorRates = { [CARD]: { rate: 1, code: "41500" } };
    const id = await send({ recipients: ["u1"] });
    await w.dispatch();
    const [d] = (await logOf(id)).deliveries;
    expect(d).toMatchObject({ status: "pending", welinkCode: "41500", attempts: 1 });
    const [a] = d!.attemptLog;
    expect(a).toMatchObject({ ok: false, welinkCode: "41500" });
    expect(a!.nextAttemptAt).toBeGreaterThan(w.clock.now());
    expect(a!.latencyMs).toBeGreaterThanOrEqual(0);
  });

  test("search by external id, source, status, person (OA or WeLink id) and time", async () => {
    w = await startDispatchWorld(2);
    await bindPeople(2);
    await addRule(w, { sources: ["approval", "notice"] });
    const a = await send({ externalId: "AP-1", recipients: ["u1"] });
    w.clock.advance(60_000);
    const b = await send({ source: "notice", externalId: "N-7", recipients: ["u2", "u9"] });
    const ids = async (q: string) => (await list(q)).items.map((m) => m.id);

    expect(await ids("")).toEqual([b, a]);
    expect(await ids("?externalId=AP-1")).toEqual([a]);
    expect(await ids("?source=notice")).toEqual([b]);
    expect(await ids("?status=skipped")).toEqual([b]);
    expect(await ids("?person=u1")).toEqual([a]);
    expect(await ids(`?person=${encodeURIComponent(wid(2))}`)).toEqual([b]);
    const between = new Date(w.clock.now() - 30_000).toISOString();
    expect(await ids(`?from=${encodeURIComponent(between)}`)).toEqual([b]);
    expect(await ids(`?to=${encodeURIComponent(between)}`)).toEqual([a]);
    expect(await list("?limit=1")).toMatchObject({ total: 2, items: [{ id: b }] });
    expect((await list("?limit=1&offset=1")).items.map((m) => m.id)).toEqual([a]);
    expect((await w.admin("GET", "/api/v1/messages?status=lost")).status).toBe(422);
  });

  test("a message that matches no rule is kept and marked no_rule", async () => {
    w = await startDispatchWorld(1);
    const id = await send({ source: "attendance", recipients: ["u1"] });
    expect(await logOf(id)).toMatchObject({ status: "no_rule", deliveries: [] });
  });
});

describe("replay", () => {
  test("one dead delivery: pending again, sent on the next pass, its history kept", async () => {
    w = await startDispatchWorld(1);
    await bindPeople(1);
    await addRule(w, { sources: ["approval"] });
    const { messageId, deliveryId } = await deadMessage("AP-dead");
    expect((await logOf(messageId)).deliveries[0]).toMatchObject({ status: "dead", welinkCode: "41500", attempts: 2 });

    expect(await json(await w.admin("POST", `/api/v1/deliveries/${deliveryId}/replay`))).toEqual({ replayed: 1 });
    expect((await logOf(messageId)).deliveries[0]).toMatchObject({ status: "pending", nextAttemptAt: w.clock.now() });
    expect(await w.dispatch()).toMatchObject({ sent: 1 });
    const d = (await logOf(messageId)).deliveries[0]!;
    expect(d).toMatchObject({ status: "sent", attempts: 3 });
    expect(d.attemptLog.map((a) => a.ok)).toEqual([false, false, true]);

    const again = await w.admin("POST", `/api/v1/deliveries/${deliveryId}/replay`);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "DELIVERY_NOT_REPLAYABLE" });
    const audit = await get<{ items: { action: string }[] }>("/api/v1/audit?action=delivery.replay");
    expect(audit.items.length).toBe(1);
  });

  test("all dead deliveries of a message, and all of a time range", async () => {
    w = await startDispatchWorld(1);
    await bindPeople(1);
    await addRule(w, { sources: ["approval"] });
    const first = await deadMessage("AP-1");
    const middle = w.clock.now();
    w.clock.advance(1000);
    const second = await deadMessage("AP-2");

    expect(await json(await w.admin("POST", `/api/v1/messages/${first.messageId}/replay-dead`))).toEqual({ replayed: 1 });
    expect((await logOf(second.messageId)).deliveries[0]!.status).toBe("dead");
    expect(await json(await w.admin("POST", `/api/v1/messages/${first.messageId}/replay-dead`))).toEqual({ replayed: 0 });

    const to = encodeURIComponent(new Date(middle).toISOString());
    expect(await json(await w.admin("POST", `/api/v1/deliveries/replay-dead?to=${to}`))).toEqual({ replayed: 0 });
    const from = encodeURIComponent(new Date(middle).toISOString());
    expect(await json(await w.admin("POST", `/api/v1/deliveries/replay-dead?from=${from}`))).toEqual({ replayed: 1 });
    expect(await w.dispatch()).toMatchObject({ sent: 2 });
  });
});

describe("tenant isolation", () => {
  test("another tenant's token sees none of the log and replays nothing of it", async () => {
    w = await startDispatchWorld(1);
    await bindPeople(1);
    await addRule(w, { sources: ["approval"] });
    const { messageId, deliveryId } = await deadMessage("AP-1");
    const other = await w.h.tenantToken("tenant-other", ["admin", "read"]);
    const as = (method: string, path: string) => w.h.call(method, path, { token: other });

    expect(await json(await as("GET", "/api/v1/messages"))).toEqual({ items: [], total: 0 });
    expect(await json(await as("GET", `/api/v1/messages?person=u1`))).toEqual({ items: [], total: 0 });
    expect((await as("GET", `/api/v1/messages/${messageId}`)).status).toBe(404);
    expect((await as("POST", `/api/v1/deliveries/${deliveryId}/replay`)).status).toBe(404);
    expect((await as("POST", `/api/v1/messages/${messageId}/replay-dead`)).status).toBe(404);
    expect(await json(await as("POST", "/api/v1/deliveries/replay-dead"))).toEqual({ replayed: 0 });
    expect((await logOf(messageId)).deliveries[0]!.status).toBe("dead");
  });
});
