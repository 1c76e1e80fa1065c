#!/usr/bin/env bun
import { adminPasswordCommand, backupCommand, DEMO_HELP, demoCommand, KEYS_HELP, keysCommand, rotateMasterKeyCommand, SANDBOX_HELP, sandboxCommand, serveCommand, TOKEN_HELP, tokenCommand } from "./cli/index.ts";
import { ConfigError, parseConfig, readEnvironment } from "./config.ts";
import { buildDeps } from "./deps.ts";
import { MasterKeyError } from "./kernel/crypto/master-key.ts";
import { migrationStatus } from "./kernel/db/migrate.ts";
import { WrongMasterKeyError } from "./kernel/db/secrets.ts";
import { ensureBootstrap } from "./accounts/index.ts";
import { AppError } from "./kernel/errors.ts";
import { StartError } from "./kernel/start-error.ts";
import { VERSION } from "./kernel/version.ts";
import { ZodError } from "zod";

const HELP = `welink-bridge ${VERSION} — connects an enterprise OA with Huawei WeLink

usage: welink-bridge [command]

  serve                     serve the bridge (the default command)
  migrate                   apply database migrations and say where the database stands
  ${TOKEN_HELP}
  admin-password USERNAME   set an admin's password (from standard input, or generated) and unlock it
  backup FILE               write a consistent copy of the database to FILE (works while serving)
  rotate-master-key [--new-key KEY]   re-seal every stored secret with a new master key
  ${KEYS_HELP}
  ${SANDBOX_HELP}
  ${DEMO_HELP}
  version                   print the version
  help                      this text

Settings come from the environment and ./.env; see .env.example.`;

const out = (line: string) => console.log(line);

async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  return await new Response(Bun.stdin.stream()).text();
}

async function main(argv: string[]): Promise<number> {
  const [command = "serve", ...rest] = argv;
  if (command === "version" || command === "--version") return out(VERSION), 0;
  if (command === "help" || command === "--help" || command === "-h") return out(HELP), 0;
  // The sandbox is a fake WeLink: it needs neither the bridge's settings nor its database.
  if (command === "sandbox") {
    const result = await sandboxCommand(rest, out);
    return result === "serving" ? -1 : result;
  }
  // The demo builds its own settings (its own data folder, loopback ports).
  if (command === "demo") {
    const result = await demoCommand(rest, out);
    return result === "serving" ? -1 : result;
  }
  const known = ["serve", "migrate", "token", "backup", "rotate-master-key", "admin-password", "keys"];
  if (!known.includes(command)) {
    console.error(`Unknown command '${command}'.\n\n${HELP}`);
    return 2;
  }

  const config = parseConfig(readEnvironment());
  const deps = await buildDeps(config);
  if (command === "serve") {
    await serveCommand(deps, out);
    return -1; // keeps serving
  }
  try {
    await ensureBootstrap(deps, { generate: false });
    switch (command) {
      case "migrate": {
        const s = await migrationStatus(deps.db);
        out(`Database ${config.databaseFile ?? config.databaseUrl}: ${s.applied} of ${s.shipped} migrations applied.`);
        return 0;
      }
      case "token":
        return await tokenCommand(deps, rest, out);
      case "backup":
        return await backupCommand(deps, rest[0], out);
      case "rotate-master-key":
        return await rotateMasterKeyCommand(deps, rest, out);
      case "admin-password":
        return await adminPasswordCommand(deps, rest, out, await readStdin());
      case "keys":
        return await keysCommand(deps, rest, out);
    }
    return 2;
  } finally {
    deps.database.close();
  }
}

try {
  const code = await main(process.argv.slice(2));
  if (code >= 0) process.exit(code);
} catch (e) {
  if (e instanceof ConfigError || e instanceof MasterKeyError || e instanceof WrongMasterKeyError || e instanceof StartError) {
    console.error(e.message);
  } else if (e instanceof AppError) {
    console.error(`${e.code}: ${e.message}`);
  } else if (e instanceof ZodError) {
    console.error(e.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("\n"));
  } else {
    console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  }
  process.exit(1);
}
