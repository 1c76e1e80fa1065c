import type { Deps } from "../deps.ts";
import { SECRET_COLUMNS, secretContext } from "../kernel/db/secrets.ts";

// An app's client_secret is sealed to its row; a master-key rotation re-seals it.
SECRET_COLUMNS.push({ table: "apps", id: "id", column: "client_secret" });
const appSecretContext = (appId: string) => secretContext("apps", "client_secret", appId);

export const sealAppSecret = (deps: Deps, appId: string, secret: string) => deps.box.seal(secret, appSecretContext(appId));
export const openAppSecret = (deps: Deps, appId: string, sealed: string) => deps.box.open(sealed, appSecretContext(appId));
