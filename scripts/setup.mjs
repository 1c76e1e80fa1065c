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

/**
 * Debian packages the tests use: Chromium (and a CJK font, so that screenshots of the 简体中文 admin
 * show characters, not boxes) for the browser tests, jq for the README's walk-through, slapd for the LDAP tests. Installed
 * with apt-get in one go when missing; a failure is a warning: those tests then skip or say why.
 */
function ensureDebianPackages() {
  const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  const wanted = [
    { path: chromium, packages: ["chromium", "fonts-wqy-zenhei"], name: "chromium", for: "browser tests will be skipped" },
    { path: "/usr/bin/jq", packages: ["jq"], name: "jq", for: "the README walk-through test will fail" },
    { path: "/usr/sbin/slapd", packages: ["slapd", "ldap-utils"], name: "slapd", for: "the LDAP connector's tests will fail" },
    { path: "/usr/bin/openssl", packages: ["openssl"], name: "openssl", for: "the LDAP TLS tests will fail" },
    { path: "/usr/sbin/mariadbd", packages: ["mariadb-server"], name: "MariaDB", for: "the SQL source tests (tests/oa/sql) will fail" },
    { path: "/usr/lib/postgresql", packages: ["postgresql"], name: "PostgreSQL", for: "the SQL source tests (tests/oa/sql) will fail" },
  ];
  const missing = wanted.filter((w) => !existsSync(w.path));
  for (const w of wanted) if (existsSync(w.path)) say(`${w.name} at ${w.path}`);
  if (missing.length === 0) return;
  const asRoot = process.getuid?.() === 0;
  const hasApt = existsSync("/usr/bin/apt-get");
  if (process.platform !== "linux" || !asRoot || !hasApt) {
    const why = process.platform !== "linux" ? "not Linux" : !hasApt ? "no apt-get" : "not root";
    for (const w of missing) say(`WARNING: no ${w.name} at ${w.path} and cannot install it here (${why}); ${w.for}.`);
    say(`         Install them (Debian: apt-get install ${missing.flatMap((w) => w.packages).join(" ")}) or set CHROMIUM_PATH.`);
    return;
  }
  const packages = missing.flatMap((w) => w.packages);
  say(`installing ${packages.join(", ")} with apt-get (about 30 s)`);
  // apt's chatter goes to stderr so the test command's last stdout line stays its summary.
  const apt = { stdio: ["ignore", 2, 2], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } };
  const lockWait = ["-o", "DPkg::Lock::Timeout=120"];
  const ok = run("apt-get", ["-q", ...lockWait, "update"], apt) === 0 && run("apt-get", ["-q", "-y", ...lockWait, "install", ...packages], apt) === 0;
  for (const w of missing) {
    if (existsSync(w.path)) say(`${w.name} installed at ${w.path}`);
    else say(`WARNING: ${ok ? `apt-get ran, but there is no ${w.name} at ${w.path}` : `could not install ${w.name} with apt-get`}; ${w.for}.`);
  }
}

installPackages();
ensureBun();
if (process.argv.includes("--browser")) ensureDebianPackages();
