import { createHash } from "node:crypto";
import type { Deps } from "../../deps.ts";
import { tenantPath } from "../session/session.ts";

/** A tenant's issuer: every OIDC endpoint lives under it, inside the session cookie's path. */
export const issuerOf = (deps: Deps, slug: string) => `${deps.config.publicUrl}${tenantPath(slug)}oidc`;
/** The path part, for redirects that stay on the bridge (sign-in page's return address). */
export const issuerPath = (slug: string) => `${tenantPath(slug)}oidc`;

/** Codes and access tokens are random; only this hash is stored, so a database copy redeems nothing. */
export const hashOf = (value: string) => createHash("sha256").update(value).digest("hex");

export const CODE_TTL_MS = 60_000;
export const ID_TOKEN_TTL_S = 300;
export const ACCESS_TOKEN_TTL_MS = 3600_000;
export const SCOPES = ["openid", "profile", "email", "phone"] as const;
