import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEMO_HELP } from "./help.ts";
import { parseConfig, readEnvironment } from "../config.ts";
import { buildDeps } from "../deps.ts";
import type { RunningDemoOa } from "../sandbox/index.ts";
import { connectDemoOa, demoEnvironment, type DemoFlags, demoKeyFile, type DemoSandbox, samplePeople, startDemoOaNear, startDemoSandbox } from "./demo-parts.ts";
import { connectDemoHandoff, enableDemoScanLogin } from "./demo-handoff.ts";
import { connectDemoSso, OA_SSO_METHODS, type OaSsoMethod } from "./demo-sso.ts";
import { connectDemoWelink, type DemoWelink } from "./demo-welink.ts";
import { serveCommand } from "./serve.ts";


class UsageError extends Error {}

function whole(text: string, flag: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} ${text}: a whole number from ${min} to ${max}`);
  return n;
}

function parseFlags(argv: string[]): DemoFlags {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      users: { type: "string", default: "200" },
      depts: { type: "string", default: "30" },
      seed: { type: "string", default: "1" },
      port: { type: "string", default: "8080" },
      data: { type: "string" },
      "oa-sso": { type: "string", default: "handoff" },
    },
  });
  const oaSso = v["oa-sso"] as OaSsoMethod;
  if (!OA_SSO_METHODS.includes(oaSso)) throw new UsageError(`--oa-sso ${v["oa-sso"]}: one of ${OA_SSO_METHODS.join(", ")}`);
  return {
    users: whole(v.users, "--users", 1, 200_000),
    depts: whole(v.depts, "--depts", 1, 20_000),
    seed: whole(v.seed, "--seed", 0, 2 ** 32 - 1),
    port: whole(v.port, "--port", 1, 65_535),
    data: v.data,
    oaSso,
  };
}

type Env = Record<string, string | undefined>;
type Started = { flags: DemoFlags; dataDir: string; sandbox: DemoSandbox; oa: RunningDemoOa; env: Env; operatorEnv: Env; connected: string; signOn: string; scan: string; welink: DemoWelink; sso: string[] };

/** The demo's own credentials are printed; the operator's (set in the environment) are only named. */
const shown = (s: Started, key: "BRIDGE_ADMIN_PASSWORD" | "BRIDGE_ADMIN_TOKEN") => (s.operatorEnv[key] ? `(as in ${key})` : s.env[key]);

function banner(out: (line: string) => void, s: Started, fresh: boolean): void {
  const bridge = `http://127.0.0.1:${s.flags.port}`;
  const { sandbox, oa, flags } = s;
  out("");
  out(`welink-bridge demo — organisation of ${flags.users} people in ${flags.depts} departments (seed ${flags.seed})`);
  out(`  data:            ${s.dataDir}${fresh ? " (temporary, deleted on exit)" : ""}`);
  out(`  bridge:          ${bridge}`);
  out(`  admin:           ${bridge}/admin   user admin, password ${shown(s, "BRIDGE_ADMIN_PASSWORD")}`);
  out(`  API token:       ${shown(s, "BRIDGE_ADMIN_TOKEN")}   (global admin; add 'X-Bridge-Tenant: default')`);
  out(`  WeLink sandbox:  ${sandbox.url}   (Open API under /api, inspection under /_sandbox/state)`);
  out(`    app:           client_id=${sandbox.app.clientId} client_secret=${sandbox.app.clientSecret}`);
  for (const line of s.welink.lines) out(`    ${line}`);
  out(`  demo OA:         ${oa.url}   (API token ${oa.token})`);
  out(`    ${s.connected}`);
  out(`    ${s.signOn}`);
  out(`    scan login: ${s.scan}`);
  for (const line of s.sso) out(`    ${line}`);
  out(`    sign in to the OA as (account / password — name, mobile, OA id: a recipient for message push):`);
  const people = samplePeople(oa.org.users);
  for (const p of people) {
    out(`      ${p.loginName} / ${p.password} — ${p.name}, ${p.mobile}, ${p.id}${p.welinkUserId ? ` (WeLink ${p.welinkUserId})` : " (not in WeLink)"}`);
  }
  const person = people.find((p) => p.welinkUserId);
  if (s.welink.homepage && person) {
    out("  open the app as a WeLink person (the sandbox plays the phone), then open the printed url in a browser:");
    out(`    curl -s -X POST ${sandbox.url}/_sandbox/open-app -H 'content-type: application/json' \\`);
    out(`      -d '{"clientId":"${sandbox.app.clientId}","userId":"${person.welinkUserId}","url":"${s.welink.homepage}"}'`);
    out(`    or, as from a PC browser: ${s.welink.homepage}`);
  }
  if (person) {
    const where = (s.flags.oaSso ?? "handoff") === "handoff" ? `${oa.url}/login` : `${oa.url}/todo (the OA sends you to the bridge's sign-in page)`;
    out(`  scan login: open ${where}; under the QR code is the URL the phone would open. Scan it as a WeLink person:`);
    out(`    curl -s -X POST ${sandbox.url}/_sandbox/scan -H 'content-type: application/json' \\`);
    out(`      -d '{"userId":"${person.welinkUserId}","url":"<the URL under the QR code>"}'`);
    out("    then open the url it answers (the phone's confirm page) and approve: the OA signs in.");
  }
  out("  for the README's examples, paste:");
  out(`    export B=${bridge} T=${s.operatorEnv.BRIDGE_ADMIN_TOKEN ? "$BRIDGE_ADMIN_TOKEN" : s.env.BRIDGE_ADMIN_TOKEN} SANDBOX=${sandbox.url} OA=${oa.url}`);
  out("  Ctrl-C stops everything.");
}

/** `welink-bridge demo …`: serves until SIGTERM/SIGINT. Returns an exit code on bad flags. */
export async function demoCommand(argv: string[], out: (line: string) => void): Promise<number | "serving"> {
  let flags: DemoFlags;
  try {
    flags = parseFlags(argv);
  } catch (e) {
    if (!(e instanceof UsageError || String((e as { code?: unknown }).code ?? "").startsWith("ERR_PARSE_ARGS"))) throw e;
    console.error(`${(e as Error).message}\n\nusage: welink-bridge ${DEMO_HELP}`);
    return 2;
  }
  const fresh = flags.data === undefined;
  const dataDir = fresh ? mkdtempSync(join(tmpdir(), "welink-bridge-demo-")) : resolve(flags.data!);
  mkdirSync(dataDir, { recursive: true });
  // Registered first, so it runs whichever way the process ends (serve's stop calls process.exit).
  if (fresh) process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));

  // The sandbox and the OA take the next two ports when free, so a demo's URLs are predictable.
  const sandbox = startDemoSandbox(flags, flags.port + 1);
  const oa = startDemoOaNear(flags, flags.port + 2);
  const stopSides = () => {
    sandbox.stop();
    oa.stop();
  };
  // Before serve's own handlers (listeners run in order), so both sides stop before the bridge exits.
  process.on("SIGTERM", stopSides);
  process.on("SIGINT", stopSides);

  const operatorEnv = readEnvironment();
  const env = demoEnvironment(operatorEnv, flags, dataDir, demoKeyFile(dataDir), sandbox.url);
  // `demo` lets pages show what only a demo should (the URL inside the scan-login QR code); serve never sets it.
  const deps = { ...(await buildDeps(parseConfig(env))), demo: true as const };
  try {
    await serveCommand(deps, out);
  } catch (e) {
    stopSides();
    deps.database.close();
    console.error(`cannot serve the bridge on 127.0.0.1:${flags.port}: ${(e as Error).message}`);
    return 1;
  }
  const connected = await connectDemoOa(deps, oa);
  const signOn = await connectDemoHandoff(deps, oa);
  const welink = await connectDemoWelink(deps, sandbox);
  const scan = await enableDemoScanLogin(deps, oa);
  const sso = await connectDemoSso(deps, oa, flags.oaSso ?? "handoff");
  banner(out, { flags, dataDir, sandbox, oa, env, operatorEnv, connected, signOn, scan, welink, sso }, fresh);
  return "serving";
}
