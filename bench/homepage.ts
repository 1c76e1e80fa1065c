/**
 * Homepage entries end to end on loopback: the phone opens the app (sandbox `open-app`, which
 * also yields the free-login code), the WeLink client loads the homepage, the page posts the
 * code, and the bridge answers 303 to the OA's SSO URL (not followed). Per entry it measures the
 * total time from the tap to that redirect and the time spent waiting on the sandbox (the tap
 * itself plus every WeLink call the bridge makes, timed around fetch); the bridge's own share is
 * the difference. The same run times a bare Hono redirect route, served the same way, as the
 * baseline. Entries are paced below WeLink's per-app cap (40/s per API; the client keeps to 20/s
 * sustained), so the client's rate limiter never waits: pass `--rate 0` to go flat out anyway.
 * Usage: bun bench/homepage.ts [--entries 1000] [--rate 18]
 * Last line: one JSON object.
 */
import { parseArgs } from "node:util";
import { Hono } from "hono";
import { startWorld } from "../tests/login/entry/support.ts";
import { systemCtx } from "../src/kernel/actor.ts";
import { systemClock } from "../src/kernel/clock.ts";
import { createBinding } from "../src/directory/bindings.ts";

const { values } = parseArgs({ options: { entries: { type: "string", default: "1000" }, rate: { type: "string", default: "18" } } });
const entries = Number(values.entries);
const rate = Number(values.rate);
if (!Number.isInteger(entries) || entries < 1 || !(rate >= 0)) throw new Error("usage: bun bench/homepage.ts [--entries N ≥ 1] [--rate per-second, 0 = unpaced]");
const WARMUP = Math.min(20, entries);

const w = await startWorld({ serve: true, clock: systemClock, env: { LOG_LEVEL: "silent" } });
const tenant = (await (await w.h.call("GET", "/api/v1/tenants/default")).json()) as { id: string };
for (const p of w.people) {
  await createBinding(w.h.deps, systemCtx(), { tenantId: tenant.id, corpId: w.corpId, welinkUserId: p.welinkUserId!, oaUserId: p.id, method: "admin" });
}

/** Time the bridge spends in fetches to the sandbox (its WeLink calls), bodies included. */
let sandboxMs = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = Object.assign(async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  if (!url.startsWith(w.sandbox.baseUrl)) return realFetch(input, init);
  const t = performance.now();
  const res = await realFetch(input, init);
  const body = await res.arrayBuffer();
  sandboxMs += performance.now() - t;
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}, realFetch);

const cookieOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

/** One tap → redirect; returns [total, sandbox wait] in ms. */
async function entry(i: number): Promise<[number, number]> {
  const p = w.people[i % w.people.length]!;
  sandboxMs = 0;
  const t0 = performance.now();
  const opened = (await (await fetch(`${w.sandbox.baseUrl}/_sandbox/open-app`, { method: "POST", body: JSON.stringify({ clientId: w.sandbox.app.clientId, userId: p.welinkUserId, url: w.homepage }) })).json()) as { code: string };
  const home = await realFetch(w.homepage);
  const nonce = /name="nonce" value="([^"]+)"/.exec(await home.text())?.[1] ?? "";
  const body = new URLSearchParams({ nonce, code: opened.code });
  const res = await realFetch(`${w.homepage}/code`, { method: "POST", body, redirect: "manual", headers: { cookie: cookieOf(home) } });
  await res.arrayBuffer();
  const total = performance.now() - t0;
  const location = res.headers.get("location") ?? "";
  if (res.status !== 303 || !location.startsWith(`${w.oa.url}/sso/welink-bridge?token=`)) throw new Error(`entry ${i}: HTTP ${res.status} → ${location || "(no redirect)"}`);
  return [total, sandboxMs];
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return Math.round((sorted[Math.floor(p * (sorted.length - 1))] ?? 0) * 100) / 100;
};
const figures = (xs: number[]) => ({ p50: pct(xs, 0.5), p95: pct(xs, 0.95), p99: pct(xs, 0.99) });
const line = (label: string, f: ReturnType<typeof figures>) => console.log(`${label.padEnd(34)} p50 ${f.p50} ms   p95 ${f.p95} ms   p99 ${f.p99} ms`);

async function paced(n: number, run: (i: number) => Promise<void>) {
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const due = rate > 0 ? start + (i * 1000) / rate : 0;
    const wait = due - performance.now();
    if (wait > 0) await Bun.sleep(wait);
    await run(i);
  }
}

// Warm-up (token, signing key, JIT), paced too; then a pause so the client's buckets are full again.
await paced(WARMUP, async (i) => void (await entry(i)));
await Bun.sleep(1000);
const totals: number[] = [];
const waits: number[] = [];
const shares: number[] = [];
console.error(`homepage: ${entries} entries${rate > 0 ? ` at ${rate}/s (about ${Math.round(entries / rate)} s)` : " unpaced"}…`);
await paced(entries, async (i) => {
  const [total, wait] = await entry(i);
  totals.push(total);
  waits.push(wait);
  shares.push(total - wait);
});

// The baseline: a bare Hono redirect route, served on loopback and called the same way.
const bare = new Hono().get("/r", (c) => c.redirect(`${w.oa.url}/sso/welink-bridge?token=x`, 303));
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: bare.fetch });
const bareUrl = `http://127.0.0.1:${server.port}/r`;
const baseline: number[] = [];
for (let i = 0; i < WARMUP; i++) await (await realFetch(bareUrl, { redirect: "manual" })).arrayBuffer();
for (let i = 0; i < entries; i++) {
  const t = performance.now();
  await (await realFetch(bareUrl, { redirect: "manual" })).arrayBuffer();
  baseline.push(performance.now() - t);
}
server.stop(true);
globalThis.fetch = realFetch;
w.stop();

const total = figures(totals);
const wait = figures(waits);
const share = figures(shares);
const base = figures(baseline);
line("total (tap → OA redirect)", total);
line("waiting on the sandbox", wait);
line("bridge's own share", share);
line("baseline: bare Hono redirect", base);
console.log(`target: bridge's own share p95 ≤ 20 ms → ${share.p95 <= 20 ? "met" : "NOT met"}`);
console.log(
  JSON.stringify({
    entries,
    rate_per_s: rate,
    total_p50_ms: total.p50,
    total_p95_ms: total.p95,
    total_p99_ms: total.p99,
    sandbox_p50_ms: wait.p50,
    sandbox_p95_ms: wait.p95,
    sandbox_p99_ms: wait.p99,
    bridge_p50_ms: share.p50,
    bridge_p95_ms: share.p95,
    bridge_p99_ms: share.p99,
    baseline_p50_ms: base.p50,
    baseline_p95_ms: base.p95,
    baseline_p99_ms: base.p99,
    target_bridge_p95_ms: 20,
    target_met: share.p95 <= 20,
  }),
);
