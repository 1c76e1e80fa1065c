import type { Ctx } from "../kernel/actor.ts";
import { AppError, errors, type WordOf } from "../kernel/errors.ts";
import type { TenantRow } from "./store.ts";

/** A tenant is visible to global actors and to its own actors; to anyone else it does not exist. */
export function assertVisible(ctx: Ctx, tenant: TenantRow | undefined, slug: string): TenantRow {
  if (!tenant || (!ctx.actor.global && ctx.actor.tenantId !== tenant.id)) throw errors.notFound("tenant", slug);
  return tenant;
}

export function assertGlobal(ctx: Ctx, action: WordOf<"action">): void {
  if (!ctx.actor.global) throw new AppError("FORBIDDEN", { variant: "globalOnly", action });
}

/** The tenant whose rows this call may touch: the acting tenant, or NULL at the global level. */
export function ownerOf(ctx: Ctx): string | null {
  if (ctx.tenant) return ctx.tenant.id;
  if (!ctx.actor.global) return ctx.actor.tenantId;
  return null;
}
