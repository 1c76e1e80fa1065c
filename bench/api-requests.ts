/**
 * Requests per second through the whole app in-process: an authenticated API read
 * (token lookup, tenant check, query, audit-free) against /healthz (the baseline: middleware only).
 * Usage: bun bench/api-requests.ts [--requests 5000]
 * Last line: {"healthz_rps":…,"api_read_rps":…,"api_vs_healthz":…,"api_p50_ms":…,"api_p99_ms":…,"peak_rss_mb":…}
 */
import { parseArgs } from "node:util";
import { startHarness } from "../tests/helpers/harness.ts";

const { values } = parseArgs({ options: { requests: { type: "string", default: "5000" } } });
const n = Number(values.requests);
const h = await startHarness({ env: { LOG_LEVEL: "silent" } });
let peakRss = process.memoryUsage().rss;

async function measure(label: string, call: () => Promise<Response>) {
  for (let i = 0; i < Math.min(200, n); i++) await call(); // warm-up
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await call();
    if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
    await res.arrayBuffer();
    times.push(performance.now() - t);
    if (i % 500 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => Math.round((times[Math.floor(p * (times.length - 1))] ?? 0) * 1000) / 1000;
  const rps = Math.round(n / seconds);
  console.log(`${label}: ${rps} req/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
  return { rps, p50: pct(0.5), p99: pct(0.99) };
}

const token = await h.tenantToken("bench", ["read"]);
const base = await measure("GET /healthz", () => h.call("GET", "/healthz", { token: null }));
const api = await measure("GET /api/v1/tenants/bench", () => h.call("GET", "/api/v1/tenants/bench", { token }));
h.close();
console.log(
  JSON.stringify({
    requests: n,
    healthz_rps: base.rps,
    api_read_rps: api.rps,
    api_vs_healthz: Math.round((api.rps / base.rps) * 1000) / 1000,
    api_p50_ms: api.p50,
    api_p99_ms: api.p99,
    peak_rss_mb: Math.round(peakRss / 1048576),
  }),
);
