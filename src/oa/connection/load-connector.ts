import type { Deps } from "../../deps.ts";
import { SECRET_COLUMNS, secretContext } from "../../kernel/db/secrets.ts";
import { connectorFor, type OaConnectionConfig } from "./adapters.ts";
import type { OaConnector } from "../contract.ts";
import { oaErrors } from "./errors.ts";
import * as store from "../store.ts";

// The connection's secrets are sealed JSON; a master-key rotation re-seals them.
SECRET_COLUMNS.push({ table: "oa_connections", id: "tenant_id", column: "secrets" });
export const sealContext = (tenantId: string) => secretContext("oa_connections", "secrets", tenantId);

export async function openSecrets(deps: Deps, row: store.ConnectionRow): Promise<Record<string, string>> {
  if (!row.secrets) return {};
  return JSON.parse(await deps.box.open(row.secrets, sealContext(row.tenantId))) as Record<string, string>;
}

/** The tenant's configured connector with its secrets opened (for refreshes and password checks). */
export async function oaConnectorFor(deps: Deps, tenantId: string): Promise<OaConnector> {
  const row = await store.findConnection(deps.db, tenantId);
  if (!row) throw oaErrors.notConfigured();
  const config = { type: row.type, settings: JSON.parse(row.settings), secrets: await openSecrets(deps, row) } as OaConnectionConfig;
  return connectorFor(deps, tenantId, config);
}
