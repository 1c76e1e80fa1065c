import { createHash, timingSafeEqual } from "node:crypto";
import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { inTransaction } from "../../kernel/db/client.ts";
import { AppError, errors } from "../../kernel/errors.ts";
import type { TenantRef } from "../../kernel/http/env.ts";
import { newId, randomToken } from "../../kernel/ids.ts";
import { NewOidcClient, OidcClientPatch, type OidcClientView, type OidcClientWithSecret } from "./client-input.ts";
import { issuerOf } from "./issuer.ts";
import * as store from "./store.ts";

/*
 * The tenant's OIDC clients (relying parties). A confidential client's secret is 256 random bits,
 * shown once; only its SHA-256 is kept (like API tokens), so neither the database nor the audit
 * trail can give it back. A slow password hash would add nothing against guessing 256 random bits
 * and would cost every token request ~100 ms of CPU — a lever for anyone posting wrong secrets.
 */

const tenantOf = (ctx: Ctx): TenantRef => {
  if (!ctx.tenant) throw new AppError("TENANT_REQUIRED");
  return ctx.tenant;
};
const iso = (ms: number) => new Date(ms).toISOString();

export function clientView(deps: Deps, slug: string, r: store.ClientRow): OidcClientView {
  return {
    id: r.id, clientId: r.clientId, name: r.name, type: r.type,
    redirectUris: JSON.parse(r.redirectUris) as string[], postLogoutUris: JSON.parse(r.postLogoutUris) as string[],
    issuer: issuerOf(deps, slug), createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
  };
}
const auditOf = (v: OidcClientView) => ({ clientId: v.clientId, name: v.name, type: v.type, redirectUris: v.redirectUris, postLogoutUris: v.postLogoutUris });

async function rowOf(deps: Deps, ctx: Ctx, id: string): Promise<store.ClientRow> {
  const row = await store.findClientRow(deps.db, tenantOf(ctx).id, id);
  if (!row) throw errors.notFound("oidcClient", id);
  return row;
}

const sha256 = (secret: string) => createHash("sha256").update(secret).digest();
export const hashSecret = async (secret: string) => `sha256:${sha256(secret).toString("hex")}`;
export async function secretMatches(row: store.ClientRow, secret: string): Promise<boolean> {
  if (!row.secretHash || secret.length === 0 || secret.length > 200) return false;
  const stored = Buffer.from(row.secretHash.replace(/^sha256:/, ""), "hex");
  return stored.length === 32 && timingSafeEqual(stored, sha256(secret));
}

export async function listOidcClients(deps: Deps, ctx: Ctx): Promise<OidcClientView[]> {
  const t = tenantOf(ctx);
  return (await store.listClientRows(deps.db, t.id)).map((r) => clientView(deps, t.slug, r));
}

export async function getOidcClient(deps: Deps, ctx: Ctx, id: string): Promise<OidcClientView> {
  return clientView(deps, tenantOf(ctx).slug, await rowOf(deps, ctx, id));
}

export async function createOidcClient(deps: Deps, ctx: Ctx, raw: NewOidcClient): Promise<OidcClientWithSecret> {
  const input = NewOidcClient.parse(raw);
  const t = tenantOf(ctx);
  const now = deps.clock.now();
  const secret = input.type === "confidential" ? randomToken(32) : null;
  const row: store.ClientRow = {
    id: newId(), tenantId: t.id, clientId: `oidc_${randomToken(15)}`, name: input.name, type: input.type,
    secretHash: secret ? await hashSecret(secret) : null,
    redirectUris: JSON.stringify(input.redirectUris), postLogoutUris: JSON.stringify(input.postLogoutUris),
    createdAt: now, updatedAt: now,
  };
  return inTransaction(deps.db, async (tx) => {
    await store.insertClientRow(tx, row);
    const view = clientView(deps, t.slug, row);
    await recordAudit(tx, now, ctx, { action: "sso.oidc.client.create", target: `oidc-client:${row.id}`, after: auditOf(view) });
    return { ...view, clientSecret: secret };
  });
}

export async function updateOidcClient(deps: Deps, ctx: Ctx, id: string, raw: OidcClientPatch): Promise<OidcClientView> {
  const patch = OidcClientPatch.parse(raw);
  const t = tenantOf(ctx);
  const before = await rowOf(deps, ctx, id);
  const now = deps.clock.now();
  const after: store.ClientRow = {
    ...before,
    ...(patch.name === undefined ? {} : { name: patch.name }),
    ...(patch.redirectUris === undefined ? {} : { redirectUris: JSON.stringify(patch.redirectUris) }),
    ...(patch.postLogoutUris === undefined ? {} : { postLogoutUris: JSON.stringify(patch.postLogoutUris) }),
    updatedAt: now,
  };
  return inTransaction(deps.db, async (tx) => {
    await store.updateClientRow(tx, t.id, id, { name: after.name, redirectUris: after.redirectUris, postLogoutUris: after.postLogoutUris, updatedAt: now });
    const view = clientView(deps, t.slug, after);
    await recordAudit(tx, now, ctx, { action: "sso.oidc.client.update", target: `oidc-client:${id}`, before: auditOf(clientView(deps, t.slug, before)), after: auditOf(view) });
    return view;
  });
}

/** A new secret for a confidential client; the old one stops working at once. */
export async function rotateOidcClientSecret(deps: Deps, ctx: Ctx, id: string): Promise<OidcClientWithSecret> {
  const t = tenantOf(ctx);
  const row = await rowOf(deps, ctx, id);
  if (row.type !== "confidential") throw errors.validation([{ path: "type", message: "a public client has no secret to rotate" }]);
  const secret = randomToken(32);
  const secretHash = await hashSecret(secret);
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    await store.updateClientRow(tx, t.id, id, { secretHash, updatedAt: now });
    await recordAudit(tx, now, ctx, { action: "sso.oidc.client.rotate-secret", target: `oidc-client:${id}` });
    return { ...clientView(deps, t.slug, { ...row, updatedAt: now }), clientSecret: secret };
  });
}

/** Deletes the client and revokes every access token it holds. */
export async function deleteOidcClient(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  const t = tenantOf(ctx);
  const row = await rowOf(deps, ctx, id);
  const now = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    await store.revokeTokensOfClient(tx, t.id, row.clientId, now);
    await store.deleteClientRow(tx, t.id, id);
    await recordAudit(tx, now, ctx, { action: "sso.oidc.client.delete", target: `oidc-client:${id}`, before: auditOf(clientView(deps, t.slug, row)) });
  });
}
