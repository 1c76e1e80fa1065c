import { appClient } from "../corps/index.ts";
import type { Deps } from "../deps.ts";
import { systemCtx } from "../kernel/actor.ts";
import { newId } from "../kernel/ids.ts";
import type { WelinkClient } from "../welink/index.ts";
import { claimDeliveries, type ClaimedDelivery } from "./dispatch-claim.ts";
import { messageLinks } from "../login/index.ts";
import { type MessageRow, messagesByIds, type Recorded, recordOutcomes, releaseClaims, startAttempts } from "./dispatch-store.ts";
import { fullTextLink } from "./full-text.tsx";
import { pushMetrics } from "./metrics.ts";
import { type Result, sendMessageGroup } from "./send-card.ts";
import { sendTodoGroup } from "./send-todo.ts";

export type AppClient = { client: WelinkClient; appName: string };
export type DispatchOptions = {
  workerId?: string;
  batchSize?: number;
  random?: () => number;
  /** The WeLink client of a corp's app; default: from the app's stored (opened) secret. */
  clientFor?: (d: { tenantId: string; corpId: string; appId: string }) => Promise<AppClient>;
  /** Aborted: the pass gives back what it has not sent yet and ends (shutdown). */
  signal?: AbortSignal;
};
export type DispatchSummary = { claimed: number; sent: number; failed: number; dead: number; skipped: number; retried: number; released: number };

/**
 * A pass stops taking up new groups after this long (wall time) and gives the rest back, well
 * inside the 60 s after which a claim counts as abandoned; groups are cut so one takes seconds.
 */
const MAX_PASS_MS = 30_000;
const GROUP_LIMIT = { todo: 100, card: 1000, notification: 1000 } as const;

const WORKER_ID = `worker-${newId()}`;

async function storedClient(deps: Deps, d: { tenantId: string; appId: string }): Promise<AppClient> {
  const { client, app } = await appClient(deps, systemCtx({ id: d.tenantId, slug: "" }), d.appId);
  return { client, appName: app.name };
}

/** Deliveries sent together: one message, corp, app and type, at most one call (cards) or ~4 s of todos. */
export function groupsOf(claimed: ClaimedDelivery[]): ClaimedDelivery[][] {
  const groups = new Map<string, ClaimedDelivery[]>();
  for (const d of claimed) {
    const key = `${d.messageId}|${d.corpId}|${d.appId}|${d.type}`;
    const g = groups.get(key);
    if (g) g.push(d);
    else groups.set(key, [d]);
  }
  return [...groups.values()].flatMap((g) => {
    const size = GROUP_LIMIT[(g[0] as ClaimedDelivery).type];
    return Array.from({ length: Math.ceil(g.length / size) }, (_, i) => g.slice(i * size, (i + 1) * size));
  });
}

function tally(summary: DispatchSummary, recorded: Recorded[], deps: Deps): void {
  const m = pushMetrics(deps);
  for (const r of recorded) {
    const s = r.next.status;
    if (s === "sent") (summary.sent++, m.sent.inc());
    else if (s === "failed") (summary.failed++, m.failed.inc());
    else if (s === "dead") (summary.dead++, m.dead.inc());
    else if (s === "skipped") (summary.skipped++, m.skipped.inc());
    else summary.retried++;
  }
}

/**
 * The message as WeLink gets it from this (corp, app): its OA links become bridge links that
 * sign the opener in (login's message links). Rewritten at send, not at intake: the link names
 * the corp and app a delivery goes through, known per group only after routing, and the stored
 * message keeps the OA's own URLs, so the log shows where a link goes and every retry seals the
 * same target afresh (an old seal stays valid; no second copy of the URLs to keep in step).
 */
async function withBridgeLinks(deps: Deps, m: MessageRow, d: ClaimedDelivery): Promise<MessageRow> {
  if (!m.mobileUrl && !m.pcUrl) return m;
  const rewrite = await messageLinks(deps, { tenantId: d.tenantId, corpId: d.corpId, appId: d.appId });
  return { ...m, mobileUrl: await rewrite(m.mobileUrl), pcUrl: await rewrite(m.pcUrl) };
}

/** One pass: claim due deliveries, send them per (message, corp, app, type), record every attempt. */
export async function runDispatcher(deps: Deps, o: DispatchOptions = {}): Promise<DispatchSummary> {
  const workerId = o.workerId ?? WORKER_ID;
  const claimed = await claimDeliveries(deps.db, { now: deps.clock.now(), workerId, limit: o.batchSize ?? 1000 });
  const summary: DispatchSummary = { claimed: claimed.length, sent: 0, failed: 0, dead: 0, skipped: 0, retried: 0, released: 0 };
  if (claimed.length === 0) return summary;
  const msgs = await messagesByIds(deps.db, [...new Set(claimed.map((d) => d.messageId))]);
  const clients = new Map<string, Promise<AppClient>>();
  const clientFor = o.clientFor ?? ((d) => storedClient(deps, d));
  const groups = groupsOf(claimed);
  const passStarted = Date.now();
  for (const [i, claimedGroup] of groups.entries()) {
    if (o.signal?.aborted || Date.now() - passStarted > MAX_PASS_MS) {
      summary.released = await releaseClaims(deps.db, { workerId, ids: groups.slice(i).flat().map((d) => d.id) });
      break;
    }
    const now = deps.clock.now();
    const attemptIds = await startAttempts(deps.db, { workerId, now, group: claimedGroup });
    // As the row now says: the first attempt began here, whatever the answer's time.
    const group = claimedGroup.filter((d) => attemptIds.has(d.id)).map((d) => ({ ...d, firstAttemptAt: d.firstAttemptAt ?? now }));
    const first = group[0];
    if (!first) continue;
    const started = Date.now();
    let results: Result[];
    try {
      const m = msgs.get(first.messageId);
      if (!m) throw new Error(`message ${first.messageId} is gone`);
      let c = clients.get(first.appId);
      if (!c) clients.set(first.appId, (c = clientFor(first)));
      const { client, appName } = await c;
      const sent = await withBridgeLinks(deps, m, first);
      results = first.type === "todo" ? await sendTodoGroup(client, appName, sent, group) : await sendMessageGroup(client, sent, first.type, group, await fullTextLink(deps, m));
    } catch (e) {
      // The app could not be reached at all (deleted, secret unreadable): try again later.
      const reason = e instanceof Error ? e.message : String(e);
      results = group.map((delivery) => ({ delivery, outcome: { kind: "transient", code: "APP_UNAVAILABLE", reason } }));
    }
    const recorded = await recordOutcomes(deps.db, { workerId, now: deps.clock.now(), attemptIds, latencyMs: Date.now() - started, random: o.random, results });
    tally(summary, recorded, deps);
  }
  return summary;
}

/** Runs passes every 500 ms while there is work and every 2 s when idle, until stopped. */
export function startDispatcher(deps: Deps, o: DispatchOptions = {}): { stop(): Promise<void> } {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const stopping = new AbortController();
  const tick = () => {
    current = runDispatcher(deps, { ...o, signal: stopping.signal })
      .then((s) => s.claimed > 0)
      .catch((e) => (deps.log.error("dispatcher pass failed", { error: e instanceof Error ? e.message : String(e) }), false))
      .then((busy) => {
        if (!stopped) timer = setTimeout(tick, busy ? 500 : 2000);
      });
  };
  timer = setTimeout(tick, 500);
  return {
    async stop() {
      stopped = true;
      stopping.abort();
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
