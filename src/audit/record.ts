import type { Ctx } from "../kernel/actor.ts";
import type { Conn } from "../kernel/db/client.ts";
import { newId } from "../kernel/ids.ts";
import { insertAudit } from "./store.ts";

// Field names whose values never enter the audit log, only the fact that they changed.
const SECRET_FIELD = /(secret|password|passwd|token(?!Id)|hash|masterkey|privatekey|credential)/i;
export const MASK = "••••••";

/** Copies a value for the audit log with every secret-looking field masked, at any depth. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_FIELD.test(k) && v != null ? MASK : maskSecrets(v)]),
    );
  }
  return value;
}

export type AuditEntry = { action: string; target: string; before?: unknown; after?: unknown; tenantId?: string | null };

/** Records one admin write, in the caller's transaction so the record and the write stand or fall together. */
export async function recordAudit(db: Conn, now: number, ctx: Ctx, entry: AuditEntry): Promise<void> {
  await insertAudit(db, {
    id: newId(),
    tenantId: entry.tenantId !== undefined ? entry.tenantId : (ctx.tenant?.id ?? null),
    actor: ctx.actor.label,
    action: entry.action,
    target: entry.target,
    before: entry.before === undefined ? null : JSON.stringify(maskSecrets(entry.before)),
    after: entry.after === undefined ? null : JSON.stringify(maskSecrets(entry.after)),
    at: now,
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  });
}
