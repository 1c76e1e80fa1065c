// The rules of direction of DESIGN.md ("Shape of the code") hold over the real import graph of
// src/, and each rule is shown able to fail on a tiny fixture tree that breaks only that rule.
import { beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { ICruiseResult } from "dependency-cruiser";
import { cruiseSrc } from "./cruise.ts";
import { findViolations, formatViolation } from "./rules.ts";

const fixtures = join(import.meta.dir, "fixtures");

async function violationsIn(fixture: string): Promise<string[]> {
  return findViolations(await cruiseSrc(join(fixtures, fixture))).map(formatViolation);
}

describe("src/ follows the rules of direction", () => {
  let src: ICruiseResult;
  beforeAll(async () => {
    src = await cruiseSrc();
  });

  test("the cruise sees src/, including type-only and dynamic imports", () => {
    const types = src.modules.flatMap((module) => module.dependencies.flatMap((d) => d.dependencyTypes));
    expect(src.modules.filter((module) => module.source.startsWith("src/")).length).toBeGreaterThan(100);
    expect(types).toContain("type-only");
    expect(types).toContain("dynamic-import");
  });

  test("no import breaks a rule", () => {
    const lines = findViolations(src).map(formatViolation);
    // The whole list in the failure message, one `rule: from -> to` per line.
    expect(`${lines.length} violation(s)\n${lines.join("\n")}`).toBe("0 violation(s)\n");
  });
});

describe("each rule can fail", () => {
  test("a tree that keeps every rule reports nothing", async () => {
    expect(await violationsIn("clean")).toEqual([]);
  });

  const expected: Record<string, string[]> = {
    "kernel-imports-no-room": ["kernel-imports-no-room: src/kernel/log.ts -> src/audit/index.ts"],
    "floor-files": ["floor-files: src/deps.ts -> src/corps/index.ts"],
    "ui-imports-kernel-only": ["ui-imports-kernel-only: src/ui/layout.ts -> src/accounts/index.ts"],
    "welink-imports-kernel-only": ["welink-imports-kernel-only: src/welink/client.ts -> src/corps/index.ts"],
    "only-through-index": [
      "only-through-index: src/app.ts -> src/sync/to-welink/apply.ts",
      "only-through-index: src/directory/index.ts -> src/accounts/store.ts",
      "only-through-index: src/sync/to-welink/apply.ts -> src/login/scan/tickets.ts",
    ],
    "accounts-corps-below-features": [
      "accounts-corps-below-features: src/corps/index.ts -> src/directory/index.ts",
    ],
    "sandbox-only-from-cli": ["sandbox-only-from-cli: src/admin/index.ts -> src/sandbox/index.ts"],
    "serve-never-loads-sandbox": [
      "serve-never-loads-sandbox: src/cli/index.ts -> src/sandbox/index.ts" +
        " (src/main.ts -> src/cli/index.ts -> src/sandbox/index.ts)",
    ],
    // dependency-cruiser names each cycle once, by one of its imports.
    "no-file-cycles": [
      "no-file-cycles: src/audit/list.ts -> src/audit/trail.ts (src/audit/list.ts -> src/audit/trail.ts -> src/audit/list.ts)",
    ],
    "no-room-cycles": [
      "no-room-cycles: src/audit/index.ts -> src/sync/index.ts (rooms in a cycle: audit, sync)",
      "no-room-cycles: src/sync/schedule.ts -> src/audit/index.ts (rooms in a cycle: audit, sync)",
    ],
  };
  for (const [rule, lines] of Object.entries(expected)) {
    test(`${rule} names each import that breaks it`, async () => {
      expect(await violationsIn(rule)).toEqual(lines);
    });
  }
});
