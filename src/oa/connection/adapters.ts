import type { Deps } from "../../deps.ts";
import type { OaConnector } from "../contract.ts";
import { createCsvConnector } from "../csv/connector.ts";
import { createDemoConnector, type DemoOaSecrets, type DemoOaSettings } from "../demo/connector.ts";
import { createHttpConnector } from "../http/connector.ts";
import type { HttpOaSecrets, HttpOaSettings } from "../http/settings.ts";
import { createLdapConnector } from "../ldap/connector.ts";
import type { LdapOaSecrets, LdapOaSettings } from "../ldap/settings.ts";
import { createSqlConnector } from "../sql/connector.ts";
import type { SqlOaSecrets, SqlOaSettings } from "../sql/settings.ts";

export type OaConnectionConfig =
  | { type: "http"; settings: HttpOaSettings; secrets: HttpOaSecrets }
  | { type: "demo"; settings: DemoOaSettings; secrets: DemoOaSecrets }
  | { type: "ldap"; settings: LdapOaSettings; secrets: LdapOaSecrets }
  | { type: "sql"; settings: SqlOaSettings; secrets: SqlOaSecrets }
  | { type: "csv"; settings: Record<string, never>; secrets: Record<string, never> };

/** One file per adapter; this is the only place that knows them all. */
export function connectorFor(deps: Deps, tenantId: string, config: OaConnectionConfig): OaConnector {
  switch (config.type) {
    case "http":
      return createHttpConnector(config.settings, config.secrets, { net: deps.config.outbound });
    case "demo":
      return createDemoConnector(config.settings, config.secrets, deps.config.outbound);
    case "ldap":
      return createLdapConnector(config.settings, config.secrets, deps.config.outbound);
    case "sql":
      return createSqlConnector(config.settings, config.secrets, deps.config.outbound);
    case "csv":
      return createCsvConnector(deps.db, tenantId);
  }
}
