import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { todoKeyOf } from "../../src/messages/routing.ts";
import { addRule, bind, json, message, rows, startPushWorld, type PushWorld } from "./intake-support.ts";

type Accepted = { id: string; status: string; deliveries: { pending: number; skipped: number } };

let w: PushWorld;
beforeEach(async () => {
  w = await startPushWorld();
});
afterEach(() => w.close());

const count = async (table: string) => Number((await rows(w, `SELECT count(*) AS n FROM ${table}`))[0]!.n);

describe("message intake", () => {
  test("an accepted message answers 202 after the message and its deliveries are committed: bound pending, unbound skipped 'not bound'", async () => {
    await addRule(w, { sources: ["approval"] });
    await bind(w, w.corpId, ["u1", "u2"]);
    const res = await w.send(message());
    expect(res.status).toBe(202);
    expect(res.headers.get("idempotent-replayed")).toBeNull();
    const answer = (await res.json()) as Accepted;
    expect(answer).toMatchObject({ status: "routed", deliveries: { pending: 2, skipped: 1 } });
    const [m] = await rows(w, "SELECT * FROM messages WHERE id = ?", [answer.id]);
    expect(m).toMatchObject({ source: "approval", external_id: "AP-1", kind: "create", status: "routed", title: "Leave request from Li" });
    const ds = await rows(w, "SELECT oa_user_id, welink_user_id, status, reason, next_attempt_at, type, todo_key FROM deliveries WHERE message_id = ? ORDER BY oa_user_id", [answer.id]);
    const now = w.h.deps.clock.now();
    expect(ds).toEqual([
      { oa_user_id: "u1", welink_user_id: "w-u1", status: "pending", reason: null, next_attempt_at: now, type: "card", todo_key: null },
      { oa_user_id: "u2", welink_user_id: "w-u2", status: "pending", reason: null, next_attempt_at: now, type: "card", todo_key: null },
      { oa_user_id: "u3", welink_user_id: null, status: "skipped", reason: "not bound", next_attempt_at: null, type: "card", todo_key: null },
    ]);
  });

  test("a message no rule takes is kept with status no_rule and no deliveries; disabled rules and other sources do not take it", async () => {
    await addRule(w, { sources: ["attendance"] });
    const off = await addRule(w, { sources: ["approval"] });
    await w.admin("PATCH", `/api/v1/push-rules/${off}`, { enabled: false });
    const answer = (await json<Accepted>(await w.send(message())));
    expect(answer).toMatchObject({ status: "no_rule", deliveries: { pending: 0, skipped: 0 } });
    expect(await rows(w, "SELECT status, rule_ids FROM messages WHERE id = ?", [answer.id])).toEqual([{ status: "no_rule", rule_ids: "[]" }]);
    expect(await count("deliveries")).toBe(0);
  });

  test("a rule target whose app was removed since is passed over; with no target left the message is no_rule", async () => {
    await addRule(w, { sources: ["approval"] });
    expect((await w.admin("DELETE", `/api/v1/apps/${w.appId}`)).status).toBe(204);
    const answer = await json<Accepted>(await w.send(message()));
    expect(answer).toMatchObject({ status: "no_rule", deliveries: { pending: 0, skipped: 0 } });
    expect(await count("deliveries")).toBe(0);
  });

  test("the same content again is a replay: same id, Idempotent-Replayed, no new rows; recipient order does not matter", async () => {
    await addRule(w, { sources: ["*"] });
    await bind(w, w.corpId, ["u1"]);
    const first = await json<Accepted>(await w.send(message()));
    // Whatever the dispatcher did since, the replay answers what the intake answered.
    await rows(w, "UPDATE deliveries SET status = 'sent' WHERE status = 'pending'");
    const again = await w.send(message({ recipients: ["u3", "u1", "u2"] }));
    expect(again.status).toBe(202);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await again.json()).toEqual(first);
    expect(await count("messages")).toBe(1);
    expect(await count("deliveries")).toBe(3);
  });

  test("an update with new content is a new message", async () => {
    await addRule(w, { sources: ["approval"] });
    const created = await json<Accepted>(await w.send(message()));
    const updated = await json<Accepted>(await w.send(message({ kind: "update", title: "Leave request from Li (4 days)" })));
    const sameTitleNewBody = await json<Accepted>(await w.send(message({ kind: "update", title: "Leave request from Li (4 days)", body: "4 days" })));
    expect(new Set([created.id, updated.id, sameTitleNewBody.id]).size).toBe(3);
    expect(await count("messages")).toBe(3);
  });

  test("the same Idempotency-Key and body replays the stored answer; another body → 422 IDEMPOTENCY_KEY_REUSED", async () => {
    await addRule(w, { sources: ["approval"] });
    const key = { "idempotency-key": "oa-req-1" };
    const first = await w.send(message(), key);
    expect(first.status).toBe(202);
    const body = await first.json();
    const replay = await w.send(message(), key);
    expect(replay.status).toBe(202);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await replay.json()).toEqual(body);
    const reused = await w.send(message({ title: "Something else" }), key);
    expect(reused.status).toBe(422);
    expect(reused.headers.get("content-type")).toContain("application/problem+json");
    expect(((await reused.json()) as { code: string }).code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await count("messages")).toBe(1);
    expect(await rows(w, "SELECT key, status FROM idempotency_keys")).toEqual([{ key: "oa-req-1", status: 202 }]);
  });

  test("an Idempotency-Key is kept 7 days: after that the key is free again", async () => {
    const key = { "idempotency-key": "oa-req-2" };
    const first = await json<Accepted>(await w.send(message(), key));
    w.clock.advance(7 * 24 * 3600_000 - 1);
    expect((await w.send(message({ title: "Other" }), key)).status).toBe(422);
    w.clock.advance(2);
    const later = await w.send(message({ title: "Other" }), key);
    expect(later.status).toBe(202);
    expect(((await later.json()) as Accepted).id).not.toBe(first.id);
    expect((await w.send(message({ title: "Other" }), key)).headers.get("idempotent-replayed")).toBe("true");
  });

  test("done with a subset makes deliveries for those only; without recipients for everyone of the latest create/update", async () => {
    await addRule(w, { sources: ["approval"], type: "todo" });
    await bind(w, w.corpId, ["u1", "u2", "u3", "u4"]);
    await json(await w.send(message()));
    await json(await w.send(message({ kind: "update", title: "Changed", recipients: ["u1", "u2", "u3", "u4"] })));
    const some = await json<Accepted>(await w.send(message({ kind: "done", recipients: ["u2"] })));
    expect(some.deliveries).toEqual({ pending: 1, skipped: 0 });
    expect(await rows(w, "SELECT oa_user_id FROM deliveries WHERE message_id = ?", [some.id])).toEqual([{ oa_user_id: "u2" }]);
    const all = await json<Accepted>(await w.send(message({ kind: "done", recipients: undefined, title: "Approved" })));
    const users = await rows(w, "SELECT oa_user_id FROM deliveries WHERE message_id = ? ORDER BY oa_user_id", [all.id]);
    expect(users.map((u) => u.oa_user_id)).toEqual(["u1", "u2", "u3", "u4"]);
  });

  test("a todo keeps one stable todoKey across create, update and done, and seq increases in acceptance order", async () => {
    await addRule(w, { sources: ["approval"], type: "todo" });
    await bind(w, w.corpId, ["u1"]);
    const ids: string[] = [];
    for (const m of [message({ recipients: ["u1"] }), message({ kind: "update", title: "v2", recipients: ["u1"] }), message({ kind: "done", recipients: ["u1"] })]) {
      ids.push((await json<Accepted>(await w.send(m))).id);
    }
    const ds = await rows(w, "SELECT message_id, todo_key, seq FROM deliveries ORDER BY seq");
    expect(ds.map((d) => d.message_id)).toEqual(ids);
    expect(new Set(ds.map((d) => d.todo_key))).toEqual(new Set([todoKeyOf(w.tenantId, "approval", "AP-1")]));
    const seqs = ds.map((d) => Number(d.seq));
    expect(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!).toBe(true);
  });

  test("a batch accepts the valid messages and answers a problem for the bad one by index", async () => {
    await addRule(w, { sources: ["approval"] });
    const res = await w.h.call("POST", "/api/v1/messages/batch", {
      token: w.pushToken,
      body: { messages: [message({ externalId: "A" }), message({ externalId: "B", title: "", mobileUrl: "ftp://x" }), message({ externalId: "C" })] },
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { index: number; id?: string; status?: string; error?: { code: string; errors: { path: string }[] } }[] };
    expect(results.map((r) => r.index)).toEqual([0, 1, 2]);
    expect(results[0]).toMatchObject({ status: "routed" });
    expect(results[2]).toMatchObject({ status: "routed" });
    expect(results[1]!.id).toBeUndefined();
    expect(results[1]!.error!.code).toBe("VALIDATION_FAILED");
    expect(results[1]!.error!.errors.map((e) => e.path).sort()).toEqual(["messages.1.mobileUrl", "messages.1.title"]);
    expect((await rows(w, "SELECT external_id FROM messages ORDER BY external_id")).map((r) => r.external_id)).toEqual(["A", "C"]);
  });

  test("invalid input → 422 with field paths", async () => {
    const res = await w.send({ source: "Bad Source!", externalId: "x", kind: "create", title: "t", recipients: ["a", "a"] });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe("VALIDATION_FAILED");
    expect(problem.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["body.source", "body.recipients.1"]));
    const missing = await w.send(message({ recipients: undefined }));
    expect(((await missing.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(["body.recipients"]);
  });

  test("intake needs a push-scoped token: a read token → 403", async () => {
    const read = await w.h.tenantToken("default", ["read"]);
    const res = await w.h.call("POST", "/api/v1/messages", { token: read, body: message() });
    expect(res.status).toBe(403);
    expect(await count("messages")).toBe(0);
  });

  test("messages are per tenant: another tenant's same content is its own message, routed by its own rules", async () => {
    await addRule(w, { sources: ["approval"] });
    const mine = await json<Accepted>(await w.send(message()));
    const otherToken = await w.h.tenantToken("tenant-x", ["push"]);
    const theirs = await w.h.call("POST", "/api/v1/messages", { token: otherToken, body: message() });
    expect(theirs.status).toBe(202);
    expect(theirs.headers.get("idempotent-replayed")).toBeNull();
    const answer = (await theirs.json()) as Accepted;
    expect(answer.id).not.toBe(mine.id);
    expect(answer.status).toBe("no_rule");
    // The same Idempotency-Key in two tenants is two keys.
    expect((await w.send(message({ externalId: "K" }), { "idempotency-key": "k" })).status).toBe(202);
    expect((await w.h.call("POST", "/api/v1/messages", { token: otherToken, body: message({ externalId: "other" }), headers: { "idempotency-key": "k" } })).status).toBe(202);
  });
});
