// The test command (`npm test [-- <bun test args>]`): typecheck, then bun test, then one closing
// line `N passed, N failed, N skipped` that CI reads. bun's own summary is split over several
// stderr lines, so the counts come from its JUnit report (test-output/junit.xml).
// Exits non-zero when the typecheck fails, bun test fails, any test fails, or nothing ran.
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const junitFile = join(root, "test-output", "junit.xml");
process.chdir(root);

type Counts = { passed: number; failed: number; skipped: number };

/**
 * Counts bun's JUnit testcases. bun 1.4.5 writes `<testcase … />` for a pass and a
 * `<failure>` or `<skipped>` child (todo: `<skipped message="TODO" />`) otherwise; text in
 * attributes and bodies is escaped, so no raw `<` or `>` hides inside a testcase.
 */
function countJUnit(xml: string): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const match of xml.matchAll(/<testcase\b[^>]*?(?:\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = match[1] ?? "";
    if (/<(failure|error)\b/.test(body)) counts.failed++;
    else if (/<skipped\b/.test(body)) counts.skipped++;
    else counts.passed++;
  }
  return counts;
}

/** Runs a command with stdout inherited and stderr echoed live; returns exit code and stderr tail. */
async function runEchoingStderr(cmd: string[]): Promise<{ code: number; tail: string }> {
  const env = process.stderr.isTTY ? { ...process.env, FORCE_COLOR: "1" } : process.env;
  const child = Bun.spawn(cmd, { cwd: root, env, stdin: "inherit", stdout: "inherit", stderr: "pipe" });
  const decoder = new TextDecoder();
  let tail = "";
  const reader = child.stderr.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    process.stderr.write(read.value);
    tail = (tail + decoder.decode(read.value, { stream: true })).slice(-16_384);
  }
  return { code: await child.exited, tail };
}

/** The last ` N fail` of bun's summary: it also counts files that failed to load (not in JUnit). */
function summaryFailures(stderrTail: string): number {
  const plain = stderrTail.replace(/\x1b\[[0-9;]*m/g, "");
  const all = [...plain.matchAll(/^\s*(\d+) fail$/gm)];
  return Number(all.at(-1)?.[1] ?? 0);
}

// (a) typecheck: counted as one test case named `typecheck`.
console.error("run-tests: typecheck (tsc --noEmit -p .)");
const tsc = Bun.spawnSync([join(root, "node_modules/.bin/tsc"), "--noEmit", "-p", "."], {
  stdout: "inherit",
  stderr: "inherit",
});
const typecheckPassed = tsc.exitCode === 0;
console.error(`run-tests: typecheck ${typecheckPassed ? "passed" : "FAILED"}`);

// (b) bun test, extra arguments passed through (`npm test -- tests/foo`).
rmSync(junitFile, { force: true }); // a stale report must not stand in for this run
mkdirSync(join(root, "test-output"), { recursive: true }); // bun does not create the folder
const extra = process.argv.slice(2);
const bunTest = [process.execPath, "test", "--timeout", "120000", "--reporter=junit", `--reporter-outfile=${junitFile}`];
const { code: testCode, tail } = await runEchoingStderr([...bunTest, ...extra]);

// (c) counts from the report, plus the typecheck.
const counts = existsSync(junitFile) ? countJUnit(readFileSync(junitFile, "utf8")) : undefined;
const total: Counts = counts ? { ...counts } : { passed: 0, failed: 0, skipped: 0 };
const problems: string[] = [];
const unreported = summaryFailures(tail) - total.failed;
if (unreported > 0) {
  problems.push(`${unreported} failure(s) outside any test case (e.g. a test file that failed to load)`);
  total.failed += unreported;
}
// An empty run, or a failing exit with no failing case, still counts as one failure, so the
// closing line can never read as green when bun test was not.
if (!counts) problems.push(`no JUnit report at ${junitFile}: bun test found no tests or crashed`);
else if (counts.passed + counts.failed === 0) problems.push("no test ran (zero passed or failed test cases)");
else if (testCode !== 0 && total.failed === 0) problems.push(`bun test exited ${testCode} without a failing test case`);
if (problems.length > 0 && unreported <= 0) total.failed += 1;
if (typecheckPassed) total.passed++;
else total.failed++;

// (d) the closing line, always last.
for (const problem of problems) console.error(`run-tests: ${problem}`);
if (!typecheckPassed) console.error("run-tests: typecheck failed (see tsc output above)");
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
const ok = typecheckPassed && testCode === 0 && total.failed === 0 && problems.length === 0;
process.exit(ok ? 0 : 1);
