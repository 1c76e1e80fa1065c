import { z } from "zod";
import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Ctx } from "../kernel/actor.ts";
import { inTransaction } from "../kernel/db/client.ts";
import { errors } from "../kernel/errors.ts";
import { newId } from "../kernel/ids.ts";
import { ownerOf } from "./access.ts";
import * as store from "./store.ts";

export const Username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._@-]{3,64}$/, "use 3–64 letters, digits and . _ @ -");
export const Password = z.string().min(10, "must be at least 10 characters").max(256);
export const NewAdminUser = z.object({ username: Username, password: Password });
export type NewAdminUser = z.infer<typeof NewAdminUser>;

export type AdminUserView = {
  id: string;
  username: string;
  level: "global" | "tenant";
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const adminUserView = (u: store.AdminUserRow): AdminUserView => ({
  id: u.id,
  username: u.username,
  level: u.tenantId === null ? "global" : "tenant",
  lockedUntil: iso(u.lockedUntil),
  lastLoginAt: iso(u.lastLoginAt),
  createdAt: new Date(u.createdAt).toISOString(),
});

export const hashPassword = (password: string) => Bun.password.hash(password, { algorithm: "argon2id" });

export async function listAdminUsers(deps: Deps, ctx: Ctx): Promise<AdminUserView[]> {
  return (await store.listAdminUserRows(deps.db, ownerOf(ctx))).map(adminUserView);
}

/** Adds an admin of the acting tenant (a global admin when acting at the global level). */
export async function createAdminUser(deps: Deps, ctx: Ctx, input: NewAdminUser): Promise<AdminUserView> {
  const now = deps.clock.now();
  const row: store.AdminUserRow = {
    id: newId(),
    tenantId: ownerOf(ctx),
    username: input.username,
    passwordHash: await hashPassword(input.password),
    failedLogins: 0,
    lockedUntil: null,
    lastLoginAt: null,
    createdAt: now,
  };
  return inTransaction(deps.db, async (tx) => {
    if (await store.findAdminUserByName(tx, input.username)) {
      throw errors.conflict("USERNAME_TAKEN", { username: input.username });
    }
    await store.insertAdminUser(tx, row);
    await recordAudit(tx, now, ctx, { action: "admin.create", target: `admin:${row.username}`, after: adminUserView(row) });
    return adminUserView(row);
  });
}

export async function deleteAdminUser(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  const now = deps.clock.now();
  await inTransaction(deps.db, async (tx) => {
    const row = await store.findAdminUser(tx, ownerOf(ctx), id);
    if (!row) throw errors.notFound("adminUser", id);
    if (ctx.actor.label === `user:${row.username}`) {
      throw errors.conflict("CANNOT_REMOVE_SELF");
    }
    if (row.tenantId === null && (await store.listAdminUserRows(tx, null)).length <= 1) {
      throw errors.conflict("LAST_GLOBAL_ADMIN");
    }
    await store.deleteAdminUserRow(tx, id);
    await recordAudit(tx, now, ctx, { action: "admin.delete", target: `admin:${row.username}`, before: adminUserView(row) });
  });
}

/** Sets a new password, unlocks the account and ends its sessions. */
export async function setAdminPassword(deps: Deps, ctx: Ctx, username: string, password: string): Promise<void> {
  const now = deps.clock.now();
  const hash = await hashPassword(Password.parse(password));
  await inTransaction(deps.db, async (tx) => {
    const row = await store.findAdminUserByName(tx, username);
    if (!row || (!ctx.actor.global && row.tenantId !== ctx.actor.tenantId)) throw errors.notFound("adminUser", username);
    await store.updateAdminUser(tx, row.id, { passwordHash: hash, failedLogins: 0, lockedUntil: null });
    await store.deleteUserSessions(tx, row.id);
    await recordAudit(tx, now, ctx, {
      action: "admin.password",
      target: `admin:${username}`,
      after: { password: "changed" },
      tenantId: row.tenantId,
    });
  });
}
