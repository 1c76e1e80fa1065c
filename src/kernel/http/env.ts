/** What the authentication middleware learns about the caller. */
export type Principal = {
  kind: "token";
  id: string;
  label: string;
  /** NULL: a global token, which names the tenant with X-Bridge-Tenant. */
  tenantId: string | null;
  scopes: Scope[];
};

/** admin: everything; read: reads; push: message intake only; oa: what the OA itself calls (handoff redeem). */
export const SCOPES = ["admin", "push", "read", "oa"] as const;
export type Scope = (typeof SCOPES)[number];

export type TenantRef = { id: string; slug: string };

export type AppEnv = {
  Variables: {
    requestId: string;
    principal: Principal | undefined;
    /** The tenant the request acts in; null in the global context of a global token. */
    tenant: TenantRef | null;
    ip: string;
  };
};
