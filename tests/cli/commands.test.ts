import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { freePort, ROOT, runCli } from "../helpers/cli.ts";

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wlb-cli-"));
  env = { DATABASE_URL: `file:${join(dir, "data/bridge.db")}`, CWD: dir };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("command line", () => {
  test("version and help answer without a database", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(runCli(["version"], env).stdout.trim()).toBe(pkg.version);
    const help = runCli(["help"], env).stdout;
    for (const cmd of ["serve", "migrate", "token create", "backup FILE", "rotate-master-key", "version"]) expect(help).toContain(cmd);
    expect(existsSync(join(dir, "data"))).toBe(false);
  });

  test("an unknown command exits 2 with the help", () => {
    const r = runCli(["frobnicate"], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Unknown command 'frobnicate'");
  });

  test("migrate creates the database and a 0600 master key file beside it, warning once", () => {
    const first = runCli(["migrate"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/1 of 1 migrations applied|(\d+) of \1 migrations applied/);
    expect(first.stdout + first.stderr).toContain("master key");
    const key = join(dir, "data/master.key");
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const second = runCli(["migrate"], env);
    expect(second.stdout + second.stderr).not.toContain("was generated");
  });

  test("a different master key is refused at start with a clear message", () => {
    expect(runCli(["migrate"], env).code).toBe(0);
    const wrong = runCli(["migrate"], { ...env, BRIDGE_MASTER_KEY: Buffer.alloc(32, 7).toString("base64") });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("cannot open the stored secrets");
  });

  test("token create / list / revoke, globally and in a tenant", () => {
    expect(runCli(["migrate"], env).code).toBe(0);
    const created = runCli(["token", "create", "--name", "deploy", "--scope", "read,push", "--expires", "30d", "--json"], env);
    expect(created.code).toBe(0);
    const t = JSON.parse(created.stdout) as { id: string; token: string; scopes: string[]; expiresAt: string };
    expect(t.token).toStartWith("wlb_");
    expect(t.scopes).toEqual(["read", "push"]);
    expect(Date.parse(t.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const listed = runCli(["token", "list"], env).stdout;
    expect(listed).toContain(t.id);
    expect(listed).not.toContain(t.token);
    expect(runCli(["token", "revoke", t.id], env).stdout).toContain("revoked");
    expect(runCli(["token", "list"], env).stdout).toMatch(new RegExp(`${t.id}\\s+revoked`));
    const inTenant = runCli(["token", "create", "--name", "t", "--tenant", "default"], env);
    expect(inTenant.stdout).toContain("in tenant default");
    expect(runCli(["token", "create", "--name", "t", "--tenant", "nope"], env).code).toBe(1);
    expect(runCli(["token", "create", "--name", "t", "--scope", "root"], env).code).toBe(1);
  });

  test("admin-password sets a new password from standard input and unlocks the account", () => {
    expect(runCli(["migrate"], { ...env, BRIDGE_ADMIN_PASSWORD: "the-first-password" }).code).toBe(0);
    const r = runCli(["admin-password", "admin"], env, "a-brand-new-password\n");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("unlocked");
    expect(r.stdout).not.toContain("a-brand-new-password");
    expect(runCli(["admin-password", "ghost"], env, "a-brand-new-password\n").code).toBe(1);
  });
});

describe("serve and backup", () => {
  test("prints the generated admin token and password once, serves, backs up while serving, and stops on SIGTERM", async () => {
    const port = freePort();
    const proc = Bun.spawn([process.execPath, join(ROOT, "src/main.ts"), "serve"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: env.DATABASE_URL!, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "info" },
      stdout: "pipe",
      stderr: "pipe",
    });
    try {
      let ready = false;
      for (let i = 0; i < 100 && !ready; i++) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
        if (!ready) await Bun.sleep(100);
      }
      expect(ready).toBe(true);
      const db = createClient({ url: env.DATABASE_URL! });
      await db.execute("INSERT INTO bridge_meta (key, value) VALUES ('backup-probe', 'present')");
      db.close();
      const backup = runCli(["backup", join(dir, "copy.db")], env);
      expect(backup.code).toBe(0);
      const copy = createClient({ url: `file:${join(dir, "copy.db")}` });
      expect((await copy.execute("SELECT value FROM bridge_meta WHERE key = 'backup-probe'")).rows[0]?.[0]).toBe("present");
      copy.close();
      expect(runCli(["backup", join(dir, "copy.db")], env).code).toBe(1); // never overwrites
    } finally {
      proc.kill("SIGTERM");
    }
    expect(await proc.exited).toBe(0);
    const out = await new Response(proc.stdout).text();
    const token = /global admin API token:\s+(wlb_\S+)/.exec(out)?.[1];
    expect(token).toBeDefined();
    expect(out).toMatch(/user 'admin', password \S{10,}/);
    expect(out).toContain('"msg":"shutting down"');
    // Only once: a second start prints nothing secret.
    const again = Bun.spawn([process.execPath, join(ROOT, "src/main.ts"), "serve"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: env.DATABASE_URL!, PORT: String(port), HOST: "127.0.0.1" },
      stdout: "pipe",
    });
    await Bun.sleep(1500);
    again.kill("SIGTERM");
    await again.exited;
    expect(await new Response(again.stdout).text()).not.toContain("wlb_");
  });
});
