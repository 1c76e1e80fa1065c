import { createHash } from "node:crypto";
import { and, eq, lt } from "drizzle-orm";
import type { Conn } from "../kernel/db/client.ts";
import { AppError } from "../kernel/errors.ts";
import type { MessageInput } from "./message-input.ts";
import { idempotencyKeys } from "./schema.ts";

/** How long an Idempotency-Key's answer is kept. */
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;
export type StoredAnswer = { status: number; body: unknown };

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** The content a message is identified by (with source, externalId and kind); recipient order does not count. */
export function contentHash(m: MessageInput): string {
  return sha256(
    JSON.stringify([
      m.title,
      m.body ?? null,
      m.mobileUrl ?? null,
      m.pcUrl ?? null,
      m.sender ?? null,
      m.recipients ? [...m.recipients].sort() : null,
      m.occurredAt ? Date.parse(m.occurredAt) : null,
    ]),
  );
}

/**
 * Hash of method, path and the validated body. The body is the parsed value in the schema's key
 * order, so whitespace and key order do not make "another body"; unknown fields are dropped first.
 */
export function requestHash(method: string, path: string, body: unknown): string {
  return sha256(`${method.toUpperCase()} ${path}\n${JSON.stringify(body)}`);
}

export const keyReused = (key: string) =>
  new AppError("IDEMPOTENCY_KEY_REUSED", { key });

/**
 * The stored answer for this key, or undefined when the key is new (or older than 7 days).
 * The same key with another request → IDEMPOTENCY_KEY_REUSED.
 */
export async function replayOf(db: Conn, tenantId: string, key: string, hash: string, now: number): Promise<StoredAnswer | undefined> {
  const [row] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.key, key)));
  if (!row || row.createdAt < now - IDEMPOTENCY_TTL_MS) return undefined;
  if (row.requestHash !== hash) throw keyReused(key);
  return { status: row.status, body: JSON.parse(row.response) };
}

/** Keeps the answer for the key (replacing an expired one), in the caller's transaction. */
export async function rememberAnswer(db: Conn, row: { tenantId: string; key: string; requestHash: string; answer: StoredAnswer; now: number }): Promise<void> {
  const values = { tenantId: row.tenantId, key: row.key, requestHash: row.requestHash, status: row.answer.status, response: JSON.stringify(row.answer.body), createdAt: row.now };
  await db
    .insert(idempotencyKeys)
    .values(values)
    .onConflictDoUpdate({ target: [idempotencyKeys.tenantId, idempotencyKeys.key], set: { requestHash: values.requestHash, status: values.status, response: values.response, createdAt: values.createdAt } });
}

/** Deletes answers older than 7 days; returns how many. */
export async function purgeIdempotencyKeys(db: Conn, now: number): Promise<number> {
  const gone = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, now - IDEMPOTENCY_TTL_MS)).returning({ key: idempotencyKeys.key });
  return gone.length;
}
