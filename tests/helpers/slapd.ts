/**
 * Debian's slapd on a free loopback port in a temporary folder, with its own slapd.conf (mdb,
 * the usual schemas plus a small AD-shaped test schema), loaded with slapadd before it starts.
 * A test that cannot start it fails: setup.mjs installs slapd (package `slapd`, `ldap-utils`).
 */
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BASE_DN, POLICY_DN, policyLdif, READER, SUFFIX, type TreeFacts, treeLdif, WRITE_DN, WRITER } from "./ldap-tree.ts";

export const SLAPD = process.env.SLAPD_PATH || "/usr/sbin/slapd";
const SLAPADD = "/usr/sbin/slapadd";
const ROOT = { dn: `cn=admin,${SUFFIX}`, password: "root-secret-1" };

export type Slapd = {
  url: string;
  port: number;
  baseDn: string;
  root: typeof ROOT;
  reader: typeof READER;
  writer: typeof WRITER;
  facts: TreeFacts;
  /** With `tls: true`: an ldaps:// URL too (StartTLS works on `url`), and the test CA that signed the server. */
  tls?: { ldapsUrl: string; caPem: string };
  stop(): void;
  /** Freezes the server (SIGSTOP): connections stay open and nothing answers, as a hung directory. */
  pause(): void;
  resume(): void;
};

/** A throwaway CA and a server certificate for 127.0.0.1 it signed (openssl, EC keys: fast). */
function makeCerts(dir: string): string {
  const run = (args: string[]) => {
    const r = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr || r.error}`);
  };
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  run(["req", "-x509", ...ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Bridge test CA"]);
  run(["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"]);
  writeFileSync(join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
  run(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext"]);
  return `TLSCACertificateFile ${dir}/ca.pem\nTLSCertificateFile ${dir}/server.pem\nTLSCertificateKeyFile ${dir}/server.key\n`;
}

/** The AD-shaped part: AD's attribute names on an auxiliary class (OIDs under a private test arc). */
const AD_SCHEMA = `
attributetype ( 1.3.6.1.4.1.99917.1.1 NAME 'objectGUID' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99917.1.2 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99917.1.3 NAME 'userPrincipalName' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99917.1.4 NAME 'employeeID' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99917.1.5 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99917.1.6 NAME 'whenChanged' EQUALITY generalizedTimeMatch ORDERING generalizedTimeOrderingMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.24 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.99917.1.7 NAME 'department' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99917.2.1 NAME 'adObject' AUXILIARY MAY ( objectGUID $ sAMAccountName $ userPrincipalName $ employeeID $ userAccountControl $ whenChanged $ department ) )
`;

/** The ppolicy overlay (OpenLDAP 2.5 carries its schema), with the default policy the tree adds (ldap-tree.ts). */
const PPOLICY_MODULE = "moduleload ppolicy\n";
const ppolicyOverlay = () => `overlay ppolicy\nppolicy_default "${POLICY_DN}"\nppolicy_use_lockout\n`;

function conf(dir: string, ppolicy = false): string {
  return `
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema
include ${dir}/ad-test.schema
pidfile ${dir}/slapd.pid
argsfile ${dir}/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
${ppolicy ? PPOLICY_MODULE : ""}database mdb
maxsize 4294967296
suffix "${SUFFIX}"
rootdn "${ROOT.dn}"
rootpw ${ROOT.password}
directory ${dir}/db
index objectClass eq
index uid,cn,sAMAccountName,entryUUID eq
# Plain searches stop at 1,000 entries as on a real server; paged ones (RFC 2696) read everything.
limits * size.soft=1000 size.hard=1000 size.pr=unlimited size.prtotal=unlimited
${ppolicy ? ppolicyOverlay() : ""}access to attrs=userPassword by dn.exact="${WRITER.dn}" write by self write by anonymous auth by * none
access to dn.subtree="${WRITE_DN}" by dn.exact="${WRITER.dn}" write by users read by * none
access to * by users read by * none
`;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const c = connect(port, "127.0.0.1");
    c.once("connect", () => (c.destroy(), resolve(true)));
    c.once("error", () => resolve(false));
  });

async function writeLdif(path: string, people: number, facts: TreeFacts, more: Iterable<string> = []): Promise<void> {
  const out = createWriteStream(path);
  const chunks = function* () {
    yield* treeLdif(people, 17, facts);
    yield* more;
  };
  for (const chunk of chunks()) if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
  await new Promise<void>((resolve, reject) => {
    out.once("error", reject);
    out.end(() => resolve());
  });
}

/** OpenLDAP's password policy (ppolicy overlay): after `maxFailure` wrong binds the account is locked. */
export type PpolicyOptions = { maxFailure: number; lockoutSeconds?: number };

/**
 * Starts slapd with a generated tree of `people` people under BASE_DN (plus the AD-shaped OU).
 * `ppolicy` (opt-in) loads the password policy overlay with a default policy that locks accounts.
 */
export async function startSlapd(options: { people?: number; tls?: boolean; ppolicy?: PpolicyOptions } = {}): Promise<Slapd> {
  if (!existsSync(SLAPD)) throw new Error(`no slapd at ${SLAPD}: run \`npm test\` (scripts/setup.mjs installs Debian's slapd and ldap-utils) or apt-get install slapd ldap-utils`);
  const dir = mkdtempSync(join(tmpdir(), "bridge-slapd-"));
  mkdirSync(join(dir, "db"));
  writeFileSync(join(dir, "ad-test.schema"), AD_SCHEMA);
  const tlsConf = options.tls ? makeCerts(dir) : "";
  writeFileSync(join(dir, "slapd.conf"), tlsConf + conf(dir, !!options.ppolicy));
  const facts: TreeFacts = { people: 0, disabled: [], deptOf: new Map(), ad: { people: 0, disabled: [], guidOf: new Map() } };
  await writeLdif(join(dir, "tree.ldif"), options.people ?? 2000, facts, options.ppolicy ? policyLdif(options.ppolicy) : []);
  const add = spawnSync(SLAPADD, ["-q", "-f", join(dir, "slapd.conf"), "-l", join(dir, "tree.ldif")], { encoding: "utf8" });
  if (add.status !== 0) throw new Error(`slapadd failed (${add.status}): ${add.stderr}`);
  rmSync(join(dir, "tree.ldif"));
  const port = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = options.tls ? `ldaps://127.0.0.1:${await freePort()}` : undefined;
  // -d keeps slapd in the foreground, so it is our child and dies with us.
  const listen = ldapsUrl ? `${url}/ ${ldapsUrl}/` : `${url}/`;
  const child = spawn(SLAPD, ["-d", "0", "-h", listen, "-f", join(dir, "slapd.conf")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stop);
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("exit", stop);
  for (let i = 0; i < 200 && !(await accepts(port)); i++) {
    if (child.exitCode !== null) break;
    await Bun.sleep(50);
  }
  if (!(await accepts(port))) {
    stop();
    throw new Error(`slapd did not start on ${url}: ${stderr}`);
  }
  const tls = ldapsUrl ? { ldapsUrl, caPem: readFileSync(join(dir, "ca.pem"), "utf8") } : undefined;
  const pause = () => void child.kill("SIGSTOP");
  const resume = () => void child.kill("SIGCONT");
  return { url, port, baseDn: BASE_DN, root: ROOT, reader: READER, writer: WRITER, facts, ...(tls && { tls }), stop, pause, resume };
}
