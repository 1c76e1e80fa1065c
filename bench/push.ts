/**
 * OA → WeLink message push (issue 8): intake, dispatch under WeLink's caps, and crashes.
 *  1. intake: messages accepted per second through `acceptMessage` (validation, routing through
 *     the push rule and the corp's bindings, one durable transaction per message: the message and
 *     one card delivery per recipient), against the baseline of a bare insert of the same rows
 *     (message + deliveries, one transaction per message, rows prepared by the bench) on the same
 *     database file in the same run. The two alternate in blocks of 500 so both see the same
 *     table sizes. Durability is the bridge's own setting (WAL, printed below).
 *  2. dispatch: todos (one addtask call per person) sent by `runDispatcher` through the bridge's
 *     own WeLink client (its default limiter, 22.5 calls/s per API per app) to the sandbox in a
 *     child process with WeLink's default caps; achieved addtask calls/s ÷ the sandbox's allowed
 *     rate for one API (the lower of its per-second and per-minute windows), and the number of
 *     48503 answers, from the sandbox's call log. 1,500 todos take ≈ 67 s at the bridge's rate.
 *  3. crash: N card messages (R recipients each) accepted into a database file, then sent by the
 *     served bridge (`bun src/main.ts serve`, a separate process) that is killed with kill -9 at
 *     a random moment 0.3–3 s after it sends its first card, and restarted at once, K times (fewer
 *     if the work ends first); the sandbox runs in this
 *     process. By default the sandbox's caps are on and the messages are spread over 4 apps of
 *     one corp (each app has its own limits; `--crash-no-limits` lifts the sandbox's caps, while the
 *     bridge's own limiter still holds each app to 22.5 calls/s).
 *     lost = (message, person) pairs that never arrived; extra = arrivals beyond one per pair
 *     (cards have no WeLink-side idempotency, so every duplicate is visible). Claims of a killed
 *     bridge are taken again only after 60 s (STALE_CLAIM_MS), which sets the run's length.
 * Peak RSS is this process's (it also holds the crash part's sandbox), sampled every 50 ms.
 * Targets: intake ≥ 1,000 msgs/s and ≥ 0.3 × baseline; dispatch ratio ≥ 0.85 with 0 × 48503;
 * crash (10,000 messages, ≥ 20 kills): 0 lost, ≤ 1 extra delivery per 1,000.
 * Usage: bun bench/push.ts [--messages 10000] [--recipients 3] [--dispatch 1500]
 *   [--crash-messages 10000] [--kills 20] [--crash-recipients 3] [--crash-apps 4] [--crash-no-limits]
 *   [--intake-sync full|normal] (default: the bridge's own setting) [--skip intake,dispatch,crash]
 * Quick run: bun bench/push.ts --messages 1000 --dispatch 200 --crash-messages 500 --kills 3
 * Last line: one JSON object of the figures.
 */
import { parseArgs } from "node:util";
import { systemClock } from "../src/kernel/clock.ts";
import { eventLoopTurn, inTransaction } from "../src/kernel/db/client.ts";
import { newId } from "../src/kernel/ids.ts";
import { runDispatcher } from "../src/messages/dispatcher.ts";
import { acceptMessage } from "../src/messages/intake.ts";
import { deliveries, messages } from "../src/messages/schema.ts";
import { contentHash } from "../src/messages/idempotency.ts";
import { DEFAULT_SETTINGS } from "../src/sandbox/welink/model.ts";
import { DEFAULT_LIMITS } from "../src/welink/rate-limiter.ts";
import { startHarness } from "../tests/helpers/harness.ts";
import { crashRun, messageBody, r2, setupWorld, welinkOf } from "./push-crash.ts";
import { child } from "./child.ts";

const BLOCK = 500;
let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

/** Child side: the sandbox with WeLink's default caps and `people` users. */
async function serveSandbox(people: number) {
  const { startSandbox } = await import("../tests/helpers/sandbox.ts");
  const { seedDept } = await import("../tests/welink/support.ts");
  const rs = startSandbox();
  seedDept(rs.sb, people);
  console.log(JSON.stringify({ ready: rs.baseUrl }));
  for await (const _ of console) void _;
}


async function intake(n: number, recipients: number, synchronous: string) {
  const people = 100;
  const h = await startHarness({ clock: systemClock, env: { LOG_LEVEL: "warn" } });
  try {
    const w = await setupWorld(h, { baseUrl: "http://127.0.0.1:9", clientIds: ["test-client"], type: "card", people });
    const [appId] = w.appIds as [string];
    if (synchronous) await h.deps.database.client.execute(`PRAGMA synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
    const ruleId = String((await h.deps.database.client.execute("SELECT id FROM push_rules")).rows[0]![0]);
    const sync = String((await h.deps.database.client.execute("PRAGMA synchronous")).rows[0]![0]);
    const journal = String((await h.deps.database.client.execute("PRAGMA journal_mode")).rows[0]![0]);
    const spec = { sources: w.sources, recipients, people, prefix: "IN" };
    const bare = { ...spec, prefix: "BL" };
    let accepted = 0;
    let baseline = 0;
    let seq = 1_000_000;
    for (let from = 0; from < n; from += BLOCK) {
      const to = Math.min(n, from + BLOCK);
      // The baseline's rows, prepared outside the timing: what intake would write for the same input.
      const prepared = [];
      for (let i = from; i < to; i++) {
        const b = messageBody(i, bare);
        const id = newId();
        const now = Date.now();
        seq++;
        prepared.push({
          message: { id, tenantId: w.tenantId, source: b.source, externalId: b.externalId, kind: b.kind, contentHash: contentHash(b), title: b.title, body: b.body, mobileUrl: b.mobileUrl, pcUrl: b.pcUrl, sender: b.sender, recipients: JSON.stringify(b.recipients), occurredAt: null, receivedAt: now, status: "routed" as const, ruleIds: JSON.stringify([ruleId]) },
          deliveries: b.recipients.map((oa) => ({
            id: newId(), tenantId: w.tenantId, messageId: id, ruleId, corpId: w.corpId, appId, type: "card" as const, oaUserId: oa, welinkUserId: welinkOf(Number(oa.slice(1))),
            status: "pending" as const, reason: null, welinkCode: null, attempts: 0, nextAttemptAt: now, claimedAt: null, claimedBy: null, todoKey: null, seq, firstAttemptAt: null, sentAt: null, createdAt: now,
          })),
        });
      }
      let t = performance.now();
      for (let i = from; i < to; i++) await acceptMessage(h.deps, w.ctx, messageBody(i, spec));
      accepted += performance.now() - t;
      t = performance.now();
      for (const p of prepared) {
        await inTransaction(h.deps.db, async (tx) => {
          await tx.insert(messages).values(p.message);
          await tx.insert(deliveries).values(p.deliveries);
        });
      }
      baseline += performance.now() - t;
      await eventLoopTurn(); // as between requests: lets the driver free its statements
    }
    const counts = (await h.deps.database.client.execute("SELECT count(*) FROM deliveries")).rows[0]![0];
    const rate = n / (accepted / 1000);
    const base = n / (baseline / 1000);
    console.log(`intake: ${n} messages × ${recipients} recipients (journal ${journal}, synchronous ${sync}): acceptMessage ${r2(accepted / 1000)} s = ${Math.round(rate)} msgs/s; bare insert ${r2(baseline / 1000)} s = ${Math.round(base)} msgs/s; ratio ${r2(rate / base)} (${counts} delivery rows in all)`);
    return { intake_messages: n, intake_recipients: recipients, intake_s: r2(accepted / 1000), intake_msgs_per_s: Math.round(rate), intake_baseline_msgs_per_s: Math.round(base), intake_ratio: r2(rate / base), intake_synchronous: sync };
  } finally {
    h.close();
  }
}

type Call = { at: number; method: string; path: string; code?: string };
const TODO_PATH = "/api/todo/v3/addtask";

async function dispatch(n: number) {
  const perMessage = 10;
  const people = Math.max(perMessage, 200);
  const sandbox = await child(import.meta.path, ["--serve", "--people", String(people)]);
  const baseUrl = sandbox.first.ready as string;
  const h = await startHarness({ clock: systemClock, env: { LOG_LEVEL: "warn" } });
  try {
    const w = await setupWorld(h, { baseUrl, clientIds: ["test-client"], type: "todo", people });
    const spec = { sources: w.sources, recipients: perMessage, people, prefix: "DS" };
    for (let i = 0; i < Math.ceil(n / perMessage); i++) await acceptMessage(h.deps, w.ctx, messageBody(i, spec));
    const open = async () => Number((await h.deps.database.client.execute("SELECT count(*) FROM deliveries WHERE status IN ('pending', 'sending')")).rows[0]![0]);
    const start = performance.now();
    let passes = 0;
    while ((await open()) > 0) {
      const s = await runDispatcher(h.deps);
      passes++;
      if (s.claimed === 0) await Bun.sleep(500);
    }
    const seconds = (performance.now() - start) / 1000;
    const { calls } = (await (await fetch(`${baseUrl}/_sandbox/calls?limit=50000`)).json()) as { calls: Call[] };
    const ok = calls.filter((c) => c.path === TODO_PATH && c.code === "0");
    const overLimit = calls.filter((c) => c.code === "48503").length;
    const span = ok.length > 1 ? (ok[ok.length - 1]!.at - ok[0]!.at) / 1000 : NaN;
    const achieved = (ok.length - 1) / span;
    const caps = DEFAULT_SETTINGS.rateLimits;
    const allowed = Math.min(caps.perAppApiPerSecond, caps.perAppApiPerMinute / 60);
    const statuses = Object.fromEntries((await h.deps.database.client.execute("SELECT status, count(*) FROM deliveries GROUP BY status")).rows.map((r) => [String(r[0]), Number(r[1])]));
    console.log(`dispatch: ${ok.length} todos (addtask) in ${r2(span)} s = ${r2(achieved)} calls/s; WeLink allows ${allowed}/s per API → ratio ${r2(achieved / allowed)} (the bridge's limiter: ${DEFAULT_LIMITS.perApi.ratePerSecond}/s); 48503 answers: ${overLimit}; ${passes} passes, ${r2(seconds)} s, deliveries ${JSON.stringify(statuses)}`);
    return { dispatch_todos: ok.length, dispatch_s: r2(span), dispatch_calls_per_s: r2(achieved), dispatch_allowed_per_s: allowed, dispatch_ratio: r2(achieved / allowed), dispatch_48503: overLimit };
  } finally {
    h.close();
    sandbox.proc.kill();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      messages: { type: "string", default: "10000" }, recipients: { type: "string", default: "3" }, dispatch: { type: "string", default: "1500" },
      "crash-messages": { type: "string", default: "10000" }, kills: { type: "string", default: "20" }, "crash-recipients": { type: "string", default: "3" },
      "crash-apps": { type: "string", default: "4" }, "intake-sync": { type: "string", default: "" }, "crash-no-limits": { type: "boolean" }, skip: { type: "string", default: "" },
      serve: { type: "boolean" }, people: { type: "string", default: "200" },
    },
  });
  if (values.serve) return serveSandbox(Number(values.people));
  const skip = new Set(values.skip!.split(","));
  const started = performance.now();
  const figures: Record<string, unknown> = {};
  const rssMb = () => Math.round(Math.max(peakRss, process.memoryUsage().rss) / 1048576);
  if (!skip.has("intake")) Object.assign(figures, await intake(Number(values.messages), Number(values.recipients), values["intake-sync"]!), { intake_peak_rss_mb: rssMb() });
  if (!skip.has("dispatch")) Object.assign(figures, await dispatch(Number(values.dispatch)), { dispatch_peak_rss_mb: rssMb() });
  if (!skip.has("crash")) {
    const c = await crashRun({
      messages: Number(values["crash-messages"]), kills: Number(values.kills), recipients: Number(values["crash-recipients"]), people: 200,
      apps: Number(values["crash-apps"]), limits: !values["crash-no-limits"], minGapMs: 300, maxGapMs: 3000,
    });
    console.log(`crash: ${c.crash_messages} messages (${c.crash_deliveries} card deliveries, ${values["crash-apps"]} apps, sandbox caps ${values["crash-no-limits"] ? "off" : "on"}), ${c.crash_kills} kills (${c.crash_kills_while_idle} while idle), mean restart ${c.crash_restart_ms} ms, ${c.crash_frozen_per_kill} deliveries left claimed per kill: lost ${c.crash_lost} (not sent in the database: ${c.crash_not_sent_in_db}), extra ${c.crash_extra} = ${c.crash_extra_per_1000} per 1000 (deliveries whose row counts fewer attempts than arrivals: ${c.crash_attempts_undercounted}); ${c.crash_card_calls} card calls (${c.crash_card_calls - c.crash_messages - c.crash_48503} more than one per message, not counting 48503), 48503: ${c.crash_48503}; ${c.crash_s} s in all (last kill at ${c.crash_last_kill_s} s; sending alone at the bridge's rate: ${c.crash_ideal_s} s); ${JSON.stringify(c.crash_statuses)}`);
    Object.assign(figures, c, { crash_peak_rss_mb: rssMb() });
  }
  clearInterval(sampler);
  figures.peak_rss_mb = rssMb();
  figures.total_s = r2((performance.now() - started) / 1000);
  console.log(`peak RSS of the bench process ${figures.peak_rss_mb} MB; ${figures.total_s} s in all`);
  console.log(JSON.stringify(figures));
}

await main();
