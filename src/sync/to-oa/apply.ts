import { and, eq } from "drizzle-orm";
import { recordAudit } from "../../audit/index.ts";
import type { Deps } from "../../deps.ts";
import { bindingTarget } from "../../directory/index.ts";
import type { Ctx } from "../../kernel/actor.ts";
import { type Conn, eventLoopTurn, inTransaction } from "../../kernel/db/client.ts";
import { AppError } from "../../kernel/errors.ts";
import { newId } from "../../kernel/ids.ts";
import { encodeSaid, render, type Said, saidOf, say } from "../../kernel/said.ts";
import type { OaDeptWrite, OaUserWrite, OaWriter } from "../../oa/index.ts";
import { pushItems } from "../schema.ts";
import { reasonSaid } from "../to-welink/commit.ts";
import type { ItemRow } from "../to-welink/store.ts";
import type { DeptRef, OaDeptDesired, OaUserDesired } from "../to-welink/types.ts";
import * as pstore from "../to-welink/store.ts";
import * as store from "../store.ts";

/**
 * Applies a write-back run's journal (push_items) through the OA connector's writer. Each item is
 * marked `started` (committed) before its call and `done` with the OA's id after it; every call
 * carries the key `<runId>:<seq>`, so an item left `started` by a crash is sent again with the
 * same key and the OA answers the first write instead of writing twice.
 */

export const MAX_ATTEMPTS = 3;
/** The OA as a whole is not answering or refuses the bridge: stop the run (it resumes later), do not set everything aside. */
const SYSTEMIC = new Set([
  "OA_UNREACHABLE", "OA_TIMEOUT", "OA_AUTH_FAILED", "OA_SECRET_MISSING", "OA_NOT_CONFIGURED",
  "OA_LDAP_UNREACHABLE", "OA_LDAP_BIND", "OA_LDAP_WRITE_ACCESS", "OA_LDAP_NO_WRITE", "OA_LDAP_TLS",
]);
const PENDING = new Set(["planned", "started", "failed"]);
const CHANGE_ACTION = { create: "add", update: "update", match: "update", move: "move", remove: "remove" } as const;
const ACTOR: Ctx["actor"] = { label: "system:writeback", global: true, tenantId: null };

type Run = { id: string; tenantId: string; corpId: string };
type State = { run: Run; deps: Deps; writer: OaWriter; ctx: Ctx; created: Map<string, string>; retryDelayMs: number };

class Unresolved extends Error {}

function oaDeptOf(s: State, ref: DeptRef | null): string | null {
  if (ref === null) return null;
  if ("oaDeptId" in ref) return ref.oaDeptId;
  const id = s.created.get(ref.deptCode);
  if (id === undefined) throw new Unresolved(ref.deptCode);
  return id;
}

const changed = (it: ItemRow) => (it.changes ? (JSON.parse(it.changes) as Record<string, unknown>) : {});

/** The write an item stands for, or null when nothing is sent (a match without changes). */
function callOf(s: State, it: ItemRow): (() => Promise<string>) | null {
  const key = `${it.runId}:${it.seq}`;
  const w = s.writer;
  if (it.action === "remove") return async () => (await (it.object === "dept" ? w.disableDept(key, it.oaId!) : w.disableUser(key, it.oaId!)), it.oaId!);
  const c = changed(it);
  if (it.object === "dept") {
    const d = JSON.parse(it.desired!) as OaDeptDesired;
    const write: OaDeptWrite = { name: d.name, order: d.order, parentId: oaDeptOf(s, d.parent) };
    if (it.action === "create") return async () => (await w.createDept(key, write)).id;
    if (Object.keys(c).length === 0) return null;
    const part: Partial<OaDeptWrite> = { ...("name" in c && { name: write.name }), ...("orderNo" in c && { order: write.order }), ...("parent" in c && { parentId: write.parentId }) };
    return async () => (await w.updateDept(key, it.oaId!, part), it.oaId!);
  }
  const u = JSON.parse(it.desired!) as OaUserDesired;
  const { mainDept, ...fields } = u;
  const write: OaUserWrite = { ...fields, ...(mainDept !== null && { mainDeptId: oaDeptOf(s, mainDept)! }) };
  if (it.action === "create") return async () => (await w.createUser(key, write)).id;
  if (Object.keys(c).length === 0) return null;
  const part: Partial<OaUserWrite> = {};
  for (const f of ["name", "mobile", "email", "employeeNo", "position", "mainDeptId"] as const) if (f in c && write[f] !== undefined) part[f] = write[f];
  return async () => (await w.updateUser(key, it.oaId!, part), it.oaId!);
}

const setItem = (db: Conn, it: ItemRow, set: Partial<Pick<ItemRow, "state" | "attempts" | "error" | "errorCode" | "oaId" | "updatedAt">>) =>
  db.update(pushItems).set(set).where(and(eq(pushItems.runId, it.runId), eq(pushItems.seq, it.seq)));

async function done(s: State, it: ItemRow, oaId: string): Promise<void> {
  const now = s.deps.clock.now();
  const { run } = s;
  await inTransaction(s.deps.db, async (tx) => {
    await setItem(tx, it, { state: "done", oaId, error: null, updatedAt: now });
    if (it.action !== "match" || it.changes !== null) {
      const desired = it.action === "remove" ? null : it.action === "create" ? it.desired : JSON.stringify(Object.fromEntries(Object.entries(changed(it)).map(([k, v]) => [k, (v as unknown[])[1]])));
      const before = it.action === "create" ? null : JSON.stringify(it.action === "remove" ? { name: it.name, oaId } : Object.fromEntries(Object.entries(changed(it)).map(([k, v]) => [k, (v as unknown[])[0]])));
      await store.insertChanges(tx, [{ id: newId(), tenantId: run.tenantId, runId: run.id, object: it.object, objectId: oaId, action: CHANGE_ACTION[it.action as keyof typeof CHANGE_ACTION], before, after: desired, applied: true, reason: reasonSaid(it) }]);
    }
    if (it.action === "remove" || it.welinkId === null) return;
    if (it.object === "dept") {
      if (it.action !== "create" && it.action !== "match") return;
      const row = { tenantId: run.tenantId, corpId: run.corpId, deptCode: it.welinkId, oaDeptId: oaId, method: it.action === "create" ? ("created" as const) : ("match" as const), createdAt: now, createdBy: ACTOR.label };
      const had = (await pstore.allDeptBindings(tx, run.corpId)).some((b) => b.deptCode === it.welinkId);
      if (had) return;
      await pstore.insertDeptBinding(tx, row);
      await recordAudit(tx, now, s.ctx, { action: "dept-binding.create", target: `corp:${run.corpId}/dept:${it.welinkId}`, after: row, tenantId: run.tenantId });
      return;
    }
    if ((it.action !== "create" && it.action !== "match") || (await pstore.findUserBinding(tx, run.corpId, it.welinkId))) return;
    const row = { tenantId: run.tenantId, corpId: run.corpId, welinkUserId: it.welinkId, oaUserId: oaId, method: "rule" as const, createdAt: now, createdBy: ACTOR.label };
    await pstore.insertUserBinding(tx, row);
    await recordAudit(tx, now, s.ctx, { action: "binding.create", target: bindingTarget(row), after: row, tenantId: run.tenantId });
  });
  if (it.object === "dept" && it.welinkId !== null) s.created.set(it.welinkId, oaId);
  await eventLoopTurn();
}

async function setAside(s: State, it: ItemRow, reason: Said, errorCode: string | null): Promise<void> {
  const now = s.deps.clock.now();
  await inTransaction(s.deps.db, async (tx) => {
    await setItem(tx, it, { state: "set_aside", error: render(reason, "en"), errorCode, updatedAt: now });
    const said = encodeSaid({ code: "push.setAside", params: { name: it.name }, cause: reason });
    await store.insertChanges(tx, [{ id: newId(), tenantId: s.run.tenantId, runId: s.run.id, object: it.object, objectId: it.oaId ?? it.welinkId ?? `item:${it.seq}`, action: "fail", before: null, after: it.desired, applied: false, reason: said }]);
  });
}

async function applyOne(s: State, it: ItemRow): Promise<void> {
  let call: (() => Promise<string>) | null;
  try {
    call = callOf(s, it);
  } catch (e) {
    if (!(e instanceof Unresolved)) throw e;
    return setAside(s, it, say("writeback.setAside.deptNotWritten", { deptCode: e.message }), null);
  }
  if (call === null) return done(s, it, it.oaId!);
  for (let attempts = it.attempts + 1; ; attempts++) {
    await setItem(s.deps.db, it, { state: "started", attempts, updatedAt: s.deps.clock.now() });
    try {
      return await done(s, it, await call());
    } catch (e) {
      const code = e instanceof AppError ? e.code : null;
      await setItem(s.deps.db, it, { state: "failed", error: e instanceof Error ? e.message : String(e), errorCode: code, updatedAt: s.deps.clock.now() });
      if (code !== null && SYSTEMIC.has(code)) throw e;
      if (attempts >= MAX_ATTEMPTS) return setAside(s, it, say("push.setAside.attempts", { attempts }, saidOf(e)), code);
      await Bun.sleep(s.retryDelayMs * attempts);
    }
  }
}

/** Departments parents first, then people, people disabled, departments disabled deepest first: the plan's order. */
export async function applyWritebackItems(deps: Deps, run: Run, writer: OaWriter, retryDelayMs = 200): Promise<void> {
  const all = await pstore.listItems(deps.db, run.id);
  const created = new Map<string, string>();
  for (const it of all) if (it.object === "dept" && it.state === "done" && it.welinkId !== null && it.oaId !== null) created.set(it.welinkId, it.oaId);
  const s: State = { run, deps, writer, ctx: { actor: ACTOR, tenant: { id: run.tenantId, slug: "" } }, created, retryDelayMs };
  for (const it of all) if (PENDING.has(it.state)) await applyOne(s, it);
}
