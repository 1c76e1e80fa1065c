import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, type App } from "../../src/app.ts";
import { parseConfig, type Config } from "../../src/config.ts";
import { buildDeps, type Deps } from "../../src/deps.ts";
import { frozenClock, type Clock } from "../../src/kernel/clock.ts";
import { createLogger } from "../../src/kernel/log.ts";
import { systemCtx } from "../../src/kernel/actor.ts";
import { ensureBootstrap } from "../../src/accounts/bootstrap.ts";
import { createTenant } from "../../src/accounts/tenants.ts";
import { issueToken } from "../../src/accounts/tokens.ts";
import type { Scope } from "../../src/kernel/http/env.ts";
import { findTenantBySlug } from "../../src/accounts/store.ts";

export const ADMIN_TOKEN = "wlb_test-global-admin-token-0123456789";
export const ADMIN_PASSWORD = "correct-horse-battery";

export type Harness = {
  deps: Deps;
  app: App;
  config: Config;
  dir: string;
  logs: string[];
  /** `app.request` with the global admin token unless `token` is given (null: no token). */
  call(method: string, path: string, init?: { body?: unknown; token?: string | null; tenant?: string; headers?: Record<string, string> }): Promise<Response>;
  /** A token of tenant `slug` (created when missing) with the given scopes. */
  tenantToken(slug: string, scopes: Scope[]): Promise<string>;
  close(): void;
};

/** A real app over a freshly migrated SQLite file in its own temporary folder. */
export async function startHarness(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "wlb-test-"));
  const config = parseConfig(
    {
      DATABASE_URL: `file:${join(dir, "bridge.db")}`,
      BRIDGE_ADMIN_TOKEN: ADMIN_TOKEN,
      BRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: "debug",
      // Every test server (sandbox, slapd, MariaDB, PostgreSQL) listens on loopback, which `serve` refuses by default.
      OUTBOUND_ALLOW: "127.0.0.0/8,::1,localhost",
      ...options.env,
    },
    dir,
  );
  const logs: string[] = [];
  const deps = await buildDeps(config, { clock: options.clock ?? frozenClock(Date.now()), log: createLogger("debug", (l) => logs.push(l)) });
  await ensureBootstrap(deps);
  const app = createApp(deps);
  const call: Harness["call"] = (method, path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const token = init.token === undefined ? ADMIN_TOKEN : init.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (init.tenant) headers["x-bridge-tenant"] = init.tenant;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
      headers["content-type"] ??= "application/json";
    }
    return Promise.resolve(app.request(path, { method, headers, body }));
  };
  const tenantToken: Harness["tenantToken"] = async (slug, scopes) => {
    const ctx = systemCtx();
    let row = await findTenantBySlug(deps.db, slug);
    if (!row) {
      const t = await createTenant(deps, ctx, { slug, name: slug.toUpperCase() });
      row = await findTenantBySlug(deps.db, t.slug);
    }
    const { token } = await issueToken(deps, { ...ctx, tenant: { id: row!.id, slug } }, { name: `${slug}-${scopes.join("-")}`, scopes });
    return token;
  };
  return {
    deps,
    app,
    config,
    dir,
    logs,
    call,
    tenantToken,
    close: () => {
      deps.database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
