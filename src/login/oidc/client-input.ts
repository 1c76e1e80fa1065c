import { z } from "@hono/zod-openapi";

/**
 * A redirect or post-logout URI a client may register: absolute, https (or http on a loopback
 * host, for local development), no fragment (RFC 6749 §3.1.2), no credentials. Matching later is
 * exact string comparison, so what is registered is what must be sent.
 */
export function uriProblem(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return "must be an absolute URL";
  }
  if (raw.includes("#")) return "must not have a fragment (#)";
  if (u.username || u.password) return "must not carry a user name or password";
  const loopback = u.hostname === "localhost" || u.hostname === "127.0.0.1" || u.hostname === "[::1]";
  if (u.protocol === "https:") return undefined;
  if (u.protocol === "http:" && loopback) return undefined;
  return "must use https (http only on localhost / 127.0.0.1 / [::1])";
}

const Uri = z
  .string()
  .trim()
  .max(2000)
  .superRefine((v, ctx) => {
    const why = uriProblem(v);
    if (why) ctx.addIssue({ code: "custom", message: why });
  });
const RedirectUris = z.array(Uri).min(1).max(20).openapi({ description: "Exact redirect URIs (compared character for character)" });
const PostLogoutUris = z.array(Uri).max(20).openapi({ description: "Exact URIs RP-initiated logout may return to" });

export const NewOidcClient = z
  .object({
    name: z.string().trim().min(1).max(100),
    type: z.enum(["public", "confidential"]).openapi({ description: "public: no secret, PKCE S256 required; confidential: a secret (client_secret_basic or client_secret_post)" }),
    redirectUris: RedirectUris,
    postLogoutUris: PostLogoutUris.default([]),
  })
  .openapi("NewOidcClient");
export type NewOidcClient = z.input<typeof NewOidcClient>;

export const OidcClientPatch = z
  .object({ name: z.string().trim().min(1).max(100), redirectUris: RedirectUris, postLogoutUris: PostLogoutUris })
  .partial()
  .openapi("OidcClientPatch");
export type OidcClientPatch = z.input<typeof OidcClientPatch>;

export const OidcClientView = z
  .object({
    id: z.string(),
    clientId: z.string(),
    name: z.string(),
    type: z.enum(["public", "confidential"]),
    redirectUris: z.array(z.string()),
    postLogoutUris: z.array(z.string()),
    issuer: z.string().openapi({ description: "The tenant's issuer; its /.well-known/openid-configuration describes every endpoint" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("OidcClient");
export type OidcClientView = z.infer<typeof OidcClientView>;

export const OidcClientWithSecret = OidcClientView.extend({
  clientSecret: z.string().nullable().openapi({ description: "Shown this once (null for a public client); only its hash is kept" }),
}).openapi("OidcClientWithSecret");
export type OidcClientWithSecret = z.infer<typeof OidcClientWithSecret>;
