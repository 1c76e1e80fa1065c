import type { Deps } from "../deps.ts";
import { systemCtx } from "../kernel/actor.ts";
import { inTransaction } from "../kernel/db/client.ts";
import { newId, randomToken } from "../kernel/ids.ts";
import { hashPassword } from "./admins.ts";
import { hashToken, issueToken, revokeToken } from "./tokens.ts";
import * as store from "./store.ts";

const ENV_TOKEN = "BRIDGE_ADMIN_TOKEN";

export type BootstrapResult = {
  createdTenant: boolean;
  /** Set only when generated here: shown once to the operator, stored only as a hash. */
  generatedToken?: string;
  generatedPassword?: string;
};

/**
 * First start on an empty database: tenant `default`, the global admin token and the `admin`
 * user (generated ones only with `generate`, i.e. when serving, where they are printed). Later starts only make sure BRIDGE_ADMIN_TOKEN (when set) is a known token, so an
 * operator who lost every token can get back in by setting it — unless that token was revoked.
 * A changed BRIDGE_ADMIN_TOKEN revokes the one it replaces: changing the variable is how an
 * operator rotates a leaked token, so the old value must stop working. (Unsetting it revokes
 * nothing: the token stays as issued, like any other, and is revoked over the API.)
 */
export async function ensureBootstrap(deps: Deps, options: { generate: boolean } = { generate: true }): Promise<BootstrapResult> {
  const now = deps.clock.now();
  const result: BootstrapResult = { createdTenant: false };
  if ((await store.countTenants(deps.db)) === 0) {
    await inTransaction(deps.db, async (tx) => {
      if ((await store.countTenants(tx)) > 0) return;
      await store.insertTenant(tx, { id: newId(), slug: "default", name: "Default", createdAt: now, updatedAt: now });
      result.createdTenant = true;
    });
  }

  // Generated credentials are made only where they can be shown (serve), never lost in a one-off command.
  if ((options.generate || deps.config.adminPassword) && (await store.listAdminUserRows(deps.db, null)).length === 0) {
    const password = deps.config.adminPassword ?? randomToken(12);
    await store
      .insertAdminUser(deps.db, {
        id: newId(),
        tenantId: null,
        username: "admin",
        passwordHash: await hashPassword(password),
        failedLogins: 0,
        lockedUntil: null,
        lastLoginAt: null,
        createdAt: now,
      })
      .onConflictDoNothing();
    if (!deps.config.adminPassword) result.generatedPassword = password;
  }

  const envToken = deps.config.adminToken;
  if (envToken) {
    const current = (await store.findTokenByHash(deps.db, await hashToken(envToken))) ?? (await issueToken(deps, systemCtx(), { name: ENV_TOKEN, scopes: ["admin"], plain: envToken })).view;
    await revokeFormerEnvTokens(deps, current.id);
  } else if (options.generate && (await store.listTokenRows(deps.db, null)).length === 0) {
    result.generatedToken = (await issueToken(deps, systemCtx(), { name: "bootstrap", scopes: ["admin"] })).token;
  }
  return result;
}

/**
 * Revokes global tokens issued from an earlier value of the variable (named after it, issued by
 * the system rather than by a person), each with its audit line; tokens people issued are untouched.
 */
async function revokeFormerEnvTokens(deps: Deps, currentId: string): Promise<void> {
  const former = (await store.listTokenRows(deps.db, null)).filter((t) => t.id !== currentId && t.name === ENV_TOKEN && t.createdBy === systemCtx().actor.label && t.revokedAt === null);
  for (const t of former) {
    await revokeToken(deps, systemCtx(), t.id);
    deps.log.warn("BRIDGE_ADMIN_TOKEN changed: the token of its former value is revoked", { tokenId: t.id, hint: t.hint });
  }
}
