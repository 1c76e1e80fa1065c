import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { AppError } from "../../kernel/errors.ts";
import { corpRowOf } from "../../corps/index.ts";
import { findConnection, oaConnectorFor, type OaWriteCapability } from "../../oa/index.ts";

/**
 * Whether the tenant's OA connection can take a write-back, and if not why, so the admin says
 * the reason instead of offering buttons that would only be refused. Read-only sources (CSV
 * uploads, the OA's database) never can; an http connection can once its write endpoints are set.
 */
export type WritebackAbility =
  | { can: true; capabilities: OaWriteCapability[] }
  | { can: false; reason: "notConfigured" | "csv" | "sql" | "noEndpoints" | "readOnly" | "broken" };

export async function writebackAbility(deps: Deps, ctx: Ctx, corpId: string): Promise<WritebackAbility> {
  const corp = await corpRowOf(deps.db, ctx, corpId);
  const row = await findConnection(deps.db, corp.tenantId);
  if (!row) return { can: false, reason: "notConfigured" };
  if (row.type === "csv" || row.type === "sql") return { can: false, reason: row.type };
  try {
    const writer = (await oaConnectorFor(deps, corp.tenantId)).writer;
    if (writer && writer.capabilities.size > 0) return { can: true, capabilities: [...writer.capabilities] };
    return { can: false, reason: row.type === "http" ? "noEndpoints" : "readOnly" };
  } catch (e) {
    // Stored settings the connector refuses (an older shape, a secret that no longer opens).
    if (e instanceof AppError) return { can: false, reason: "broken" };
    throw e;
  }
}
