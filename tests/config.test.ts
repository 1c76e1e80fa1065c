import { describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { ConfigError, parseConfig } from "../src/config.ts";

describe("configuration", () => {
  test("every setting has a safe default, so an empty environment starts the bridge", () => {
    const c = parseConfig({}, "/srv/bridge");
    expect(c.port).toBe(8080);
    expect(c.host).toBe("0.0.0.0");
    expect(c.databaseUrl).toBe("file:/srv/bridge/data/bridge.db");
    expect(c.databaseFile).toBe("/srv/bridge/data/bridge.db");
    expect(c.publicUrl).toBe("http://localhost:8080");
    expect(c.masterKey).toEqual({ kind: "file", path: "/srv/bridge/data/master.key", generateIfMissing: true });
    expect(c.logLevel).toBe("info");
    expect(c.maxBodyBytes).toBe(1024 * 1024);
  });

  test("the public URL follows PORT unless set, and loses trailing slashes", () => {
    expect(parseConfig({ PORT: "9000" }).publicUrl).toBe("http://localhost:9000");
    expect(parseConfig({ BRIDGE_PUBLIC_URL: "https://bridge.example.com/" }).publicUrl).toBe("https://bridge.example.com");
  });

  test("a libSQL server URL is kept as is and has no database file", () => {
    const c = parseConfig({ DATABASE_URL: "libsql://db.example.com", DATABASE_AUTH_TOKEN: "t" });
    expect(c.databaseUrl).toBe("libsql://db.example.com");
    expect(c.databaseFile).toBeUndefined();
    expect(c.databaseAuthToken).toBe("t");
  });

  test("a master key file is resolved against the working folder", () => {
    const c = parseConfig({ BRIDGE_MASTER_KEY_FILE: "keys/m.key" }, "/srv");
    expect(c.masterKey).toEqual({ kind: "file", path: resolve("/srv", "keys/m.key"), generateIfMissing: false });
  });

  const bad: [string, Record<string, string>, string][] = [
    ["PORT", { PORT: "eighty" }, "PORT"],
    ["PORT out of range", { PORT: "70000" }, "PORT"],
    ["LOG_LEVEL", { LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    ["DATABASE_URL", { DATABASE_URL: "postgres://x" }, "DATABASE_URL"],
    ["BRIDGE_PUBLIC_URL", { BRIDGE_PUBLIC_URL: "ftp://x" }, "BRIDGE_PUBLIC_URL"],
    ["short BRIDGE_ADMIN_TOKEN", { BRIDGE_ADMIN_TOKEN: "short" }, "BRIDGE_ADMIN_TOKEN"],
    ["both master keys", { BRIDGE_MASTER_KEY: "a", BRIDGE_MASTER_KEY_FILE: "b" }, "BRIDGE_MASTER_KEY"],
  ];
  for (const [name, env, setting] of bad) {
    test(`a bad ${name} is refused naming the setting`, () => {
      try {
        parseConfig(env);
        throw new Error("accepted");
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        expect((e as ConfigError).message).toContain(setting);
      }
    });
  }

  test("the command exits 1 and names the bad setting", () => {
    const proc = Bun.spawnSync([process.execPath, "src/main.ts", "migrate"], {
      env: { ...process.env, PORT: "not-a-port" },
      cwd: resolve(import.meta.dir, ".."),
      stderr: "pipe",
    });
    expect(proc.exitCode).toBe(1);
    expect(proc.stderr.toString()).toContain("PORT");
  });
});
