import type { Deps } from "../../deps.ts";
import { issuerOf, SCOPES } from "./issuer.ts";

/** The tenant's OpenID Provider metadata (OpenID Connect Discovery 1.0 §3): what this provider does, and only that. */
export function discoveryOf(deps: Deps, slug: string) {
  const issuer = issuerOf(deps, slug);
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/jwks`,
    end_session_endpoint: `${issuer}/logout`,
    response_types_supported: ["code"],
    response_modes_supported: ["query"],
    grant_types_supported: ["authorization_code"],
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["ES256", "RS256"],
    scopes_supported: [...SCOPES],
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "sid", "name", "preferred_username", "email", "phone_number", "welink_user_id", "welink_corp", "welink_corp_name"],
    token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post", "none"],
    code_challenge_methods_supported: ["S256"],
    prompt_values_supported: ["none", "login"],
    authorization_response_iss_parameter_supported: true,
    claims_parameter_supported: false,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
  };
}
