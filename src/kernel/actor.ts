import type { TenantRef } from "./http/env.ts";

/** Who is acting: an API token, an admin user, the CLI or the bridge itself. */
export type Actor = {
  /** e.g. `token:ci-deploy`, `user:admin`, `cli`, `system`. */
  label: string;
  /** A global actor may act in any tenant and at the global level. */
  global: boolean;
  /** The actor's own tenant (NULL for global actors). */
  tenantId: string | null;
};

/** The context of one use case call: who acts, in which tenant, for which request. */
export type Ctx = {
  actor: Actor;
  /** The tenant acted in; null at the global level. */
  tenant: TenantRef | null;
  requestId?: string;
  ip?: string;
};

export const systemCtx = (tenant: TenantRef | null = null): Ctx => ({
  actor: { label: "system", global: true, tenantId: null },
  tenant,
});
