/**
 * Start-up problems an operator fixes outside the bridge (a file's mode, a folder, a setting)
 * print one sentence naming the setting and the fix, no stack trace, and exit 1. The real CLI
 * runs in a child process; as root (which ignores file modes) it runs as `nobody`, as an
 * operator's service user would.
 */
import { afterEach, beforeEach, expect, test } from "bun:test";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ROOT, runCli } from "../helpers/cli.ts";

const KEY = Buffer.alloc(32, 7).toString("base64");
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wlb-start-"));
  chmodSync(dir, 0o755); // the unprivileged user must reach the folders below
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** `bun src/main.ts …` as an unprivileged user, so that file modes hold. */
function runUnprivileged(args: string[], env: Record<string, string>) {
  const cmd = [process.execPath, resolve(ROOT, "src/main.ts"), ...args];
  const proc = Bun.spawnSync(process.getuid?.() === 0 ? ["runuser", "-u", "nobody", "--", ...cmd] : cmd, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: "/tmp", LOG_LEVEL: "warn", ...env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  return { code: proc.exitCode, stderr: proc.stderr.toString() };
}

/** One line, naming `setting`, no stack frames, exit 1. */
function expectOneSentence(r: { code: number | null; stderr: string }, setting: string, fix: RegExp) {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(lines[0]).toContain(setting);
  expect(lines[0]).toMatch(fix);
}

test("a read-only database file: one sentence naming DATABASE_URL and how to make it writable, exit 1", () => {
  const data = join(dir, "data");
  const env = { DATABASE_URL: `file:${join(data, "bridge.db")}`, BRIDGE_MASTER_KEY: KEY };
  expect(runCli(["migrate"], env).code).toBe(0);
  chmodSync(join(data, "bridge.db"), 0o444);
  chmodSync(data, 0o777); // the folder is not the problem here
  for (const command of ["serve", "migrate"]) {
    expectOneSentence(runUnprivileged([command], env), `DATABASE_URL (file:${join(data, "bridge.db")})`, /\(it is read-only\): make the file writable/);
  }
}, 60_000);

test("an unwritable data folder: the generated master key and the database each say which setting and what to do, exit 1", () => {
  const data = join(dir, "data");
  mkdirSync(data, { mode: 0o555 });
  chmodSync(data, 0o555);
  const url = `file:${join(data, "bridge.db")}`;
  expectOneSentence(runUnprivileged(["serve"], { DATABASE_URL: url }), "master key", /permission denied\): make the data folder .* writable .*BRIDGE_MASTER_KEY/);
  expectOneSentence(runUnprivileged(["serve"], { DATABASE_URL: url, BRIDGE_MASTER_KEY: KEY }), `DATABASE_URL (${url})`, /folder .* cannot be written .* make the folder writable/);
}, 60_000);

test("a DATABASE_URL that names a folder: one sentence with a file inside it to use instead, exit 1, the folder untouched", () => {
  const folder = join(dir, "db");
  mkdirSync(folder, { mode: 0o755 });
  const r = runCli(["serve"], { DATABASE_URL: `file:${folder}`, BRIDGE_MASTER_KEY: KEY });
  expectOneSentence(r, `DATABASE_URL (file:${folder}) names a folder`, new RegExp(`point it at a file inside it, e\\.g\\. file:${folder}/bridge\\.db`));
  expect(statSync(folder).mode & 0o777).toBe(0o755);
}, 60_000);
