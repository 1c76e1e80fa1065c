/**
 * Helpers of bench/push.ts: a push world on a harness (corp, apps, one push rule per app,
 * bindings), and the crash part — the served bridge (`bun src/main.ts serve`, which runs the
 * dispatcher) killed with `kill -9` while it sends cards, restarted at once each time.
 */
import { join } from "node:path";
import { bindings } from "../src/directory/schema.ts";
import { systemCtx, type Ctx } from "../src/kernel/actor.ts";
import { systemClock } from "../src/kernel/clock.ts";
import { eventLoopTurn } from "../src/kernel/db/client.ts";
import { acceptMessage } from "../src/messages/intake.ts";
import { messagesOf } from "../src/sandbox/welink/messages-store.ts";
import { registerApp } from "../src/sandbox/welink/sandbox.ts";
import { DEFAULT_LIMITS } from "../src/welink/rate-limiter.ts";
import { freePort, ROOT } from "../tests/helpers/cli.ts";
import { ADMIN_PASSWORD, ADMIN_TOKEN, startHarness, type Harness } from "../tests/helpers/harness.ts";
import { startSandbox } from "../tests/helpers/sandbox.ts";
import { seedDept } from "../tests/welink/support.ts";

export const SECRET = "test-secret-0123456789";
const T = { tenant: "default" };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
export const r2 = (x: number) => Math.round(x * 100) / 100;
/** OA person `u<n>` is bound to WeLink's `user<n+1>@welink` (seedDept's people). */
export const welinkOf = (n: number) => `user${n + 1}@welink`;

export type World = { tenantId: string; corpId: string; ctx: Ctx; appIds: string[]; sources: string[] };

async function json<T>(res: Response): Promise<T> {
  if (res.status >= 300) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A corp on `baseUrl` with one app per client id, one rule per app (source `src<k>` → that app), and `people` bindings. */
export async function setupWorld(h: Harness, o: { baseUrl: string; clientIds: string[]; type: "card" | "todo"; people: number }): Promise<World> {
  const tenantId = (await json<{ id: string }>(await h.call("GET", "/api/v1/tenants/default"))).id;
  const corp = await json<{ id: string }>(await h.call("POST", "/api/v1/corps", { ...T, body: { name: "Bench", welinkTenantId: "sandbox-tenant", apiBaseUrl: o.baseUrl } }));
  const appIds: string[] = [];
  const sources: string[] = [];
  for (const [k, clientId] of o.clientIds.entries()) {
    const app = await json<{ id: string }>(await h.call("POST", `/api/v1/corps/${corp.id}/apps`, { ...T, body: { name: `Push${k}`, clientId, clientSecret: SECRET } }));
    const source = `src${k}`;
    await json(await h.call("POST", "/api/v1/push-rules", { ...T, body: { name: `rule${k}`, sources: [source], targets: [{ corpId: corp.id, appId: app.id, type: o.type }] } }));
    appIds.push(app.id);
    sources.push(source);
  }
  const rows = Array.from({ length: o.people }, (_, n) => ({ tenantId, corpId: corp.id, welinkUserId: welinkOf(n), oaUserId: `u${n}`, method: "admin" as const, createdAt: 0, createdBy: "bench" }));
  for (let i = 0; i < rows.length; i += 500) await h.deps.db.insert(bindings).values(rows.slice(i, i + 500));
  return { tenantId, corpId: corp.id, ctx: systemCtx({ id: tenantId, slug: "default" }), appIds, sources };
}

/** Message `i`: source `src<i mod apps>`, recipients `u<(i·r + j) mod people>` (distinct when r ≤ people). */
export function messageBody(i: number, o: { sources: string[]; recipients: number; people: number; prefix: string }) {
  return {
    source: o.sources[i % o.sources.length]!,
    externalId: `${o.prefix}-${i}`,
    kind: "create" as const,
    title: `${o.prefix}-${i} leave request`,
    body: "3 days, 1–3 June",
    mobileUrl: `https://oa.example.com/m/ap/${i}`,
    pcUrl: `https://oa.example.com/ap/${i}`,
    sender: "Li Lei",
    recipients: Array.from({ length: o.recipients }, (_, j) => `u${(i * o.recipients + j) % o.people}`),
  };
}

export async function startBridge(databaseUrl: string, port: number) {
  const proc = Bun.spawn([process.execPath, join(ROOT, "src/main.ts"), "serve"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "error", HOST: "127.0.0.1", PORT: String(port),
      DATABASE_URL: databaseUrl, BRIDGE_ADMIN_TOKEN: ADMIN_TOKEN, BRIDGE_ADMIN_PASSWORD: ADMIN_PASSWORD, OUTBOUND_ALLOW: "127.0.0.1",
    },
    stdout: "ignore",
    stderr: "inherit",
  });
  for (let i = 0; i < 400; i++) {
    if (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status < 500, () => false)) return proc;
    await Bun.sleep(25);
  }
  throw new Error("the bridge did not start");
}

export type CrashOptions = { messages: number; kills: number; recipients: number; people: number; apps: number; limits: boolean; minGapMs: number; maxGapMs: number };

/**
 * Accepts the messages in-process, then serves them with kill -9 at random moments: each
 * bridge is killed 0.3–3 s after it has sent its first card (so every kill lands while it is
 * sending), and restarted at once. Then the last bridge finishes and stops with SIGTERM.
 * Counted at the sandbox: how often each (message, person) arrived.
 */
export async function crashRun(o: CrashOptions) {
  const off = { enabled: false, perAppApiPerSecond: 1e9, perAppApiPerMinute: 1e9, perIpPer20s: 1e9 };
  const rs = startSandbox(o.limits ? {} : { settings: { rateLimits: off } });
  seedDept(rs.sb, o.people);
  const clientIds = ["test-client", ...Array.from({ length: o.apps - 1 }, (_, k) => registerApp(rs.sb, { clientId: `bench-app-${k + 1}`, clientSecret: SECRET }).clientId)];
  const h = await startHarness({ clock: systemClock, env: { LOG_LEVEL: "warn" } });
  let child: ReturnType<typeof Bun.spawn> | undefined;
  try {
    const w = await setupWorld(h, { baseUrl: rs.baseUrl, clientIds, type: "card", people: o.people });
    const spec = { sources: w.sources, recipients: o.recipients, people: o.people, prefix: "CR" };
    for (let i = 0; i < o.messages; i++) {
      await acceptMessage(h.deps, w.ctx, messageBody(i, spec));
      if (i % 500 === 499) await eventLoopTurn(); // as between requests: lets the driver free its statements
    }
    const client = h.deps.database.client;
    const open = async () => Number((await client.execute("SELECT count(*) FROM deliveries WHERE status IN ('pending', 'sending')")).rows[0]![0]);
    const cardCalls = () => rs.sb.calls.filter((c) => c.path === "/api/messages/v2/card/common").length;

    const port = freePort();
    const start = performance.now();
    const restarts: number[] = [];
    const frozen: number[] = [];
    let kills = 0;
    let idleKills = 0;
    child = await startBridge(h.config.databaseUrl, port);
    while (kills < o.kills && (await open()) > 0) {
      // Wait until this bridge sends (its batch may be waiting for stale claims), then a random moment.
      const before = cardCalls();
      const waitUntil = Date.now() + 120_000;
      while (cardCalls() === before && Date.now() < waitUntil && (await open()) > 0) await Bun.sleep(50);
      if (cardCalls() === before) idleKills++;
      await Bun.sleep(o.minGapMs + Math.random() * (o.maxGapMs - o.minGapMs));
      if ((await open()) === 0) break;
      child.kill(9);
      await child.exited;
      kills++;
      // Left claimed by the dead bridge: taken again only when the claim is STALE_CLAIM_MS old.
      frozen.push(Number((await client.execute("SELECT count(*) FROM deliveries WHERE status = 'sending' AND claimed_by = (SELECT claimed_by FROM deliveries WHERE status = 'sending' ORDER BY claimed_at DESC LIMIT 1)")).rows[0]![0]));
      const t = performance.now();
      child = await startBridge(h.config.databaseUrl, port);
      restarts.push(performance.now() - t);
    }
    const lastKillS = (performance.now() - start) / 1000;
    while ((await open()) > 0) await Bun.sleep(200);
    const seconds = (performance.now() - start) / 1000;
    child.kill("SIGTERM");
    await child.exited;
    child = undefined;

    const statuses = Object.fromEntries((await client.execute("SELECT status, count(*) FROM deliveries GROUP BY status")).rows.map((r) => [String(r[0]), Number(r[1])]));
    const arrivals = countArrivals(rs.sb, o.people);
    let expected = 0;
    let lost = 0;
    let extra = 0;
    const seen = new Map<string, number>();
    for (let i = 0; i < o.messages; i++) {
      for (const oa of messageBody(i, spec).recipients) {
        expected++;
        const key = `CR-${i}|${welinkOf(Number(oa.slice(1)))}`;
        const n = arrivals.get(key) ?? 0;
        if (n === 0) lost++;
        else extra += n - 1;
        seen.set(key, n);
      }
    }
    // The log's truth: a delivery that reached its person more often than its row counts attempts.
    const counted = await client.execute("SELECT m.external_id, d.welink_user_id, d.attempts FROM deliveries d JOIN messages m ON m.id = d.message_id");
    const undercounted = counted.rows.filter((r) => (arrivals.get(`${String(r[0])}|${String(r[1])}`) ?? 0) > Number(r[2])).length;
    for (const [key, n] of arrivals) if (!seen.has(key)) extra += n; // arrivals nobody expected
    const notSent = expected - (statuses.sent ?? 0);
    const overLimit = rs.sb.calls.filter((c) => c.code === "48503").length;
    return {
      crash_messages: o.messages, crash_deliveries: expected, crash_kills: kills, crash_kills_while_idle: idleKills, crash_lost: lost, crash_not_sent_in_db: notSent,
      crash_extra: extra, crash_extra_per_1000: r2((extra * 1000) / expected), crash_s: r2(seconds), crash_last_kill_s: r2(lastKillS),
      crash_card_calls: cardCalls(), crash_48503: overLimit, crash_restart_ms: r2(mean(restarts)),
      crash_frozen_per_kill: Math.round(mean(frozen)), crash_ideal_s: r2(cardCalls() / (o.apps * DEFAULT_LIMITS.perApi.ratePerSecond)),
      crash_statuses: statuses, crash_attempts_undercounted: undercounted,
    };
  } finally {
    child?.kill(9);
    h.close();
    rs.stop();
  }
}

/** "CR-<i>|<userId>" → how many cards of message i reached that person. */
function countArrivals(sb: Parameters<typeof messagesOf>[0], people: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let n = 0; n < people; n++) {
    const userId = welinkOf(n);
    for (const m of messagesOf(sb, userId)) {
      const title = String((m as Record<string, unknown>).msgTitle ?? "");
      const match = /CR-(\d+)/.exec(title);
      if (!match) continue;
      const key = `CR-${match[1]}|${userId}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}
