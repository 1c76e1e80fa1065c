import { z } from "zod";
import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { inTransaction } from "../kernel/db/client.ts";
import { AppError, errors } from "../kernel/errors.ts";
import { newId } from "../kernel/ids.ts";
import { assertGlobal, assertVisible } from "./access.ts";
import * as store from "./store.ts";

export const TenantSlug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, "use 1–40 lowercase letters, digits and dashes, not starting or ending with a dash");
export const TenantName = z.string().trim().min(1, "must not be empty").max(128);

export const NewTenant = z.object({ slug: TenantSlug, name: TenantName });
export type NewTenant = z.infer<typeof NewTenant>;
export const TenantPatch = z.object({ name: TenantName.optional() });
export type TenantPatch = z.infer<typeof TenantPatch>;

export type TenantView = { id: string; slug: string; name: string; createdAt: string; updatedAt: string };

export const tenantView = (t: store.TenantRow): TenantView => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  createdAt: new Date(t.createdAt).toISOString(),
  updatedAt: new Date(t.updatedAt).toISOString(),
});

export async function listTenants(deps: Deps, ctx: Ctx): Promise<TenantView[]> {
  const rows = await store.listTenants(deps.db);
  return rows.filter((t) => ctx.actor.global || t.id === ctx.actor.tenantId).map(tenantView);
}

export async function getTenant(deps: Deps, ctx: Ctx, slug: string): Promise<TenantView> {
  return tenantView(assertVisible(ctx, await store.findTenantBySlug(deps.db, slug), slug));
}

export async function createTenant(deps: Deps, ctx: Ctx, input: NewTenant): Promise<TenantView> {
  assertGlobal(ctx, "createTenants");
  const now = deps.clock.now();
  const row: store.TenantRow = { id: newId(), slug: input.slug, name: input.name, createdAt: now, updatedAt: now };
  return inTransaction(deps.db, async (tx) => {
    if (await store.findTenantBySlug(tx, input.slug)) {
      throw errors.conflict("TENANT_EXISTS", { slug: input.slug });
    }
    await store.insertTenant(tx, row);
    await recordAudit(tx, now, ctx, { action: "tenant.create", target: `tenant:${row.slug}`, after: tenantView(row), tenantId: row.id });
    return tenantView(row);
  });
}

export async function updateTenant(deps: Deps, ctx: Ctx, slug: string, patch: TenantPatch): Promise<TenantView> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const before = assertVisible(ctx, await store.findTenantBySlug(tx, slug), slug);
    const after = { ...before, ...definedOnly(patch), updatedAt: now };
    await store.updateTenantRow(tx, before.id, { name: after.name, updatedAt: now });
    await recordAudit(tx, now, ctx, {
      action: "tenant.update",
      target: `tenant:${slug}`,
      before: { name: before.name },
      after: { name: after.name },
      tenantId: before.id,
    });
    return tenantView(after);
  });
}

/** Deletes a tenant and everything it owns (tokens, admins, and later corps, directories…). */
/**
 * Deletes a tenant with everything it owns. Without `confirm` it only says what would go (409),
 * like a corp's removal: one DELETE sent by mistake or by a script must not take a whole tenant.
 * (The admin page asks for the slug to be typed, which is its confirmation.)
 */
export async function deleteTenant(deps: Deps, ctx: Ctx, slug: string, o: { confirm: boolean }): Promise<void> {
  const now = deps.clock.now();
  const tenantId = await inTransaction(deps.db, async (tx) => {
    const tenant = assertVisible(ctx, await store.findTenantBySlug(tx, slug), slug);
    assertGlobal(ctx, "deleteTenants");
    if (!o.confirm) throw new AppError("CONFIRMATION_REQUIRED", { variant: "tenant", tenant: tenant.slug, corps: await store.countCorpsOf(tx, tenant.id) });
    await store.deleteTenantRow(tx, tenant.id);
    // Recorded at the global level: the tenant's own log goes with it.
    await recordAudit(tx, now, ctx, { action: "tenant.delete", target: `tenant:${slug}`, before: tenantView(tenant), tenantId: null });
    return tenant.id;
  });
  // The tenant's jobs and its corps' (owned by the tenant too): the rows went with it, so do they.
  for (const name of deps.scheduler.namesOwnedBy(tenantId)) deps.scheduler.set(name, null, async () => {});
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
