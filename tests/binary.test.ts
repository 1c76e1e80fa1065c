// The compiled binary must run on its own: copied into an empty folder, with no node_modules
// and no access to the project, it migrates its database, serves, and stops on SIGTERM.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };

let folder = "";
let binary = "";
let base = "";
let server: Bun.Subprocess<"ignore", "pipe", "pipe"> | undefined;
let output = ""; // the server's stdout + stderr, shown when something fails

/** A port nobody listens on right now (PORT=0 would hide the chosen port from us). */
function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const { port } = probe;
  probe.stop(true);
  return port;
}

/** Only what the binary needs: no NODE_PATH, no BUN_* settings, nothing pointing at the repo. */
function isolatedEnv(port: number): Record<string, string> {
  mkdirSync(join(folder, "tmp"), { recursive: true });
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: folder,
    TMPDIR: join(folder, "tmp"), // where the binary unpacks libsql's native module
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: `file:${join(folder, "data", "bridge.db")}`,
    BRIDGE_ADMIN_TOKEN: "binary-test-admin-token-0123456789abcdef",
    BRIDGE_ADMIN_PASSWORD: "binary-test-password",
    LOG_LEVEL: "info",
  };
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<void> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    output += decoder.decode(read.value, { stream: true });
  }
}

async function waitForReady(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (server?.exitCode !== null) throw new Error(`binary exited (${server?.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `${res.status} ${await res.text()}`;
    } catch (error) {
      last = String(error);
    }
    await Bun.sleep(100);
  }
  throw new Error(`/readyz not 200 within ${timeoutMs} ms (last: ${last}):\n${output}`);
}

describe("compiled binary, run from an empty folder", () => {
  beforeAll(
    async () => {
      const build = Bun.spawn([process.execPath, "scripts/build.ts"], { cwd: root, stdout: "pipe", stderr: "pipe" });
      const [code, out, err] = await Promise.all([build.exited, new Response(build.stdout).text(), new Response(build.stderr).text()]);
      if (code !== 0) throw new Error(`bun scripts/build.ts failed (${code}):\n${out}${err}`);

      folder = mkdtempSync(join(tmpdir(), "welink-bridge-binary-"));
      binary = join(folder, "welink-bridge");
      copyFileSync(join(root, "dist", "welink-bridge"), binary);
      const port = freePort();
      base = `http://127.0.0.1:${port}`;
      server = Bun.spawn([binary, "serve"], { cwd: folder, env: isolatedEnv(port), stdin: "ignore", stdout: "pipe", stderr: "pipe" });
      void collect(server.stdout);
      void collect(server.stderr);
      await waitForReady(30_000);
    },
    { timeout: 300_000 },
  );

  afterAll(() => {
    if (server && server.exitCode === null) server.kill("SIGKILL");
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test("answers /readyz with 200 once migrated", async () => {
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(200);
  });

  test("serves /api/docs and the embedded Scalar script it references", async () => {
    const page = await fetch(`${base}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type") ?? "").toContain("text/html");
    const html = await page.text();
    const sources = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => new URL(m[1] ?? "", `${base}/api/docs`));
    expect(sources.length).toBeGreaterThan(0);
    for (const src of sources) {
      expect(src.origin).toBe(base); // served by the bridge itself, not a CDN
      const script = await fetch(src);
      expect(script.status).toBe(200);
      expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    }
  });

  test("prints its version", async () => {
    const run = Bun.spawn([binary, "version"], { cwd: folder, env: isolatedEnv(freePort()), stdout: "pipe", stderr: "pipe" });
    const [code, out] = await Promise.all([run.exited, new Response(run.stdout).text()]);
    expect(code).toBe(0);
    expect(out).toContain(version);
  });

  test("its demo (which loads the WeLink emulator on demand) serves the bridge, the sandbox and the demo OA", async () => {
    const port = freePort();
    const demo = Bun.spawn([binary, "demo", "--users", "20", "--depts", "4", "--port", String(port), "--data", join(folder, "demo")], {
      cwd: folder,
      env: isolatedEnv(port), // the demo sets its own DATABASE_URL under --data
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    try {
      const reader = demo.stdout.getReader();
      const decoder = new TextDecoder();
      let banner = "";
      while (!banner.includes("Ctrl-C stops everything")) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`demo exited: ${banner}${await new Response(demo.stderr).text()}`);
        banner += decoder.decode(chunk.value);
      }
      const sandbox = /WeLink sandbox:\s+(http:\S+)/.exec(banner)?.[1];
      const [, clientId, secret] = /client_id=(\S+) client_secret=(\S+)/.exec(banner) ?? [];
      const oa = /demo OA:\s+(http:\S+)/.exec(banner)?.[1];
      expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
      const ticket = await fetch(`${sandbox}/api/auth/v2/tickets`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ client_id: clientId, client_secret: secret }),
      });
      expect(((await ticket.json()) as { code: string }).code).toBe("0");
      expect((await fetch(`${oa}/login`)).status).toBe(200);
    } finally {
      demo.kill("SIGTERM");
      await demo.exited;
    }
  }, 120_000);

  test("exits cleanly within 15 s of SIGTERM", async () => {
    server?.kill("SIGTERM");
    const outcome = await Promise.race([server?.exited, Bun.sleep(15_000).then(() => "timeout" as const)]);
    expect(outcome).not.toBe("timeout");
    expect(server?.signalCode ?? null).toBeNull();
    expect(server?.exitCode).toBe(0);
  }, 20_000);
});
