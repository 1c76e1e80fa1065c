import type { OaConnector } from "./connector.ts";
import { oaErrors } from "./errors.ts";
import type { HttpOaSecrets, HttpOaSettings } from "./http-settings.ts";

export type HttpConnectorOptions = { fetch?: typeof fetch };

// Placeholder: to be written (the generic REST/JSON adapter).
export function createHttpConnector(_settings: HttpOaSettings, _secrets: HttpOaSecrets, _options: HttpConnectorOptions = {}): OaConnector {
  const notYet = () => {
    throw oaErrors.notSupported("The http adapter is not written yet.");
  };
  return {
    testConnection: async () => notYet(),
    listDepartments: async function* () {
      notYet();
    },
    listUsers: async function* () {
      notYet();
    },
    verifyPassword: async () => notYet(),
  };
}
