import { createHash } from "node:crypto";
import { recordAudit } from "../audit/index.ts";
import type { Deps } from "../deps.ts";
import type { Actor } from "../kernel/actor.ts";
import { AppError, errors } from "../kernel/errors.ts";
import { randomToken } from "../kernel/ids.ts";
import type { AdminSession as UiSession } from "../ui/index.ts";
import { createSignInThrottle, type SignInThrottle } from "./sign-in-throttle.ts";
import * as store from "./store.ts";

export const SESSION_MS = 12 * 60 * 60_000;

// Compared against when the user does not exist, so that a wrong name costs as long as a wrong password.
const DUMMY_HASH = Bun.password.hashSync("not-a-real-password-0", { algorithm: "argon2id" });

const sessionHash = (value: string) => createHash("sha256").update(value).digest("hex");

export type AdminSession = {
  idHash: string;
  user: store.AdminUserRow;
  actor: Actor;
  /** The tenant the admin works in; null = global view (global admins only). */
  tenant: store.TenantRow | null;
};

/** What the admin kit keeps of a session (ui/): enough to sign out or switch tenants. */
type SignedIn = UiSession;

const invalid = () => new AppError("INVALID_CREDENTIALS");
const throttled = (seconds: number) =>
  new AppError("ACCOUNT_LOCKED", { seconds }, { headers: { "Retry-After": String(seconds) } });

const throttles = new WeakMap<Deps, SignInThrottle>();
const throttleOf = (deps: Deps) => {
  let t = throttles.get(deps);
  if (!t) throttles.set(deps, (t = createSignInThrottle(() => deps.clock.now())));
  return t;
};

/**
 * Checks a password, throttled per address + user name; on success returns the new session's
 * cookie value. A known and an unknown name answer alike (same error, a hash check each).
 */
export async function loginAdmin(
  deps: Deps,
  input: { username: string; password: string; ip?: string; requestId?: string },
): Promise<{ cookie: string; user: store.AdminUserRow }> {
  const now = deps.clock.now();
  const throttle = throttleOf(deps);
  const waiting = throttle.waiting(input.ip, input.username);
  if (waiting !== undefined) throw throttled(waiting);
  const refuse = () => {
    const wait = throttle.failed(input.ip, input.username);
    return wait === undefined ? invalid() : throttled(wait);
  };
  const user = await store.findAdminUserByName(deps.db, input.username.trim());
  if (!user) {
    await Bun.password.verify(input.password, DUMMY_HASH);
    throw refuse();
  }
  const ctx = {
    actor: { label: `user:${user.username}`, global: user.tenantId === null, tenantId: user.tenantId },
    tenant: null,
    ip: input.ip,
    requestId: input.requestId,
  };
  if (!(await Bun.password.verify(input.password, user.passwordHash))) throw refuse();
  throttle.succeeded(input.ip, input.username);
  const cookie = randomToken(32);
  await store.updateAdminUser(deps.db, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
  await store.insertSession(deps.db, {
    idHash: sessionHash(cookie),
    userId: user.id,
    tenantId: user.tenantId ?? (await store.findTenantBySlug(deps.db, "default"))?.id ?? null,
    createdAt: now,
    expiresAt: now + SESSION_MS,
  });
  await recordAudit(deps.db, now, ctx, { action: "admin.login", target: `admin:${user.username}`, tenantId: user.tenantId });
  return { cookie, user };
}

export async function resolveAdminSession(deps: Deps, cookie: string | undefined): Promise<AdminSession | undefined> {
  if (!cookie) return undefined;
  const idHash = sessionHash(cookie);
  const session = await store.findSession(deps.db, idHash);
  if (!session || session.expiresAt <= deps.clock.now()) return undefined;
  const user = await store.findAdminUserById(deps.db, session.userId);
  if (!user) return undefined;
  const tenantId = user.tenantId ?? session.tenantId;
  const tenant = tenantId ? ((await store.findTenantById(deps.db, tenantId)) ?? null) : null;
  return {
    idHash,
    user,
    actor: { label: `user:${user.username}`, global: user.tenantId === null, tenantId: user.tenantId },
    tenant,
  };
}

export async function logoutAdmin(deps: Deps, session: SignedIn): Promise<void> {
  await store.deleteSession(deps.db, session.idHash);
  const ctx = { actor: session.actor, tenant: null };
  await recordAudit(deps.db, deps.clock.now(), ctx, { action: "admin.logout", target: `admin:${session.user.username}`, tenantId: session.user.tenantId });
}

/** A global admin chooses the tenant to work in (or the global view); tenant admins cannot. */
export async function switchAdminTenant(deps: Deps, session: SignedIn, slug: string | null): Promise<void> {
  if (session.user.tenantId !== null) return;
  const tenant = slug ? await store.findTenantBySlug(deps.db, slug) : undefined;
  if (slug && !tenant) throw errors.notFound("tenant", slug);
  await store.setSessionTenant(deps.db, session.idHash, tenant?.id ?? null);
}
