import { z } from "@hono/zod-openapi";
import { and, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { inTransaction } from "../../kernel/db/client.ts";
import { AppError } from "../../kernel/errors.ts";
import { tenantOf } from "../../corps/index.ts";
import { oaUsers } from "../../oa/index.ts";
import { signInSessions, ssoSettings } from "./schema.ts";
import { singleLogout } from "../cas/logout.ts";
import { ssoSettingsFor } from "./session.ts";

/* The tenant's SSO settings and its people's sign-in sessions, for the API and the admin: tenant-scoped, audited. */

export const SsoSettingsInput = z
  .object({
    method: z.enum(["handoff", "cas", "oidc"]).optional().openapi({ description: "How the homepage and message links sign people in to the OA" }),
    sessionMinutes: z.number().int().min(5).max(43200).optional().openapi({ description: "Lifetime of a sign-in session, 5 minutes to 30 days" }),
  })
  .strict();
export type SsoSettingsInput = z.infer<typeof SsoSettingsInput>;

export async function saveSsoSettings(deps: Deps, ctx: Ctx, input: SsoSettingsInput) {
  const tenant = tenantOf(ctx);
  const before = await ssoSettingsFor(deps, tenant.id);
  const next = { ...before, ...input };
  const now = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    const row = { tenantId: tenant.id, method: next.method, sessionMinutes: next.sessionMinutes, updatedAt: now };
    await tx.insert(ssoSettings).values(row).onConflictDoUpdate({ target: ssoSettings.tenantId, set: row });
    await recordAudit(tx, now, ctx, { action: "sso.settings.save", target: `sso:${tenant.slug}`, before, after: next });
  });
  return next;
}

export type SessionFilter = { oaUserId?: string; welinkUserId?: string; person?: string; all?: boolean; limit: number };

/** `person`: part of the OA name or account, or the exact OA / WeLink user id (what an admin types). */
const personMatches = (q: string) =>
  or(sql`instr(${oaUsers.name}, ${q}) > 0`, sql`instr(${oaUsers.account}, ${q}) > 0`, eq(signInSessions.oaUserId, q), eq(signInSessions.welinkUserId, q));

/** Sessions of the tenant, newest first, with the person's OA name and account: live ones only unless `all`. */
export async function listSessions(deps: Deps, ctx: Ctx, f: SessionFilter) {
  const tenant = tenantOf(ctx);
  const now = deps.clock.now();
  const person = f.person?.trim();
  const rows = await deps.db
    .select({ s: signInSessions, name: oaUsers.name, oaAccount: oaUsers.account })
    .from(signInSessions)
    .leftJoin(oaUsers, and(eq(oaUsers.tenantId, signInSessions.tenantId), eq(oaUsers.id, signInSessions.oaUserId)))
    .where(
      and(
        eq(signInSessions.tenantId, tenant.id),
        f.oaUserId ? eq(signInSessions.oaUserId, f.oaUserId) : undefined,
        f.welinkUserId ? eq(signInSessions.welinkUserId, f.welinkUserId) : undefined,
        person ? personMatches(person) : undefined,
        f.all ? undefined : and(isNull(signInSessions.endedAt), gt(signInSessions.expiresAt, now)),
      ),
    )
    .orderBy(desc(signInSessions.createdAt))
    .limit(f.limit);
  // Never the token's hash: it is the only secret of a session.
  return rows.map(({ s: { tokenHash: _hash, tenantId: _t, ...s }, name, oaAccount }) => ({ ...s, name, oaAccount, live: s.endedAt === null && s.expiresAt > now }));
}

/**
 * Ends a live session of the tenant (an admin's revocation), audited; 404 for another tenant's or
 * an ended one. Then the CAS services that received tickets in it get single logout, as on /logout.
 */
export async function revokeSession(deps: Deps, ctx: Ctx, id: string): Promise<{ id: string; ended: true }> {
  const tenant = tenantOf(ctx);
  const now = deps.clock.now();
  const session = await inTransaction(deps.db, async (tx) => {
    const ended = await tx
      .update(signInSessions)
      .set({ endedAt: now, endReason: "revoked" })
      .where(and(eq(signInSessions.id, id), eq(signInSessions.tenantId, tenant.id), isNull(signInSessions.endedAt)))
      .returning();
    const row = ended[0];
    if (!row) throw new AppError("NOT_FOUND", { kind: "signInSession", id });
    await recordAudit(tx, now, ctx, { action: "sso.session.revoke", target: `session:${id}`, after: { oaUserId: row.oaUserId, welinkUserId: row.welinkUserId } });
    return row;
  });
  await singleLogout(deps, session);
  return { id, ended: true };
}
