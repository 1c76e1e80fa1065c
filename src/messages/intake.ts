import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { type Conn, eventLoopTurn, inTransaction } from "../kernel/db/client.ts";
import { AppError, errors } from "../kernel/errors.ts";
import { newId } from "../kernel/ids.ts";
import { tenantOf } from "../corps/index.ts";
import { contentHash, rememberAnswer, replayOf, requestHash } from "./idempotency.ts";
import { type BatchItemResult, type MessageAccepted, MessageInput } from "./message-input.ts";
import { countByStatus, matchingRules, planDeliveries, targetsOf, todoKeyOf } from "./routing.ts";
import { pushMetrics } from "./metrics.ts";
import { loadRoutableRules } from "./rules-store.ts";
import * as store from "./intake-store.ts";

/** What the intake answers; `replayed` = this message (or this Idempotency-Key) was seen before. */
export type Acceptance = { answer: MessageAccepted; replayed: boolean };

export const MESSAGES_PATH = "/api/v1/messages";

/**
 * Accepts one OA message: the message and one delivery per (rule target, recipient) are
 * committed in one transaction before the caller answers 202 (the deliveries table is the outbox).
 */
export async function acceptMessage(deps: Deps, ctx: Ctx, raw: unknown, opts: { idempotencyKey?: string } = {}): Promise<Acceptance> {
  const parsed = MessageInput.safeParse(raw);
  if (!parsed.success) throw errors.validation(parsed.error.issues.map((i) => ({ path: ["body", ...i.path.map(String)].join("."), message: i.message })));
  const input = parsed.data;
  const tenantId = tenantOf(ctx).id;
  const now = deps.clock.now();
  const key = opts.idempotencyKey;
  const hash = key ? requestHash("POST", MESSAGES_PATH, input) : "";
  const accepted = await inTransaction(deps.db, async (tx) => {
    if (key) {
      const stored = await replayOf(tx, tenantId, key, hash, now);
      if (stored) return { answer: stored.body as MessageAccepted, replayed: true };
    }
    const result = await acceptIn(tx, tenantId, input, now);
    if (key) await rememberAnswer(tx, { tenantId, key, requestHash: hash, answer: { status: 202, body: result.answer }, now });
    return result;
  });
  if (!accepted.replayed) pushMetrics(deps).accepted.inc();
  return accepted;
}

async function acceptIn(tx: Conn, tenantId: string, input: MessageInput, now: number): Promise<Acceptance> {
  const identity = { tenantId, source: input.source, externalId: input.externalId, kind: input.kind, contentHash: contentHash(input) };
  const seen = await store.findMessageByIdentity(tx, identity);
  if (seen) return { answer: { id: seen.id, status: seen.status, deliveries: await store.deliveryCounts(tx, seen.id) }, replayed: true };

  const rules = matchingRules(await loadRoutableRules(tx, tenantId), input.source);
  const recipients = await recipientsOf(tx, tenantId, input);
  // A rule may still name an app or corp removed since; those targets are passed over.
  const live = await store.liveAppKeys(tx, tenantId);
  const targets = targetsOf(rules).filter((t) => live.has(`${t.corpId}|${t.appId}`));
  const lookup = new Map<string, Map<string, string>>();
  for (const corpId of new Set(targets.map((t) => t.corpId))) lookup.set(corpId, await store.bindingsOf(tx, corpId, recipients));
  const planned = planDeliveries(targets, recipients, lookup, todoKeyOf(tenantId, input.source, input.externalId));

  const id = newId();
  const status = targets.length > 0 ? "routed" : "no_rule";
  await store.insertMessage(tx, {
    ...identity,
    id,
    title: input.title,
    body: input.body ?? null,
    mobileUrl: input.mobileUrl ?? null,
    pcUrl: input.pcUrl ?? null,
    sender: input.sender ?? null,
    recipients: JSON.stringify(recipients),
    occurredAt: input.occurredAt ? Date.parse(input.occurredAt) : null,
    receivedAt: now,
    status,
    ruleIds: JSON.stringify(rules.map((r) => r.id)),
  });
  if (planned.length > 0) {
    // One number per message, increasing in acceptance order: the dispatcher runs a todo's operations by it.
    const seq = await store.nextSeq(tx, tenantId);
    await store.insertDeliveries(
      tx,
      planned.map((d) => ({
        ...d,
        id: newId(),
        tenantId,
        messageId: id,
        welinkCode: null,
        attempts: 0,
        nextAttemptAt: d.status === "pending" ? now : null,
        claimedAt: null,
        claimedBy: null,
        seq,
        firstAttemptAt: null,
        sentAt: null,
        createdAt: now,
      })),
    );
  }
  return { answer: { id, status, deliveries: countByStatus(planned) }, replayed: false };
}

/** A `done` without recipients is for everyone the item's latest create/update went to (or, unknown item, nobody named: its own list). */
async function recipientsOf(tx: Conn, tenantId: string, input: MessageInput): Promise<string[]> {
  if (input.recipients) return input.recipients;
  const latest = await store.findLatestContentMessage(tx, tenantId, input.source, input.externalId);
  return latest ? (JSON.parse(latest.recipients) as string[]) : [];
}

/** Each message in its own transaction: one bad or failing item does not hold back the others. */
export async function acceptBatch(deps: Deps, ctx: Ctx, items: readonly unknown[]): Promise<BatchItemResult[]> {
  const results: BatchItemResult[] = [];
  for (const [index, item] of items.entries()) {
    // Lets the driver free its statements (see eventLoopTurn) and other requests in.
    if (index > 0 && index % 50 === 0) await eventLoopTurn();
    try {
      const { answer, replayed } = await acceptMessage(deps, ctx, item);
      results.push({ index, ...answer, ...(replayed ? { replayed } : {}) });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const fieldErrors = e.errors?.map((f) => ({ path: f.path.replace(/^body/, `messages.${index}`), message: f.message }));
      results.push({ index, error: { code: e.code, detail: e.message, ...(fieldErrors ? { errors: fieldErrors } : {}) } });
    }
  }
  return results;
}
