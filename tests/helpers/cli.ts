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

/**
 * `bun src/main.ts serve` as the operator runs it, on a test's database, answering on `port`;
 * resolves once /healthz answers. For crash drills (kill -9, start again).
 */
export async function serveBridge(databaseUrl: string, port: number, o: { stderr?: "inherit" | "ignore"; env?: Record<string, string> } = {}) {
  const { ADMIN_PASSWORD, ADMIN_TOKEN } = await import("./harness.ts");
  const proc = Bun.spawn([process.execPath, resolve(ROOT, "src/main.ts"), "serve"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "warn", HOST: "127.0.0.1", PORT: String(port),
      DATABASE_URL: databaseUrl, BRIDGE_ADMIN_TOKEN: ADMIN_TOKEN, BRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      OUTBOUND_ALLOW: "127.0.0.0/8,::1,localhost", ...o.env,
    },
    stdout: "ignore",
    stderr: o.stderr ?? "inherit",
  });
  for (let i = 0; i < 200; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status < 500, () => false)) return proc;
    await Bun.sleep(50);
  }
  proc.kill(9);
  throw new Error("the bridge did not start");
}

/** Polls until `check` holds; the bound only turns a hang into a clear failure. */
export async function until(what: string, check: () => Promise<boolean> | boolean, ms: number, every = 20): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(every);
  }
}
