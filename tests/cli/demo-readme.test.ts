import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { freePort, ROOT } from "../helpers/cli.ts";
import { exported, type RunningDemo, startDemo } from "./demo-support.ts";

/*
 * README's shell examples are meant to be pasted in order: every variable a line uses is set by a
 * line before it, no curl line holds a <placeholder>, and the demo's walk-through runs as written
 * against a real demo (every curl answering 2xx) with the recipients the prose names.
 */
const README = readFileSync(resolve(ROOT, "README.md"), "utf8");
const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
const commandPart = (line: string) => line.replace(/\s#\s.*$/, "").replace(/^\s*#.*$/, "");
/** What the shell expands: single-quoted text is taken as it is (jq's own $names live there). */
const expanded = (line: string) => line.replace(/'[^']*'/g, "''");
/** Settings the shell or the operator already has, not the README's to set. */
const GIVEN = new Set(["HOME", "PATH"]);

describe("README's shell examples", () => {
  test("every $VARIABLE is set by an earlier line (VAR=…, export VAR=…), and each one set is used", () => {
    const set = new Set<string>();
    const unset: string[] = [];
    const used = new Set<string>();
    for (const block of blocks) {
      for (const raw of block.split("\n")) {
        const line = commandPart(raw);
        for (const m of expanded(line).matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
          used.add(m[1]!);
          if (!set.has(m[1]!) && !GIVEN.has(m[1]!)) unset.push(`$${m[1]} in: ${raw.trim()}`);
        }
        for (const m of line.matchAll(/(?:^|\s|export\s+)([A-Z][A-Z0-9_]*)=/g)) set.add(m[1]!);
      }
    }
    expect(unset).toEqual([]);
    expect([...set].filter((v) => !used.has(v))).toEqual([]);
    // The ones the issue named, at least.
    for (const v of ["B", "T", "CORP", "APP", "PUSH"]) expect(used.has(v)).toBe(true);
  });

  test("no curl line carries a <placeholder> or a host of its own: the bridge is $B", () => {
    const bad: string[] = [];
    for (const block of blocks) {
      const commands = block.replace(/\\\n/g, " ").split("\n").map(commandPart);
      for (const c of commands.filter((l) => /\bcurl\b/.test(l))) {
        if (/<[A-Za-z][\w-]*>/.test(c)) bad.push(`placeholder: ${c.trim()}`);
        if (/curl[^|]*\s'?(https?:\/\/|localhost|127\.0\.0\.1)/.test(c)) bad.push(`host: ${c.trim()}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

/** The demo section's runnable block: the one that begins with the banner's export line. */
const walkThrough = blocks.find((b) => b.startsWith("export B="))!;

let demo: RunningDemo | undefined;
afterAll(async () => demo?.stop());

describe("README's demo walk-through, run against a real demo", () => {
  test("the recipients it names are the banner's people, and every line works as written", async () => {
    expect(walkThrough).toBeDefined();
    // The default organisation (seed 1, 200 people), as `npm run demo` starts it.
    demo = await startDemo(["--port", String(freePort())]);
    const v = exported(demo.banner);

    // "杨雨泽 (`u100002`)": each named recipient is a printed person with that OA id, in WeLink or not as said.
    const named = [...README.matchAll(/([\u4e00-\u9fff]{2,4})\s+\(`(u\d+)`\)/g)].map((m) => [m[1]!, m[2]!] as const);
    expect(named.length).toBeGreaterThanOrEqual(4);
    for (const [name, id] of named) expect(demo.banner).toMatch(new RegExp(`— ${name}, \\S+, ${id} \\(`));
    const inbox = /_sandbox\/inbox\/(\S+)/.exec(walkThrough)![1]!;
    expect(demo.banner).toContain(`(WeLink ${inbox})`);

    const script = walkThrough.replace(/^export B=.*$/m, `export B=${v.B} T=${v.T} SANDBOX=${v.SANDBOX} OA=${v.OA}`);
    const run = Bun.spawnSync(["bash", "-c", `curl() { command curl --fail-with-body "$@"; echo; }\nset -euo pipefail\n${script}`], { cwd: demo.cwd, stdout: "pipe", stderr: "pipe" });
    const out = run.stdout.toString();
    expect(run.stderr.toString()).toBe("");
    expect(run.exitCode).toBe(0);
    expect(out).toContain('"bound":');
    expect(out).toMatch(/"deliveries":\{"pending":2,"skipped":1\}/);
    // What the sandbox says the person's WeLink received (on a busy machine the dispatcher may need longer than the README's pause).
    type Inbox = { messages: { msgTitle: string }[] };
    let titles = (JSON.parse(out.trim().split("\n").at(-1)!) as Inbox).messages.map((m) => m.msgTitle);
    for (let i = 0; i < 20 && titles.length === 0; i++) {
      await Bun.sleep(500);
      titles = ((await (await fetch(`${v.SANDBOX}/_sandbox/inbox/${inbox}`)).json()) as Inbox).messages.map((m) => m.msgTitle);
    }
    expect(titles).toContain("请假申请：李雷 3 天");
  }, 60_000);
});
