import { parseArgs } from "node:util";
import { SANDBOX_HELP } from "./help.ts";
import { ZodError } from "zod";
import { applyFaults, applySettings, createSandbox, createSandboxApp, FaultsInput, generateOrg, registerApp, type Sandbox, SettingsInput } from "../sandbox/index.ts";


class UsageError extends Error {}

/** `PATH=VALUE` pairs (a bare VALUE means every path, ""). */
function pairs(items: string[] | undefined, flag: string): [string, string][] {
  return (items ?? []).map((item) => {
    const at = item.lastIndexOf("=");
    if (at === 0) throw new UsageError(`${flag} ${item}: empty path`);
    return at < 0 ? ["", item] : [item.slice(0, at), item.slice(at + 1)];
  });
}

function number(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new UsageError(`${flag} ${text}: not a number`);
  return n;
}

type Values = ReturnType<typeof parse>["values"];

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      port: { type: "string", default: "9090" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string", default: "1" },
      users: { type: "string", default: "200" },
      depts: { type: "string", default: "30" },
      app: { type: "string", multiple: true },
      "tenant-id": { type: "string" },
      "token-ttl": { type: "string" },
      "error-rate": { type: "string", multiple: true },
      "latency-ms": { type: "string", multiple: true },
      "hang-rate": { type: "string", multiple: true },
      outage: { type: "string" },
      "has-more-stuck": { type: "boolean", default: false },
      "no-rate-limits": { type: "boolean", default: false },
    },
  });
}

/** Flags → the same checked inputs the inspection API takes, so both paths validate alike. */
function faultsFrom(v: Values): FaultsInput {
  const errorRates = Object.fromEntries(
    pairs(v["error-rate"], "--error-rate").map(([path, value]) => {
      const [rate, code] = value.split(":");
      return [path, { rate: number(rate, "--error-rate", 0), code: code || "http500" }];
    }),
  );
  const latencyMs = Object.fromEntries(pairs(v["latency-ms"], "--latency-ms").map(([p, ms]) => [p, number(ms, "--latency-ms", 0)]));
  const hangRates = Object.fromEntries(pairs(v["hang-rate"], "--hang-rate").map(([p, rate]) => [p, number(rate, "--hang-rate", 0)]));
  const [start, duration] = (v.outage ?? "").split(":");
  const outage = v.outage ? { startInMs: number(start, "--outage", 0) * 1000, durationMs: number(duration, "--outage", 0) * 1000 } : undefined;
  return FaultsInput.parse({ errorRates, latencyMs, hangRates, hasMoreStuck: v["has-more-stuck"], ...(outage ? { outage } : {}) });
}

function settingsFrom(v: Values): SettingsInput {
  return SettingsInput.parse({
    ...(v["tenant-id"] ? { tenantId: v["tenant-id"] } : {}),
    ...(v["token-ttl"] ? { tokenTtlSeconds: number(v["token-ttl"], "--token-ttl", 7200) } : {}),
    ...(v["no-rate-limits"] ? { rateLimits: { enabled: false } } : {}),
  });
}

/** Each `--app ID:SECRET` gets every permission and everyone visible; without any, one is made up. */
function registerApps(sb: Sandbox, specs: string[] | undefined) {
  if (!specs?.length) return [registerApp(sb, { name: "Sandbox app" })];
  return specs.map((spec) => {
    const at = spec.indexOf(":");
    if (at <= 0 || at === spec.length - 1) throw new UsageError(`--app ${spec}: expected CLIENT_ID:CLIENT_SECRET`);
    return registerApp(sb, { clientId: spec.slice(0, at), clientSecret: spec.slice(at + 1) });
  });
}

function build(v: Values) {
  const sb = createSandbox();
  applySettings(sb, settingsFrom(v));
  applyFaults(sb, faultsFrom(v));
  const summary = generateOrg(sb.org, { seed: number(v.seed, "--seed", 1), users: number(v.users, "--users", 200), depts: number(v.depts, "--depts", 30) });
  return { sb, summary, apps: registerApps(sb, v.app) };
}

/** The banner: where it listens and the credentials to use (the secrets are fake, so printing them is fine). */
function announce(out: (line: string) => void, base: string, seed: string, { sb, summary, apps }: ReturnType<typeof build>): void {
  out(`WeLink sandbox on ${base} (Open API under ${base}/api), tenant ${sb.settings.tenantId}`);
  out(`  organisation: ${summary.users} users in ${summary.depts} departments, ${summary.maxDepth} levels (seed ${seed}), generated in ${summary.ms} ms`);
  for (const app of apps) out(`  app: client_id=${app.clientId} client_secret=${app.clientSecret}`);
  out(`  inspection API: ${base}/_sandbox/state`);
}

/** `welink-bridge sandbox …`: serves until SIGTERM/SIGINT. Returns an exit code on bad flags. */
export function sandboxCommand(argv: string[], out: (line: string) => void): number | "serving" {
  let built: ReturnType<typeof build>;
  let v: Values;
  try {
    v = parse(argv).values;
    number(v.port, "--port", 9090);
    built = build(v);
  } catch (e) {
    const parseError = String((e as { code?: unknown }).code ?? "").startsWith("ERR_PARSE_ARGS");
    if (!(e instanceof UsageError || e instanceof ZodError || parseError)) throw e;
    const why = e instanceof ZodError ? e.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n") : (e as Error).message;
    console.error(`${why}\n\nusage: welink-bridge ${SANDBOX_HELP}`);
    return 2;
  }
  const http = createSandboxApp(built.sb);
  let server: ReturnType<typeof Bun.serve>;
  try {
    // The server goes in as env so the per-address limit can read the caller's address.
    server = Bun.serve({ hostname: v.host, port: Number(v.port), fetch: (req, srv) => http.fetch(req, { server: srv }) });
  } catch (e) {
    console.error(`cannot listen on ${v.host}:${v.port}: ${(e as Error).message}`);
    return 1;
  }
  announce(out, `http://${v.host}:${server.port}`, v.seed, built);
  const stop = (signal: string) => {
    out(`sandbox stopping (${signal})`);
    server.stop(true);
    process.exit(0);
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return "serving";
}
