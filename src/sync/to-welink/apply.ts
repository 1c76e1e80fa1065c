import type { Deps } from "../../deps.ts";
import { allBindingRows, loadDeptRecords, loadUserRecords } from "../../directory/index.ts";
import type { Ctx } from "../../kernel/actor.ts";
import type { WelinkClient } from "../../welink/index.ts";
import { applyItem } from "./apply-item.ts";
import type { Applier } from "./applier.ts";
import { progressReporter } from "../from-welink/progress.ts";
import type { ItemRow } from "./store.ts";
import type { PushConfig } from "./types.ts";
import * as pstore from "./store.ts";

/** Writes in flight at once: enough to use WeLink's per-app rate, few enough to keep order readable. */
export const IN_FLIGHT = 8;
const PENDING: ReadonlySet<ItemRow["state"]> = new Set(["planned", "started", "failed"]);

/** A promise chain per database: one write transaction at a time from this process's push runs. */
const chains = new WeakMap<object, Promise<unknown>>();
function lockFor(deps: Deps) {
  return <T>(work: () => Promise<T>): Promise<T> => {
    const prev = chains.get(deps.db) ?? Promise.resolve();
    const next = prev.then(work, work);
    chains.set(deps.db, next.catch(() => undefined));
    return next;
  };
}

/** Runs `work` over `items`, `n` at a time; the first failure stops the others taking more, then is thrown. */
async function pool<T>(items: T[], n: number, work: (x: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      try {
        await work(items[next++]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  if (failure) throw failure.error;
}

function byDepth(items: ItemRow[], deepestFirst: boolean): ItemRow[][] {
  const groups = new Map<number, ItemRow[]>();
  for (const it of items) {
    const group = groups.get(it.depth);
    if (group) group.push(it);
    else groups.set(it.depth, [it]);
  }
  return [...groups.keys()].sort((x, y) => (deepestFirst ? y - x : x - y)).map((d) => groups.get(d)!);
}

/** `actor`: who the audit names for bindings the writes drop (default the push itself; an admin's edit names the admin). */
export type ApplyTarget = { run: { id: string; tenantId: string; corpId: string }; client: WelinkClient; config: PushConfig; retryDelayMs?: number; actor?: Ctx };

/**
 * Applies the run's pending items from its journal: departments level by level (parents first),
 * then people, then people removals, then department removals deepest first. Items already done,
 * held or set aside are left as they are, so the same call continues a run after a crash.
 */
export async function applyStoredItems(deps: Deps, t: ApplyTarget): Promise<void> {
  const all = await pstore.listItems(deps.db, t.run.id);
  const a = await applierFor(deps, t);
  // An invalid department is never created, so what goes in it waits like under one set aside.
  for (const it of all) if (it.object === "dept" && (it.state === "set_aside" || it.state === "invalid") && it.oaId !== null) a.setAside.set(it.oaId, it.name);
  const pending = all.filter((it) => PENDING.has(it.state));
  const counted = all.filter((it) => it.state !== "skipped" && it.state !== "held" && it.state !== "invalid");
  const report = progressReporter(deps, t.run.id, null);
  await report.phase("applying");
  let done = counted.length - pending.length;
  const step = async (it: ItemRow) => {
    await applyItem(a, it);
    done++;
    await a.locked(() => report.apply(done, counted.length));
  };
  const isDept = (it: ItemRow) => it.object === "dept";
  const removal = (it: ItemRow) => it.action === "remove";
  for (const level of byDepth(pending.filter((it) => isDept(it) && !removal(it)), false)) await pool(level, IN_FLIGHT, step);
  await pool(pending.filter((it) => !isDept(it) && !removal(it)), IN_FLIGHT, step);
  await pool(pending.filter((it) => !isDept(it) && removal(it)), IN_FLIGHT, step);
  for (const level of byDepth(pending.filter((it) => isDept(it) && removal(it)), true)) await pool(level, IN_FLIGHT, step);
  await report.stop();
}

async function applierFor(deps: Deps, t: ApplyTarget): Promise<Applier> {
  const deptBindings = await pstore.allDeptBindings(deps.db, t.run.corpId);
  const userBindings = await allBindingRows(deps.db, t.run.corpId);
  const actor: Ctx = t.actor ?? { actor: { label: "system:push", global: true, tenantId: null }, tenant: { id: t.run.tenantId, slug: "" } };
  return {
    deps, run: t.run, client: t.client, config: t.config, actor, locked: lockFor(deps),
    deptCodeOf: new Map(deptBindings.map((b) => [b.oaDeptId, b.deptCode])),
    oaDeptOf: new Map(deptBindings.map((b) => [b.deptCode, b.oaDeptId])),
    setAside: new Map(),
    depts: await loadDeptRecords(deps.db, t.run.corpId),
    users: await loadUserRecords(deps.db, t.run.corpId),
    boundUsers: new Map(userBindings.map((b) => [b.welinkUserId, b.oaUserId])),
    boundOa: new Set(userBindings.map((b) => b.oaUserId)),
    retryDelayMs: t.retryDelayMs ?? 500,
  };
}
