// Makes a fresh clone runnable on a machine with only Node 20 and npm: installs the packages
// (Bun comes from npm as a dependency) and, with --browser, Debian's chromium for the browser
// tests. Plain Node ESM without dependencies, because it runs before anything is installed.
// Usage: node scripts/setup.mjs [--browser]   (npm start / npm test call it first)
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const say = (line) => process.stderr.write(`setup: ${line}\n`);
const onWindows = process.platform === "win32";

/** Runs a command from the repo root; returns its exit status (null when it could not start). */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", shell: onWindows, ...options });
  return result.error ? null : result.status;
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : undefined);

function installPackages() {
  const lock = mtime(join(root, "package-lock.json"));
  const installed = mtime(join(root, "node_modules", ".package-lock.json"));
  if (installed !== undefined && lock !== undefined && installed >= lock) {
    say("packages up to date");
    return;
  }
  // `npm ci` installs exactly the lock file; without one (unusual) fall back to `npm install`.
  const args = lock === undefined ? ["install"] : ["ci"];
  say(`npm ${args[0]} (${installed === undefined ? "no node_modules yet" : "package-lock.json changed"})`);
  if (run("npm", [...args, "--no-audit", "--no-fund"]) !== 0) {
    say(`npm ${args[0]} failed`);
    process.exit(1);
  }
}

/** npm's bun package places the real binary in a postinstall; without it `bun` is a stub. */
function ensureBun() {
  const bun = join(root, "node_modules", ".bin", onWindows ? "bun.exe" : "bun");
  const version = () => {
    const result = spawnSync(bun, ["--version"], { encoding: "utf8" });
    return result.status === 0 ? result.stdout.trim() : undefined;
  };
  let found = version();
  if (!found) {
    say("bun is the install stub; placing the real binary (node node_modules/bun/install.js)");
    run(process.execPath, [join(root, "node_modules", "bun", "install.js")]);
    found = version();
  }
  if (!found) {
    say(`bun does not run (${bun}); try: rm -rf node_modules && npm ci`);
    process.exit(1);
  }
  say(`bun ${found}`);
}

/** Chromium for the browser tests. A failure is a warning: those tests then skip and say why. */
function ensureChromium() {
  const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (existsSync(path)) {
    say(`chromium at ${path}`);
    return;
  }
  const asRoot = process.getuid?.() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (process.platform !== "linux" || !asRoot || !hasApt) {
    const why = process.platform !== "linux" ? "not Linux" : !hasApt ? "no apt-get" : "not root";
    say(`WARNING: no chromium at ${path} and cannot install it here (${why}); browser tests will be skipped.`);
    say("         Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.");
    return;
  }
  // A CJK font too, so that screenshots of the 简体中文 admin show characters, not boxes.
  say("installing chromium and a CJK font with apt-get (about 30 s)");
  // apt's chatter goes to stderr so the test command's last stdout line stays its summary.
  const apt = { stdio: ["ignore", 2, 2], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } };
  const lockWait = ["-o", "DPkg::Lock::Timeout=120"];
  const ok =
    run("apt-get", ["-q", ...lockWait, "update"], apt) === 0 &&
    run("apt-get", ["-q", "-y", ...lockWait, "install", "chromium", "fonts-wqy-zenhei"], apt) === 0;
  if (existsSync(path)) say(`chromium installed at ${path}`);
  else if (ok) say(`WARNING: apt-get installed chromium, but there is none at ${path} (CHROMIUM_PATH?); browser tests will be skipped.`);
  else say(`WARNING: could not install chromium with apt-get; browser tests will be skipped.`);
}

installPackages();
ensureBun();
if (process.argv.includes("--browser")) ensureChromium();
