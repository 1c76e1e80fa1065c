import type { Deps } from "../../deps.ts";
import { autoBindCorp, loadDeptRecords, loadUserRecords } from "../../directory/index.ts";
import { AppError } from "../../kernel/errors.ts";
import { newId } from "../../kernel/ids.ts";
import type { WelinkClient } from "../../welink/index.ts";
import { applyPull, type Failure } from "./apply.ts";
import { clearRulesOf, deptInScope, type PullScope, rootsOf, userInScope } from "./scope.ts";
import { type Change, countChanges, deptRecord, type DeptRecord, diffDepts, diffUsers, userRecord, type UserRecord } from "./diff.ts";
import { encodeSaid, saidOf, say } from "../../kernel/said.ts";
import * as store from "../store.ts";

/*
 * A contact-change event names objects only; the bridge fetches each one and applies it as a
 * small pull: the same diff, the same writes and the same change log, in a run of kind "callback".
 */
export type ContactEvent = { eventType: "corpEditUser" | "corpDelUser" | "corpEditDept" | "corpDelDept"; ids: string[] };
type Corp = { id: string; tenantId: string };

const notFound = (e: unknown) => e instanceof AppError && e.code === "WELINK_NOT_FOUND";
const why = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Reads the named objects; only WeLink's "no such object" means one is gone (removed), for an edit or a delete event alike. */
async function fetchNamed<R>(ids: string[], get: (id: string) => Promise<R>, object: "dept" | "user") {
  const found = new Map<string, R>();
  const failures: Failure[] = [];
  const gone: string[] = [];
  for (const id of ids) {
    try {
      found.set(id, await get(id));
    } catch (e) {
      if (notFound(e)) gone.push(id);
      else failures.push({ object, objectId: id, reason: saidOf(e) });
    }
  }
  return { found, failures, gone };
}

/** The mirror's current records of just these ids (a failed fetch leaves its object as it was). */
function only<R>(all: Map<string, R>, ids: string[]): Map<string, R> {
  return new Map(ids.flatMap((id) => (all.has(id) ? [[id, all.get(id)!] as [string, R]] : [])));
}

/**
 * The pull scope holds for callbacks too: an object outside the chosen subtrees that the mirror
 * does not hold is not added (a scoped pull would not have read it). One the mirror holds is
 * still updated: WeLink still has it, so, as in a scoped pull, it is kept with what WeLink says
 * and, when the change took it out of the scope, the change log says so.
 */
function scoped<R extends { removedAt: number | null }>(fetched: Map<string, R>, mirror: Map<string, R>, inScope: (r: R) => boolean, changes: (f: Map<string, R>) => Change<R>[]) {
  const kept = new Map([...fetched].filter(([id, r]) => mirror.has(id) || inScope(r)));
  return changes(kept).map((c) => {
    const before = mirror.get(c.id);
    return before && c.record && inScope(before) && !inScope(c.record) ? { ...c, reason: say("change.leftScope") } : c;
  });
}

/*
 * A delete event is not taken as sent: every named object is read from WeLink first, as a scoped
 * pull confirms what it misses (confirm.ts). Only WeLink's "no such object" removes it; an object
 * WeLink still has is updated to what it says and stays, and a read that fails (network, rate
 * limit) is a failure in the run that leaves the row as it was. So a forged, replayed or
 * out-of-order delete cannot remove a person or a department, and with them their bindings.
 */
async function plan(deps: Deps, client: WelinkClient, corp: Corp, ev: ContactEvent, scope: PullScope, now: number) {
  if (ev.eventType.endsWith("User")) {
    const tree = scope.roots === null ? new Map() : await loadDeptRecords(deps.db, corp.id);
    const got = await fetchNamed(ev.ids, (userId) => client.contacts.userDetail({ userId }), "user");
    const fetched = new Map<string, UserRecord>([...got.found].map(([id, u]) => [id, userRecord(u)]));
    const settled = ev.ids.filter((id) => !got.failures.some((f: Failure) => f.objectId === id));
    const mirror = only(await loadUserRecords(deps.db, corp.id), settled);
    const users = scoped(fetched, mirror, (u) => userInScope(scope, u, tree), (f) => diffUsers(mirror, f, now));
    return { depts: [], users, failures: got.failures as Failure[] };
  }
  const got = await fetchNamed(ev.ids, (deptCode) => client.contacts.dept({ deptCode }), "dept");
  const fetched = new Map<string, DeptRecord>([...got.found].map(([id, d]) => [id, deptRecord(d)]));
  const settled = ev.ids.filter((id) => !got.failures.some((f: Failure) => f.objectId === id));
  const tree = await loadDeptRecords(deps.db, corp.id);
  const mirror = only(tree, settled);
  // A department is placed by its own (possibly new) parent, the rest of the tree as the mirror has it.
  const inScope = (d: DeptRecord) => scope.roots === null || deptInScope(scope, d.deptCode, new Map([...tree, [d.deptCode, d]]));
  return { depts: scoped(fetched, mirror, inScope, (f) => diffDepts(mirror, f, now)), users: [], failures: got.failures as Failure[] };
}

/** Applies one event and records it as a run; returns the run's id. */
export async function applyContactEvent(deps: Deps, client: WelinkClient, corp: Corp, ev: ContactEvent): Promise<string> {
  const now = deps.clock.now();
  const run: store.RunRow = {
    id: newId(), tenantId: corp.tenantId, corpId: corp.id, kind: "callback", trigger: "callback", status: "running", startedAt: now, finishedAt: null,
    progress: null, added: 0, updated: 0, moved: 0, removed: 0, failed: 0, heldReason: null, error: null, deptCount: null, userCount: null, dryRun: false, planDigest: null,
  };
  await store.insertRun(deps.db, run);
  try {
    const settings = await store.findPullSettings(deps.db, corp.id);
    const p = await plan(deps, client, corp, ev, { roots: rootsOf(settings) }, now);
    await applyPull(deps, { run, depts: p.depts, users: p.users, failures: p.failures, holdRemovals: false, clear: clearRulesOf(settings), now });
    const counts = countChanges([...p.depts, ...p.users, ...p.failures.map(() => ({ action: "fail" as const }))]);
    await store.updateRun(deps.db, run.id, { ...counts, status: "ok", finishedAt: deps.clock.now() });
    if (settings?.autoBind && p.users.some((c) => c.action === "add")) await autoBindCorp(deps, corp.id).catch((e: unknown) => deps.log.warn("auto-bind after callback failed", { corpId: corp.id, error: why(e) }));
    return run.id;
  } catch (e) {
    await store.updateRun(deps.db, run.id, { status: "failed", finishedAt: deps.clock.now(), error: encodeSaid(saidOf(e)) }).catch(() => undefined);
    throw e;
  }
}
