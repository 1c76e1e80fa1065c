import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * What the database helpers share: a temporary folder owned by the server's own (non-root) user,
 * a free loopback port, the server process stopped at the end, also when the test run fails or
 * is interrupted (exit hooks). A server that cannot start throws: the test fails, never skips.
 */
export type Owner = { user: string; uid: number; gid: number };

/** The system user a server runs as (root is refused by both servers); throws when it is missing. */
export function ownerOf(user: string): Owner {
  const id = (flag: string) => spawnSync("id", [flag, user], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) throw new Error(`no system user "${user}": install the server's Debian package (scripts/setup.mjs does)`);
  return { user, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export function tempDirFor(owner: Owner, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (process.getuid?.() === 0) chownSync(dir, owner.uid, owner.gid);
  return dir;
}

/** A port the OS says is free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a setup command to its end; throws with its output when it fails. */
export function runOrThrow(cmd: string, args: string[], what: string, asUser?: string): void {
  const [bin, argv] = asUser && process.getuid?.() === 0 ? ["runuser", ["-u", asUser, "--", cmd, ...args]] : [cmd, args];
  const r = spawnSync(bin, argv, { encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${what} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr || r.stdout || "").slice(-2000)}`);
}

const running = new Set<ChildProcess>();
let hooked = false;
function hookExit() {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const p of running) p.kill("SIGKILL");
  };
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => (killAll(), process.exit(130)));
}

export type Started = { proc: ChildProcess; log: () => string; stop: () => Promise<void> };

/** Starts a server and waits until its port accepts connections (or throws with its log). */
export async function startServer(cmd: string, args: string[], port: number, dir: string, what: string, asUser?: string): Promise<Started> {
  const [bin, argv] = asUser && process.getuid?.() === 0 ? ["runuser", ["-u", asUser, "--", cmd, ...args]] : [cmd, args];
  const proc = spawn(bin, argv, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (b: Buffer) => (log = (log + b.toString()).slice(-8000));
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  hookExit();
  running.add(proc);
  let exited = false;
  proc.on("exit", () => ((exited = true), running.delete(proc)));
  const stop = async () => {
    if (!exited) {
      proc.kill("SIGTERM");
      const died = new Promise<void>((r) => proc.once("exit", () => r()));
      const late = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await died;
      clearTimeout(late);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 60_000;
  while (!(await accepts(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`${what} did not start on 127.0.0.1:${port}: ${log.slice(-2000)}`);
    }
    await Bun.sleep(100);
  }
  return { proc, log: () => log, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}
