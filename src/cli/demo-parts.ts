import type { OaSsoMethod } from "./demo-sso.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Deps } from "../deps.ts";
import { systemCtx } from "../kernel/actor.ts";
import { generateKey, writeKeyFile } from "../kernel/crypto/master-key.ts";
import { AppError } from "../kernel/errors.ts";
import { randomToken } from "../kernel/ids.ts";
import { refreshOaDirectory, saveOaConnection } from "../oa/index.ts";
import { type App, createSandbox, createSandboxApp, generateOrg, type GenerateSummary, type OaPerson, registerApp, type RunningDemoOa, startDemoOa } from "../sandbox/index.ts";
import { getTenant } from "../accounts/index.ts";

/** The pieces of `welink-bridge demo`, each small enough to read on its own. */

export type DemoFlags = { users: number; depts: number; seed: number; port: number; data: string | undefined; oaSso?: OaSsoMethod };

/** Fixed, so a demo started again on the same --data folder still signs in with what it prints. */
export const DEMO_ADMIN_PASSWORD = "demo-password";
const HOST = "127.0.0.1";

type Fetch = (req: Request, server: Bun.Server<undefined>) => Response | Promise<Response>;

/** Serves on `preferred` when it is free, else on a port the system picks (0 always means the latter). */
export function serveNear(preferred: number, fetch: Fetch): Bun.Server<undefined> {
  if (preferred > 0 && preferred <= 65_535) {
    try {
      return Bun.serve({ hostname: HOST, port: preferred, fetch });
    } catch {
      // Taken: fall through to an ephemeral port (the banner prints wherever it landed).
    }
  }
  return Bun.serve({ hostname: HOST, port: 0, fetch });
}

export type DemoSandbox = { url: string; app: App; summary: GenerateSummary; stop(): void };

/** The WeLink sandbox with the seed's organisation and one app that sees everyone. */
export function startDemoSandbox(flags: DemoFlags, port: number): DemoSandbox {
  const sb = createSandbox();
  const summary = generateOrg(sb.org, { seed: flags.seed, users: flags.users, depts: flags.depts });
  const app = registerApp(sb, { name: "Demo app" });
  const http = createSandboxApp(sb);
  // The server goes in as env so the sandbox's per-address limit can read the caller's address.
  const server = serveNear(port, (req, srv) => http.fetch(req, { server: srv }));
  return { url: `http://${HOST}:${server.port}`, app, summary, stop: () => void server.stop(true) };
}

/** The demo's own master key, made quietly (no "back it up" warning): its secrets are fake, its folder throwaway. */
export function demoKeyFile(dataDir: string): string {
  const path = join(dataDir, "master.key");
  if (!existsSync(path)) writeKeyFile(path, [generateKey()]);
  return path;
}

/** The demo OA for the flags' organisation, on `port` when it is free, else on a port the system picks. */
export function startDemoOaNear(flags: DemoFlags, port: number): RunningDemoOa {
  const org = { seed: flags.seed, users: flags.users, depts: flags.depts };
  try {
    return startDemoOa({ ...org, port });
  } catch {
    return startDemoOa(org);
  }
}

/**
 * The bridge's environment for the demo: the operator's settings, but everything that would touch
 * a real installation (database, master key, public URL, listening address) points at the demo's
 * own folder and loopback, and the admin credentials are ones the banner can print.
 */
export function demoEnvironment(
  env: Record<string, string | undefined>,
  flags: DemoFlags,
  dataDir: string,
  keyFile: string,
  sandboxUrl?: string,
): Record<string, string | undefined> {
  const { BRIDGE_MASTER_KEY: _key, BRIDGE_MASTER_KEY_FILE: _keyFile, DATABASE_AUTH_TOKEN: _dbToken, ...rest } = env;
  return {
    ...rest,
    PORT: String(flags.port),
    HOST,
    DATABASE_URL: `file:${join(dataDir, "bridge.db")}`,
    BRIDGE_MASTER_KEY_FILE: keyFile,
    BRIDGE_PUBLIC_URL: `http://${HOST}:${flags.port}`,
    BRIDGE_ADMIN_PASSWORD: env.BRIDGE_ADMIN_PASSWORD || DEMO_ADMIN_PASSWORD,
    BRIDGE_ADMIN_TOKEN: env.BRIDGE_ADMIN_TOKEN || `wlb_demo_${randomToken(24)}`,
    // Access logs would bury the banner; LOG_LEVEL=info brings them back.
    LOG_LEVEL: env.LOG_LEVEL || "warn",
    // The demo OA and the sandbox listen on loopback: the demo allows it, `serve` never does by default.
    OUTBOUND_ALLOW: [env.OUTBOUND_ALLOW, "127.0.0.0/8", "::1", "localhost"].filter(Boolean).join(","),
    // WeLink is the sandbox: its Open API, its OAuth2 login page (/sso/oauth2/authorize) and its HWH5 stand-in.
    ...(sandboxUrl ? { WELINK_BASE_URL: sandboxUrl, WELINK_LOGIN_URL: sandboxUrl, WELINK_JSAPI_URL: `${sandboxUrl}/hwh5.js` } : {}),
  };
}

/**
 * Connects tenant `default` to the demo OA and reads its directory, through the same use cases
 * as the admin and the API. Returns a line for the banner; a failure is reported, not fatal, so
 * the rest of the demo still runs. (The tenant's WeLink corp and app come with the corps issue.)
 */
export async function connectDemoOa(deps: Deps, oa: RunningDemoOa): Promise<string> {
  try {
    const tenant = await getTenant(deps, systemCtx(), "default");
    const ctx = systemCtx({ id: tenant.id, slug: tenant.slug });
    await saveOaConnection(deps, ctx, { type: "demo", settings: { baseUrl: oa.url }, secrets: { token: oa.token }, refreshCron: null });
    const run = await refreshOaDirectory(deps, tenant.id, "manual");
    return `tenant 'default' is connected to it; OA directory read: ${run.departments} departments, ${run.users} people`;
  } catch (e) {
    const why = e instanceof AppError ? `${e.code}: ${e.message}` : String(e);
    return `could not connect tenant 'default' to it (${why})`;
  }
}

/** A few active people to sign in as: some who are in WeLink too, and one who is not. */
export function samplePeople(people: OaPerson[], count = 4): OaPerson[] {
  const active = people.filter((p) => p.status === "active" && p.mobile);
  const inWeLink = active.filter((p) => p.welinkUserId).slice(0, count - 1);
  const outside = active.filter((p) => !p.welinkUserId).slice(0, 1);
  return [...inWeLink, ...outside];
}
