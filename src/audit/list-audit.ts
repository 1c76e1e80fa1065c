import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { type AuditFilter, type AuditRow, listAuditRows } from "./store.ts";

export type AuditQuery = Omit<AuditFilter, "tenantId" | "limit"> & { limit?: number };

export type AuditView = Omit<AuditRow, "before" | "after"> & { before: unknown; after: unknown };

const parse = (text: string | null) => (text === null ? null : (JSON.parse(text) as unknown));

/** Lists audit entries of the acting tenant; at the global level a global actor sees every tenant's. */
export async function listAudit(deps: Deps, ctx: Ctx, query: AuditQuery): Promise<{ items: AuditView[]; next: string | null }> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
  const tenantId = ctx.tenant ? ctx.tenant.id : ctx.actor.global ? undefined : ctx.actor.tenantId;
  const rows = await listAuditRows(deps.db, { ...query, tenantId, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({ ...r, before: parse(r.before), after: parse(r.after) })),
    next: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
