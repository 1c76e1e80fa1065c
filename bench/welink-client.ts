import { LOCAL_NET } from "../src/kernel/net-policy.ts";
/**
 * The WeLink client listing a whole organisation from the sandbox (served from a worker thread,
 * so the client's heap and CPU are its own):
 *  1. caps lifted (sandbox limits off, client limits "unlimited"): time and memory of the client,
 *     against a baseline of plain fetch + JSON.parse of the same pages in the same run;
 *  2. WeLink's real caps (sandbox defaults, client defaults = 80 % of them): the achieved calls
 *     per second of the user-list API over the allowed rate (target ≥ 0.85), and 48503s (target 0).
 * Usage: bun bench/welink-client.ts [--users 100000] [--depts 10000] [--workers 8] [--capped-depts N]
 * At full size the capped phase takes about 8.5 minutes (10,000 calls at 22.5/s). Last line: one JSON object.
 */
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { createWelinkClient } from "../src/welink/client.ts";
import { DEFAULT_LIMITS } from "../src/welink/rate-limiter.ts";
import { collect } from "../src/welink/paging.ts";
import { createWelinkRegistry } from "../src/welink/registry.ts";

type Stats = { calls: Record<string, { n: number; first: number; last: number }>; rateLimited: number };
type Ask = { id: number; op: "caps" | "stats" | "clear"; on?: boolean };
/** `retained` keeps the listing alive until the heap is measured. */
type Listing = { seconds: number; users: number; heapMb: number; retained: unknown[] };
type Ctx = { baseUrl: string; workers: number; ask: (op: Ask["op"], on?: boolean) => Promise<Stats> };

const CLIENT_ID = "test-client";
const SECRET = "test-secret-0123456789";
/** The client's default sustained rate per API: 80 % of WeLink's 1500/min. */
const ALLOWED_PER_S = DEFAULT_LIMITS.perApi.ratePerSecond;
/** WeLink's published sustained rate per app and API (1500/min). */
const PUBLISHED_PER_S = 25;
const USER_LIST = "/api/contact/v1/user/list";

/** Worker side: the sandbox with a generated organisation, and a tiny control channel. */
async function serveSandbox() {
  const { startSandbox } = await import("../tests/helpers/sandbox.ts");
  const { generateOrg } = await import("../src/sandbox/welink/generate.ts");
  const { users, depts } = workerData as { users: number; depts: number };
  const rs = startSandbox();
  generateOrg(rs.sb.org, { seed: 42, users, depts });
  parentPort!.on("message", (ask: Ask) => {
    if (ask.op === "caps") rs.sb.settings.rateLimits.enabled = ask.on ?? true;
    if (ask.op === "clear") rs.sb.calls.length = 0;
    const stats: Stats = { calls: {}, rateLimited: 0 };
    if (ask.op === "stats") for (const c of rs.sb.calls) {
      const s = (stats.calls[c.path] ??= { n: 0, first: c.at, last: c.at });
      s.n++;
      s.last = c.at;
      if (c.code === "48503") stats.rateLimited++;
    }
    parentPort!.postMessage({ id: ask.id, stats });
  });
  const memberships = [...rs.sb.org.users.values()].reduce((n, u) => n + u.deptCodes.length, 0);
  parentPort!.postMessage({ ready: rs.baseUrl, memberships });
}

/** Runs `work` over `items` with `workers` in flight. */
async function pool<T>(items: T[], workers: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

const heapNow = () => (Bun.gc(true), process.memoryUsage().heapUsed);

/** The client: departments from the root (v1, recursive), then the members of each. */
async function listWithClient(ctx: Ctx, unlimited: boolean, deptLimit = Infinity): Promise<Listing> {
  const registry = createWelinkRegistry();
  const c = createWelinkClient({ net: LOCAL_NET, baseUrl: ctx.baseUrl, clientId: CLIENT_ID, clientSecret: SECRET, registry, ...(unlimited ? { limits: "unlimited" as const } : {}) });
  const before = heapNow();
  const start = performance.now();
  const depts = await collect(c.contacts.list.depts());
  const held: unknown[] = [];
  const progress = unlimited ? undefined : setInterval(() => console.error(`  … ${held.length} people listed (${Math.round((performance.now() - start) / 1000)} s)`), 30_000);
  await pool(depts.slice(0, deptLimit), ctx.workers, async (d) => {
    const members = await collect(c.contacts.list.users({ deptCode: d.deptCode }));
    held.push(...members);
  });
  clearInterval(progress);
  const seconds = (performance.now() - start) / 1000;
  const heapMb = (heapNow() - before) / 1048576;
  return { seconds, users: held.length, heapMb, retained: [depts, held] };
}

/** The baseline: the same pages with plain fetch + JSON.parse, keeping WeLink's raw objects. */
async function listWithFetch(ctx: Ctx): Promise<Listing> {
  const tickets = await fetch(`${ctx.baseUrl}/api/auth/v2/tickets`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ client_id: CLIENT_ID, client_secret: SECRET }) });
  const token = ((await tickets.json()) as { access_token: string }).access_token;
  const get = async (path: string) => ((await (await fetch(`${ctx.baseUrl}${path}`, { headers: { "x-wlk-Authorization": token } })).json()) as { data?: { deptCode: string }[] }).data ?? [];
  const before = heapNow();
  const start = performance.now();
  const depts: { deptCode: string }[] = [];
  for (let pageNo = 1; ; pageNo++) {
    const page = await get(`/api/contact/v1/department/list?deptCode=0&recursiveflag=1&pageNo=${pageNo}&pageSize=100`);
    depts.push(...page);
    if (page.length < 100) break;
  }
  const held: unknown[] = [];
  await pool(depts, ctx.workers, async (d) => {
    for (let pageNo = 1; ; pageNo++) {
      const page = await get(`${USER_LIST}?deptCode=${d.deptCode}&pageNo=${pageNo}&pageSize=50`);
      held.push(...page);
      if (page.length < 50) break;
    }
  });
  const seconds = (performance.now() - start) / 1000;
  const heapMb = (heapNow() - before) / 1048576;
  return { seconds, users: held.length, heapMb, retained: [depts, held] };
}

const r2 = (x: number) => Math.round(x * 100) / 100;
const callsOf = (s: Stats) => Object.values(s.calls).reduce((n, c) => n + c.n, 0);

/** Phase 1: caps lifted. A small warm-up of both paths first, so neither pays for the JIT alone. */
async function uncapped(ctx: Ctx, memberships: number) {
  await ctx.ask("caps", false);
  await listWithClient(ctx, true, 50);
  await listWithFetch(ctx);
  await ctx.ask("clear");
  const base = await listWithFetch(ctx);
  const baseCalls = callsOf(await ctx.ask("stats"));
  await ctx.ask("clear");
  const mine = await listWithClient(ctx, true);
  const mineCalls = callsOf(await ctx.ask("stats")) - 1; // less the token call
  console.log(`caps lifted, baseline (fetch + JSON.parse): ${r2(base.seconds)} s, ${baseCalls} calls, ${base.users} people, ${r2(base.heapMb)} MB held`);
  console.log(`caps lifted, client:                      ${r2(mine.seconds)} s, ${mineCalls} calls (+1 token), ${mine.users} people, ${r2(mine.heapMb)} MB held`);
  if (mine.users !== memberships || base.users !== memberships) throw new Error("a listing missed people");
  return {
    uncapped_baseline_s: r2(base.seconds),
    uncapped_client_s: r2(mine.seconds),
    uncapped_client_vs_baseline: r2(mine.seconds / base.seconds),
    uncapped_client_calls_per_s: Math.round(mineCalls / mine.seconds),
    uncapped_baseline_heap_mb: r2(base.heapMb),
    uncapped_client_heap_mb: r2(mine.heapMb),
  };
}

/** Phase 2: WeLink's real caps, the client at its defaults. */
async function capped(ctx: Ctx, deptLimit: number, depts: number) {
  await ctx.ask("caps", true);
  await ctx.ask("clear");
  await Bun.sleep(1100); // the sandbox's one-second window forgets phase 1
  console.error(`capped phase: about ${Math.round(Math.min(depts, deptLimit) / ALLOWED_PER_S)} s at ${ALLOWED_PER_S} calls/s…`);
  const run = await listWithClient(ctx, false, deptLimit);
  const stats = await ctx.ask("stats");
  const list = stats.calls[USER_LIST] ?? { n: 0, first: 0, last: 0 };
  const rate = list.n > 1 ? ((list.n - 1) * 1000) / (list.last - list.first) : 0;
  console.log(`real caps, client: ${r2(run.seconds)} s, ${run.users} people; user/list ${list.n} calls at ${r2(rate)}/s`);
  console.log(`  vs the allowed ${ALLOWED_PER_S}/s: ${r2(rate / ALLOWED_PER_S)} (target ≥ 0.85); vs WeLink's published ${PUBLISHED_PER_S}/s: ${r2(rate / PUBLISHED_PER_S)}; 48503 answers: ${stats.rateLimited} (target 0)`);
  return {
    capped_s: r2(run.seconds),
    capped_people: run.users,
    capped_user_list_calls: list.n,
    capped_user_list_per_s: r2(rate),
    capped_allowed_per_s: ALLOWED_PER_S,
    capped_rate_vs_allowed: r2(rate / ALLOWED_PER_S),
    capped_rate_vs_published: r2(rate / PUBLISHED_PER_S),
    capped_48503: stats.rateLimited,
  };
}

async function main() {
  const options = { users: { type: "string", default: "100000" }, depts: { type: "string", default: "10000" }, workers: { type: "string", default: "8" }, "capped-depts": { type: "string" } } as const;
  const { values } = parseArgs({ options });
  const users = Number(values.users);
  const depts = Number(values.depts);
  const workers = Number(values.workers);
  const worker = new Worker(new URL(import.meta.url), { workerData: { users, depts } });
  const ready = await new Promise<{ ready: string; memberships: number }>((resolve) => worker.once("message", resolve));
  let asks = 0;
  const ask = (op: Ask["op"], on?: boolean) =>
    new Promise<Stats>((resolve) => {
      const id = ++asks;
      const listener = (m: { id?: number; stats: Stats }) => m.id === id && (worker.off("message", listener), resolve(m.stats));
      worker.on("message", listener);
      worker.postMessage({ id, op, on });
    });
  const ctx: Ctx = { baseUrl: ready.ready, workers, ask };
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  console.log(`organisation: ${users} users (${ready.memberships} memberships), ${depts} departments; ${workers} listings in flight`);
  const first = await uncapped(ctx, ready.memberships);
  const second = await capped(ctx, values["capped-depts"] ? Number(values["capped-depts"]) : Infinity, depts);
  clearInterval(sampler);
  await worker.terminate();
  console.log(JSON.stringify({ users, depts, memberships: ready.memberships, workers, ...first, peak_rss_mb: Math.round(peakRss / 1048576), ...second }));
}

// Last, so every constant above is initialised before either side starts.
if (!isMainThread) await serveSandbox();
else await main();
