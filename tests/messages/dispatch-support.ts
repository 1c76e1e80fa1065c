import { newId } from "../../src/kernel/ids.ts";
import { runDispatcher, type DispatchOptions } from "../../src/messages/dispatcher.ts";
import { deliveries, messages } from "../../src/messages/schema.ts";
import { startSandbox, type RunningSandbox } from "../helpers/sandbox.ts";
import { clientOf, seedDept } from "../welink/support.ts";
import { startPushWorld, type PushWorld } from "./intake-support.ts";

/** A bridge (frozen clock) plus a WeLink sandbox over HTTP with `people` users `user<n>@welink`. */
export type DispatchWorld = PushWorld & { rs: RunningSandbox; dispatch(o?: DispatchOptions): ReturnType<typeof runDispatcher> };

export async function startDispatchWorld(people = 10): Promise<DispatchWorld> {
  const w = await startPushWorld();
  const rs = startSandbox();
  seedDept(rs.sb, people);
  const client = clientOf(rs);
  const dispatch = (o: DispatchOptions = {}) => runDispatcher(w.h.deps, { random: () => 0.5, clientFor: async () => ({ client, appName: "OA" }), ...o });
  return { ...w, rs, dispatch, close: () => (rs.stop(), w.close()) };
}

export const wid = (n: number) => `user${n}@welink`;

/** Inserts a message and one delivery per WeLink user, as intake would. Returns the ids. */
export async function insertMessage(
  w: PushWorld,
  o: { type?: "card" | "notification" | "todo"; kind?: "create" | "update" | "done" | "delete"; users: string[]; title?: string; body?: string; sender?: string; todoKey?: string; seq?: number; tenantId?: string },
): Promise<{ messageId: string; deliveryIds: string[] }> {
  const now = w.h.deps.clock.now();
  const messageId = newId();
  const tenantId = o.tenantId ?? w.tenantId;
  await w.h.deps.db.insert(messages).values({
    id: messageId, tenantId, source: "approval", externalId: o.todoKey ?? `AP-${messageId}`, kind: o.kind ?? "create", contentHash: newId(),
    title: o.title ?? "Leave request", body: o.body ?? "3 days", mobileUrl: "https://oa.example.com/m/1", pcUrl: "https://oa.example.com/1",
    sender: o.sender ?? "Li Lei", recipients: JSON.stringify(o.users), receivedAt: now, status: "routed", ruleIds: JSON.stringify(["rule-1"]),
  });
  const rows = o.users.map((u, i) => ({
    id: newId(), tenantId, messageId, ruleId: "rule-1", corpId: w.corpId, appId: w.appId, type: o.type ?? "card", oaUserId: `oa-${u}`, welinkUserId: u,
    status: "pending" as const, nextAttemptAt: now, todoKey: o.todoKey ?? null, seq: o.seq ?? i, createdAt: now,
  }));
  for (let i = 0; i < rows.length; i += 500) await w.h.deps.db.insert(deliveries).values(rows.slice(i, i + 500));
  return { messageId, deliveryIds: rows.map((r) => r.id) };
}

export async function statuses(w: PushWorld, messageId: string): Promise<Record<string, number>> {
  const rs = await w.h.deps.database.client.execute({ sql: "SELECT status, count(*) FROM deliveries WHERE message_id = ? GROUP BY status", args: [messageId] });
  return Object.fromEntries(rs.rows.map((r) => [String(r[0]), Number(r[1])]));
}
