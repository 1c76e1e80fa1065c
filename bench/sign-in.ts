/**
 * The sign-in session drawn on by CAS and OIDC, on the served bridge (the app in this process
 * behind Bun.serve on loopback, called over real HTTP with fetch):
 *  1. CAS: with a live session cookie, GET /cas/login?service= → 302 with a ticket → GET
 *     /serviceValidate → the XML success; N round trips, p50/p95 of each step and of the whole.
 *  2. OIDC: GET /authorize (PKCE, confidential client) → 302 with a code → POST /token
 *     (client_secret_basic) → GET /userinfo;
 *     N round trips, the same figures.
 *  The baseline: a bare Hono route served the same way in the same run, one request per step, so
 *  the bridge's own time of a round trip ≈ its p95 − steps × the baseline's p50 (target ≤ 10 ms:
 *  reported, not asserted).
 *  3. Memory (RSS, JS heap after a full GC) before and with S live sessions in the database; the
 *  round trips above spread their sessions over those S cookies.
 * Usage: bun bench/sign-in.ts [--rounds 1000] [--sessions 10000]
 * Quick run: bun bench/sign-in.ts --rounds 50 --sessions 500
 * Last line: one JSON object of the figures.
 */
import { createHash, randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { heapStats } from "bun:jsc";
import { Hono } from "hono";
import { findTenantBySlug } from "../src/accounts/store.ts";
import { systemClock } from "../src/kernel/clock.ts";
import { signInSessions } from "../src/login/session/schema.ts";
import { startHarness } from "../tests/helpers/harness.ts";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "1000" }, sessions: { type: "string", default: "10000" } } });
const rounds = Number(values.rounds);
const sessions = Number(values.sessions);
if (!(Number.isInteger(rounds) && rounds > 0 && Number.isInteger(sessions) && sessions > 0)) throw new Error("usage: bun bench/sign-in.ts [--rounds N] [--sessions N]");
const WARMUP = Math.min(50, rounds);
const SERVICE = "https://oa.bench.test/cas/home";
const REDIRECT = "https://oa.bench.test/oidc/callback";

const r2 = (x: number) => Math.round(x * 100) / 100;
const pct = (xs: number[], p: number) => r2([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? NaN);
const fig = (xs: number[]) => ({ p50: pct(xs, 0.5), p95: pct(xs, 0.95) });
const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
function memory() {
  Bun.gc(true);
  return { rssMb: mb(process.memoryUsage().rss), heapMb: mb(heapStats().heapSize) };
}
async function timed<T>(xs: number[], run: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const out = await run();
  xs.push(performance.now() - t);
  return out;
}

const h = await startHarness({ clock: systemClock, env: { LOG_LEVEL: "warn" } });
const tenant = (await findTenantBySlug(h.deps.db, "default"))!;
const corp = (await (await h.call("POST", "/api/v1/corps", { tenant: "default", body: { name: "Bench", welinkTenantId: "wl-bench" } })).json()) as { id: string };
await h.deps.database.client.execute({
  sql: "INSERT INTO oa_users (tenant_id, id, account, name, mobile, email, employee_no) VALUES (?, 'oa-1', 'zhang.san', '张三', '13800000001', 'zhang@bench.test', 'E001')",
  args: [tenant.id],
});
const cas = await h.call("POST", "/api/v1/sso/cas/services", { tenant: "default", body: { name: "OA", urlPrefix: "https://oa.bench.test/cas/", attributes: ["name", "email", "employeeId"] } });
if (cas.status !== 201) throw new Error(`cas service: ${await cas.text()}`);
const oidc = await h.call("POST", "/api/v1/sso/oidc/clients", { tenant: "default", body: { name: "OA", type: "confidential", redirectUris: [REDIRECT] } });
if (oidc.status !== 201) throw new Error(`oidc client: ${await oidc.text()}`);
const { clientId, clientSecret } = (await oidc.json()) as { clientId: string; clientSecret: string };
// client_secret_basic, as an OA's server-side client authenticates (RFC 6749 §2.3.1: form-encoded id and secret).
const basic = `Basic ${btoa(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`)}`;

const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: (req) => h.app.fetch(req) });
const base = `http://127.0.0.1:${server.port}`;
const bare = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: new Hono().get("/r", (c) => c.redirect("https://oa.bench.test/?x=1", 302)).fetch });
const bareUrl = `http://127.0.0.1:${bare.port}/r`;

// Memory before any session, then S live sessions written as the session core writes them.
const before = memory();
const cookies: string[] = [];
const now = Date.now();
for (let i = 0; i < sessions; i += 500) {
  const rows = Array.from({ length: Math.min(500, sessions - i) }, (_, k) => {
    const token = randomBytes(32).toString("base64url");
    cookies.push(`wlb_session=${token}`);
    return {
      id: `bench-${i + k}`, tenantId: tenant.id, tokenHash: createHash("sha256").update(token).digest("hex"), corpId: corp.id, appId: null,
      welinkUserId: `wl-${i + k}`, oaUserId: "oa-1", channel: "scan" as const, createdAt: now, provedAt: now, expiresAt: now + 8 * 3600_000,
      lastSeenAt: now, endedAt: null, endReason: null, ip: "10.0.0.1", userAgent: "bench",
    };
  });
  await h.deps.db.insert(signInSessions).values(rows);
}
const loaded = memory();

const steps = { casLogin: [] as number[], casValidate: [] as number[], casRound: [] as number[], authorize: [] as number[], token: [] as number[], userinfo: [] as number[], oidcRound: [] as number[], bare: [] as number[] };
const scratch = () => ({ a: [] as number[], b: [] as number[], c: [] as number[] });

async function casRound(i: number, into: { a: number[]; b: number[] }) {
  const res = await timed(into.a, async () => {
    const r = await fetch(`${base}/t/default/cas/login?service=${encodeURIComponent(SERVICE)}`, { redirect: "manual", headers: { cookie: cookies[i % cookies.length]! } });
    await r.arrayBuffer();
    return r;
  });
  const ticket = new URL(res.headers.get("location") ?? "http://x/").searchParams.get("ticket");
  if (res.status !== 302 || !ticket) throw new Error(`cas login ${i}: ${res.status} ${res.headers.get("location")}`);
  const xml = await timed(into.b, async () => (await fetch(`${base}/t/default/cas/serviceValidate?${new URLSearchParams({ ticket, service: SERVICE })}`)).text());
  if (!xml.includes("<cas:user>zhang.san</cas:user>")) throw new Error(`cas validate ${i}: ${xml.slice(0, 300)}`);
}

async function oidcRound(i: number, into: { a: number[]; b: number[]; c: number[] }) {
  const verifier = randomBytes(32).toString("base64url");
  const q = new URLSearchParams({
    response_type: "code", client_id: clientId, redirect_uri: REDIRECT, scope: "openid profile email phone", state: `s${i}`, nonce: `n${i}`,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256",
  });
  const res = await timed(into.a, async () => {
    const r = await fetch(`${base}/t/default/oidc/authorize?${q}`, { redirect: "manual", headers: { cookie: cookies[i % cookies.length]! } });
    await r.arrayBuffer();
    return r;
  });
  const code = new URL(res.headers.get("location") ?? "http://x/").searchParams.get("code");
  if (res.status !== 302 || !code) throw new Error(`authorize ${i}: ${res.status} ${res.headers.get("location")}`);
  const body = new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, code_verifier: verifier });
  const tokens = await timed(into.b, async () => (await fetch(`${base}/t/default/oidc/token`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic } })).json() as Promise<{ access_token?: string }>);
  if (!tokens.access_token) throw new Error(`token ${i}: ${JSON.stringify(tokens)}`);
  const claims = await timed(into.c, async () => (await fetch(`${base}/t/default/oidc/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } })).json() as Promise<{ preferred_username?: string }>);
  if (claims.preferred_username !== "zhang.san") throw new Error(`userinfo ${i}: ${JSON.stringify(claims)}`);
}

try {
  for (let i = 0; i < WARMUP; i++) {
    await casRound(i, scratch());
    await oidcRound(i, scratch());
    await (await fetch(bareUrl, { redirect: "manual" })).arrayBuffer();
  }
  console.error(`sign-in: ${rounds} CAS and ${rounds} OIDC round trips over ${sessions} live sessions…`);
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await casRound(i * 7919, { a: steps.casLogin, b: steps.casValidate });
    steps.casRound.push(performance.now() - t);
  }
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await oidcRound(i * 7919, { a: steps.authorize, b: steps.token, c: steps.userinfo });
    steps.oidcRound.push(performance.now() - t);
  }
  for (let i = 0; i < rounds; i++) await timed(steps.bare, async () => (await fetch(bareUrl, { redirect: "manual" })).arrayBuffer());
  const after = memory();

  const f = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, fig(v)])) as Record<keyof typeof steps, { p50: number; p95: number }>;
  const own = { cas: r2(f.casRound.p95 - 2 * f.bare.p50), oidc: r2(f.oidcRound.p95 - 3 * f.bare.p50) };
  for (const [k, v] of Object.entries(f)) console.log(`${k.padEnd(12)} p50 ${v.p50} ms   p95 ${v.p95} ms`);
  console.log(`bridge's own time per round trip (p95 − steps × bare p50): CAS ${own.cas} ms, OIDC ${own.oidc} ms; target ≤ 10 ms → ${own.cas <= 10 && own.oidc <= 10 ? "met" : "NOT met"}`);
  console.log(`memory: before sessions RSS ${before.rssMb} MB heap ${before.heapMb} MB; with ${sessions} live sessions RSS ${loaded.rssMb} MB heap ${loaded.heapMb} MB; after the round trips RSS ${after.rssMb} MB heap ${after.heapMb} MB`);
  const flat = Object.fromEntries(Object.entries(f).flatMap(([k, v]) => [[`${k}_p50_ms`, v.p50], [`${k}_p95_ms`, v.p95]]));
  console.log(JSON.stringify({
    rounds, sessions, ...flat, cas_own_p95_ms: own.cas, oidc_own_p95_ms: own.oidc, target_own_p95_ms: 10, target_met: own.cas <= 10 && own.oidc <= 10,
    rss_before_mb: before.rssMb, heap_before_mb: before.heapMb, rss_sessions_mb: loaded.rssMb, heap_sessions_mb: loaded.heapMb, rss_after_mb: after.rssMb, heap_after_mb: after.heapMb,
  }));
} finally {
  server.stop(true);
  bare.stop(true);
  h.close();
}
