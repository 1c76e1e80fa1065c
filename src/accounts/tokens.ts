import { z } from "zod";
import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { inTransaction } from "../kernel/db/client.ts";
import { errors } from "../kernel/errors.ts";
import { type Principal, type Scope, SCOPES } from "../kernel/http/env.ts";
import { newId, randomToken } from "../kernel/ids.ts";
import { ownerOf } from "./access.ts";
import * as store from "./store.ts";

/** Tokens start with this prefix so that secret scanners and people recognise them. */
export const TOKEN_PREFIX = "wlb_";

export const NewToken = z.object({
  name: z.string().trim().min(1, "must not be empty").max(100),
  scopes: z.array(z.enum(SCOPES)).min(1, "name at least one scope: admin, push or read"),
  expiresAt: z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z" })
    .optional(),
});
export type NewToken = z.infer<typeof NewToken>;

export type TokenView = {
  id: string;
  name: string;
  scopes: Scope[];
  /** The token's first characters, to tell tokens apart; never the token. */
  hint: string;
  tenant: "global" | "tenant";
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  status: "active" | "expired" | "revoked";
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return Buffer.from(digest).toString("hex");
}

export function tokenView(row: store.TokenRow, now: number): TokenView {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes.split(",") as Scope[],
    hint: `${row.hint}…`,
    tenant: row.tenantId === null ? "global" : "tenant",
    createdBy: row.createdBy,
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
    lastUsedAt: iso(row.lastUsedAt),
    status: row.revokedAt !== null ? "revoked" : row.expiresAt !== null && row.expiresAt <= now ? "expired" : "active",
  };
}

/** Stores a token given in plain text (e.g. BRIDGE_ADMIN_TOKEN) or a new random one; returns the plain token once. */
export async function issueToken(
  deps: Deps,
  ctx: Ctx,
  input: NewToken & { plain?: string },
): Promise<{ token: string; view: TokenView }> {
  const now = deps.clock.now();
  const expiresAt = input.expiresAt ? Date.parse(input.expiresAt) : null;
  if (expiresAt !== null && expiresAt <= now) {
    throw errors.validation([{ path: "body.expiresAt", message: "must be in the future" }]);
  }
  const token = input.plain ?? `${TOKEN_PREFIX}${randomToken(32)}`;
  const row: store.TokenRow = {
    id: newId(),
    tenantId: ownerOf(ctx),
    name: input.name,
    scopes: [...new Set(input.scopes)].join(","),
    tokenHash: await hashToken(token),
    hint: token.slice(0, TOKEN_PREFIX.length + 4),
    createdBy: ctx.actor.label,
    createdAt: now,
    expiresAt,
    revokedAt: null,
    lastUsedAt: null,
  };
  await inTransaction(deps.db, async (tx) => {
    await store.insertToken(tx, row);
    await recordAudit(tx, now, ctx, { action: "token.create", target: `token:${row.id}`, after: tokenView(row, now) });
  });
  return { token, view: tokenView(row, now) };
}

export async function listTokens(deps: Deps, ctx: Ctx): Promise<TokenView[]> {
  const now = deps.clock.now();
  return (await store.listTokenRows(deps.db, ownerOf(ctx))).map((r) => tokenView(r, now));
}

export async function getToken(deps: Deps, ctx: Ctx, id: string): Promise<TokenView> {
  const row = await store.findToken(deps.db, ownerOf(ctx), id);
  if (!row) throw errors.notFound("token", id);
  return tokenView(row, deps.clock.now());
}

/** Revokes a token at once; revoking twice is harmless. */
export async function revokeToken(deps: Deps, ctx: Ctx, id: string): Promise<TokenView> {
  const now = deps.clock.now();
  return inTransaction(deps.db, async (tx) => {
    const row = await store.findToken(tx, ownerOf(ctx), id);
    if (!row) throw errors.notFound("token", id);
    if (row.revokedAt === null) {
      await store.setTokenRevoked(tx, id, now);
      await recordAudit(tx, now, ctx, {
        action: "token.revoke",
        target: `token:${id}`,
        before: tokenView(row, now),
        after: tokenView({ ...row, revokedAt: now }, now),
      });
    }
    return tokenView({ ...row, revokedAt: row.revokedAt ?? now }, now);
  });
}

/** Turns a bearer token into a principal, or undefined when it is unknown, revoked or expired. */
export async function authenticateToken(deps: Deps, token: string): Promise<Principal | undefined> {
  if (!token.startsWith(TOKEN_PREFIX) && token.length < 24) return undefined;
  const row = await store.findTokenByHash(deps.db, await hashToken(token));
  const now = deps.clock.now();
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now)) return undefined;
  // Last use is kept to the minute: enough to spot stale tokens, without a write per request.
  if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) await store.touchToken(deps.db, row.id, now);
  return { kind: "token", id: row.id, label: `token:${row.name}`, tenantId: row.tenantId, scopes: row.scopes.split(",") as Scope[] };
}
