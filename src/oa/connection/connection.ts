import { z } from "zod";
import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { mask } from "../../kernel/crypto/secret-box.ts";
import { inTransaction } from "../../kernel/db/client.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import { cronProblem } from "../../kernel/scheduler.ts";
import type { ConnectionReport } from "../contract.ts";
import { oaConnectorFor, openSecrets, sealContext } from "./load-connector.ts";
import { scheduleOaRefresh } from "./refresh.ts";
import { oaErrors } from "./errors.ts";
import { HttpOaSecrets, HttpOaSettings } from "../http/settings.ts";
import { LdapOaSecrets, LdapOaSettings } from "../ldap/settings.ts";
import { SqlOaSecrets, SqlOaSettings } from "../sql/settings.ts";
import * as store from "../store.ts";

const RefreshCron = z.string().trim().min(1).max(100).nullable().default(null);
/** LDAP / AD, which can read changes alone: how often a scheduled refresh still reads everything (and so finds deletions). */
const FullRefreshHours = z.number().int().min(1).max(720).nullable().default(null);

export const OaConnectionInput = z.discriminatedUnion("type", [
  z.object({ type: z.literal("http"), settings: HttpOaSettings, secrets: HttpOaSecrets.optional(), refreshCron: RefreshCron }),
  z.object({
    type: z.literal("demo"),
    settings: z.object({ baseUrl: z.url({ protocol: /^https?$/ }) }),
    secrets: z.object({ token: z.string().min(1).optional() }).optional(),
    refreshCron: RefreshCron,
  }),
  z.object({ type: z.literal("ldap"), settings: LdapOaSettings, secrets: LdapOaSecrets.optional(), refreshCron: RefreshCron, fullRefreshHours: FullRefreshHours }),
  z.object({ type: z.literal("sql"), settings: SqlOaSettings, secrets: SqlOaSecrets.optional(), refreshCron: RefreshCron }),
  z.object({ type: z.literal("csv"), settings: z.object({}).default({}), refreshCron: z.null().default(null) }),
]);
export type OaConnectionInput = z.input<typeof OaConnectionInput>;

export type OaConnectionView = {
  type: "http" | "demo" | "ldap" | "csv" | "sql";
  settings: unknown;
  /** Which secrets are set, masked; a secret is replaced by sending it again, never read back. */
  secrets: Record<string, string | null>;
  refreshCron: string | null;
  /** LDAP: hours between full scheduled refreshes (null: 24); the refreshes between read changes only. */
  fullRefreshHours: number | null;
  updatedAt: string;
  updatedBy: string;
};

const viewOf = (row: store.ConnectionRow, secrets: Record<string, string>): OaConnectionView => ({
  type: row.type,
  settings: JSON.parse(row.settings) as unknown,
  secrets: Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, mask(v)])),
  refreshCron: row.refreshCron,
  fullRefreshHours: row.fullRefreshHours,
  updatedAt: new Date(row.updatedAt).toISOString(),
  updatedBy: row.updatedBy,
});

const tenantOf = (ctx: Ctx) => {
  if (!ctx.tenant) throw new AppError("FORBIDDEN", { variant: "tenantFor", resource: "oaConnection" });
  return ctx.tenant;
};

export async function getOaConnection(deps: Deps, ctx: Ctx): Promise<OaConnectionView> {
  const row = await store.findConnection(deps.db, tenantOf(ctx).id);
  if (!row) throw oaErrors.notConfigured();
  return viewOf(row, await openSecrets(deps, row));
}

/** Saves the tenant's OA connection; secrets not sent are kept (when the type stays the same). */
export async function saveOaConnection(deps: Deps, ctx: Ctx, raw: OaConnectionInput): Promise<OaConnectionView> {
  const input = OaConnectionInput.parse(raw);
  const tenant = tenantOf(ctx);
  if (input.refreshCron) {
    const problem = cronProblem(input.refreshCron, deps.config.timezone);
    if (problem) throw errors.validation([{ path: "body.refreshCron", message: `not a usable cron expression: ${problem}` }]);
  }
  const now = deps.clock.now();
  const view = await inTransaction(deps.db, async (tx) => {
    const before = await store.findConnection(tx, tenant.id);
    const kept = before && before.type === input.type ? await openSecrets(deps, before) : {};
    const given = "secrets" in input && input.secrets ? definedOnly(input.secrets) : {};
    const secrets = { ...kept, ...given };
    const row: store.ConnectionRow = {
      tenantId: tenant.id,
      type: input.type,
      settings: JSON.stringify(input.settings),
      secrets: Object.keys(secrets).length ? await deps.box.seal(JSON.stringify(secrets), sealContext(tenant.id)) : null,
      refreshCron: input.refreshCron,
      fullRefreshHours: input.type === "ldap" ? input.fullRefreshHours : null,
      updatedAt: now,
      updatedBy: ctx.actor.label,
    };
    await store.upsertConnection(tx, row);
    const after = viewOf(row, secrets);
    await recordAudit(tx, now, ctx, {
      action: "oa.connection.save",
      target: `oa:${tenant.slug}`,
      before: before ? { ...viewOf(before, {}), updatedAt: undefined } : undefined,
      after: { ...after, updatedAt: undefined },
    });
    return after;
  });
  scheduleOaRefresh(deps, tenant.id, input.refreshCron);
  return view;
}

export async function deleteOaConnection(deps: Deps, ctx: Ctx): Promise<void> {
  const tenant = tenantOf(ctx);
  await inTransaction(deps.db, async (tx) => {
    const before = await store.findConnection(tx, tenant.id);
    if (!before) throw oaErrors.notConfigured();
    await store.deleteConnection(tx, tenant.id);
    await recordAudit(tx, deps.clock.now(), ctx, { action: "oa.connection.delete", target: `oa:${tenant.slug}`, before: viewOf(before, {}) });
  });
  scheduleOaRefresh(deps, tenant.id, null);
}

export async function testOaConnection(deps: Deps, ctx: Ctx): Promise<ConnectionReport> {
  return (await oaConnectorFor(deps, tenantOf(ctx).id)).testConnection();
}

function definedOnly<T extends object>(o: T): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => typeof v === "string" && v !== "")) as Record<string, string>;
}
