import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { inTransaction } from "../kernel/db/client.ts";
import { AppError, errors } from "../kernel/errors.ts";
import { corpRowOf } from "../corps/index.ts";
import { bindingTarget, createBinding, removeBinding } from "./bindings.ts";
import * as store from "./store.ts";

/*
 * Admin binding from a person's card. Binding people is not a change to the organisation, so it
 * is allowed on read-only corps too (contact permission governs writes to WeLink, not bindings).
 */

export type BindingView = {
  welinkUserId: string;
  welinkName: string | null;
  oaUserId: string;
  oaAccount: string | null;
  oaName: string | null;
  method: store.BindingRow["method"];
  createdAt: string;
  createdBy: string;
};

const view = (r: store.BindingWithPerson & { welinkName?: string | null }): BindingView => ({
  welinkUserId: r.welinkUserId,
  welinkName: r.welinkName ?? null,
  oaUserId: r.oaUserId,
  oaAccount: r.oaAccount,
  oaName: r.oaName,
  method: r.method,
  createdAt: new Date(r.createdAt).toISOString(),
  createdBy: r.createdBy,
});

export async function listBindings(deps: Deps, ctx: Ctx, corpId: string, query: store.BindingListQuery) {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const { items, total } = await store.listBindingRows(deps.db, corp.id, query);
  return { items: items.map(view), total };
}

/** Binds by ids; the OA person must be in this tenant's OA directory. */
export async function adminBind(deps: Deps, ctx: Ctx, corpId: string, welinkUserId: string, oaUserId: string): Promise<BindingView> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const person = await store.findOaUser(deps.db, corp.tenantId, oaUserId);
  if (!person) throw errors.notFound("oaPerson", oaUserId);
  await createBinding(deps, ctx, { tenantId: corp.tenantId, corpId: corp.id, welinkUserId, oaUserId, method: "admin" });
  return view((await store.findBindingRow(deps.db, corp.id, welinkUserId))!);
}

export async function adminUnbind(deps: Deps, ctx: Ctx, corpId: string, welinkUserId: string): Promise<void> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const removed = await removeBinding(deps, ctx, { tenantId: corp.tenantId, corpId: corp.id }, welinkUserId);
  if (!removed) throw new AppError("NOT_FOUND", { variant: "binding", id: welinkUserId });
}

/**
 * Removes every binding of the corp. `confirm` must be the count the admin was shown: a stale
 * or guessed number removes nothing, so the admin always knows how many people it affects.
 */
export async function unbindAll(deps: Deps, ctx: Ctx, corpId: string, confirm: number): Promise<{ removed: number }> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  return inTransaction(deps.db, async (tx) => {
    const rows = await store.allBindingRows(tx, corp.id);
    if (confirm !== rows.length) {
      throw new AppError("CONFIRMATION_REQUIRED", { variant: "unbindAll", count: rows.length, corp: corp.name });
    }
    await store.deleteAllBindingRows(tx, corp.id);
    const now = deps.clock.now();
    for (const row of rows) await recordAudit(tx, now, ctx, { action: "binding.delete", target: bindingTarget(row), before: row, tenantId: corp.tenantId });
    return { removed: rows.length };
  });
}
