import { resolve } from "node:path";

export const ROOT = resolve(import.meta.dir, "../..");

/** Runs `bun src/main.ts …` as the operator would, with only the given settings. */
export function runCli(args: string[], env: Record<string, string>, stdin?: string) {
  const proc = Bun.spawnSync([process.execPath, resolve(ROOT, "src/main.ts"), ...args], {
    cwd: env.CWD ?? ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "warn", ...env },
    stdin: stdin === undefined ? "ignore" : new TextEncoder().encode(stdin),
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: proc.exitCode, stdout: proc.stdout.toString(), stderr: proc.stderr.toString() };
}

/** A free TCP port on loopback. */
export function freePort(): number {
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = server.port!;
  server.stop(true);
  return port;
}
