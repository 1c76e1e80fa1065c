import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseOverlap } from "../../src/cli/keys.ts";
import { runCli } from "../helpers/cli.ts";

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wlb-keys-"));
  env = { DATABASE_URL: `file:${join(dir, "data/bridge.db")}`, CWD: dir };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Key = { kid: string; alg: string; status: string; verifyUntil: string | null; createdAt: string };
const list = () => JSON.parse(runCli(["keys", "list", "--json"], env).stdout) as Key[];

describe("welink-bridge keys", () => {
  test("list says when there are no keys; rotate adds one; a second rotate retires the first for the overlap", () => {
    const empty = runCli(["keys", "list"], env);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain("No signing keys yet");

    const first = runCli(["keys", "rotate", "--alg", "RS256"], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/New RS256 signing key \S{43} signs handoffs from now\./);
    expect(first.stdout).toContain("There was no previous RS256 key.");

    const second = runCli(["keys", "rotate", "--alg", "rs256", "--overlap", "2h"], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("1 previous RS256 key(s) keep verifying until");

    const keys = list();
    expect(keys.map((k) => [k.alg, k.status])).toEqual([["RS256", "signing"], ["RS256", "verifying"]]);
    const overlap = Date.parse(keys[1]!.verifyUntil!) - Date.parse(keys[0]!.createdAt);
    expect(Math.abs(overlap - 2 * 3_600_000)).toBeLessThan(60_000);

    const text = runCli(["keys", "list"], env).stdout;
    expect(text).toContain(`${keys[0]!.kid}  RS256  created ${keys[0]!.createdAt}  signing`);
    expect(text).toContain(`${keys[1]!.kid}  RS256  created ${keys[1]!.createdAt}  verifying until ${keys[1]!.verifyUntil}`);
  });

  test("the default overlap is HANDOFF_KEY_OVERLAP_HOURS", () => {
    runCli(["keys", "rotate"], env);
    runCli(["keys", "rotate"], { ...env, HANDOFF_KEY_OVERLAP_HOURS: "6" });
    const [now, old] = list();
    expect(Math.abs(Date.parse(old!.verifyUntil!) - Date.parse(now!.createdAt) - 6 * 3_600_000)).toBeLessThan(60_000);
  });

  test("a bad algorithm, overlap or action exits 2 with the usage", () => {
    for (const args of [["rotate", "--alg", "HS256"], ["rotate", "--overlap", "soon"], ["frobnicate"], []]) {
      const r = runCli(["keys", ...args], env);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stdout).toContain("usage: welink-bridge keys rotate");
    }
    expect(runCli(["help"], env).stdout).toContain("keys rotate [--alg ES256|RS256] [--overlap 24h]");
  });

  test("overlaps read as hours by default, or with d, h or m", () => {
    expect(parseOverlap("24h")).toBe(24 * 3_600_000);
    expect(parseOverlap("2")).toBe(2 * 3_600_000);
    expect(parseOverlap("90m")).toBe(90 * 60_000);
    expect(parseOverlap("1.5d")).toBe(36 * 3_600_000);
    expect(parseOverlap("0")).toBe(0);
    expect(parseOverlap("-1h")).toBeUndefined();
    expect(parseOverlap("1w")).toBeUndefined();
  });
});
