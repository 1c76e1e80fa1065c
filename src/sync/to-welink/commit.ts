import { recordAudit } from "../../audit/index.ts";
import { bindingTarget, removeDepts, removeUsers, upsertDepts, upsertUsers } from "../../directory/index.ts";
import { type Conn, eventLoopTurn, inTransaction } from "../../kernel/db/client.ts";
import { newId } from "../../kernel/ids.ts";
import { encodeSaid, render, type Said } from "../../kernel/said.ts";
import type { Applier } from "./applier.ts";
import type { DeptRecord, UserRecord } from "../from-welink/diff.ts";
import type { ItemRow } from "./store.ts";
import type { ChangeRow } from "../store.ts";
import * as pstore from "./store.ts";
import * as store from "../store.ts";

/** What a write left in WeLink: the object's id and, for creates and updates, its record as now written. */
export type Written = { welinkId: string; dept?: DeptRecord; user?: UserRecord };

const CREATED_BY = "system:push";
const CHANGE_ACTION = { create: "add", update: "update", match: "update", move: "move", remove: "remove" } as const;

/** The plan's field names as the mirror's records (and so the change log) name them. */
const RECORD_FIELD: Record<string, string> = { mobileNumber: "mobile", parent: "parentCode" };

/**
 * Before and after as the mirror's records, like a pull's change rows: what a create wrote, and
 * for an update the changed fields as WeLink held them and as they were written (department
 * codes, not the plan's references). Without both records, the plan's own values.
 */
function sides(a: Applier, it: ItemRow, w: Written): { before: string | null; after: string | null } {
  if (it.action === "remove") return { before: JSON.stringify({ name: it.name, oaId: it.oaId }), after: null };
  const written: Record<string, unknown> | undefined = w.user ?? w.dept;
  if (it.action === "create") return { before: null, after: written ? JSON.stringify(withoutRemoved(written)) : it.desired };
  const changes = JSON.parse(it.changes ?? "{}") as Record<string, [unknown, unknown]>;
  const old: Record<string, unknown> | undefined = it.object === "user" ? a.users.get(w.welinkId) : a.depts.get(w.welinkId);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [k, [b, v]] of Object.entries(changes)) {
    const f = RECORD_FIELD[k] ?? k;
    const known = old !== undefined && written !== undefined && f in written;
    (before[f] = known ? old[f] : b), (after[f] = known ? written[f] : v);
  }
  return { before: JSON.stringify(before), after: JSON.stringify(after) };
}

const withoutRemoved = ({ removedAt: _r, ...rec }: Record<string, unknown>) => rec;

/** The item's reason as a Said (the plan's `why` code); a row stored before codes keeps its English. */
export function reasonSaid(it: Pick<ItemRow, "why" | "reason">): string {
  const why = it.why ? (JSON.parse(it.why) as { code?: string; params?: Said["params"] }) : null;
  // `invalid` items are never applied, so a change row's reason has no problems list to render.
  if (!why?.code) return it.reason;
  return encodeSaid({ code: `reason.${why.code}`, ...(why.params ? { params: why.params } : {}) });
}

function changeRow(a: Applier, it: ItemRow, w: Written): ChangeRow | null {
  if (it.action === "skip" || (it.action === "match" && it.changes === null)) return null;
  const action = CHANGE_ACTION[it.action];
  return { id: newId(), tenantId: a.run.tenantId, runId: a.run.id, object: it.object, objectId: w.welinkId, action, ...sides(a, it, w), applied: true, reason: reasonSaid(it) };
}

/** Marks the item done and commits, in one transaction, its change-log row, the mirror and the bindings. */
export async function commitDone(a: Applier, it: ItemRow, w: Written): Promise<void> {
  const now = a.deps.clock.now();
  const key = { tenantId: a.run.tenantId, corpId: a.run.corpId };
  await a.locked(() =>
    inTransaction(a.deps.db, async (tx) => {
      await pstore.setItem(tx, a.run.id, it.seq, { state: "done", welinkId: w.welinkId, error: null, updatedAt: now });
      const change = changeRow(a, it, w);
      if (change) await store.insertChanges(tx, [change]);
      if (w.dept) await upsertDepts(tx, key, [w.dept], now);
      if (w.user) await upsertUsers(tx, key, [w.user], now);
      if (it.object === "dept") await deptBindingChange(tx, a, it, w.welinkId, now);
      else await userBindingChange(tx, a, it, w, now);
    }),
  );
  if (w.dept) a.depts.set(w.welinkId, w.dept);
  if (w.user) a.users.set(w.welinkId, w.user);
  await eventLoopTurn();
}

async function deptBindingChange(tx: Conn, a: Applier, it: ItemRow, deptCode: string, now: number): Promise<void> {
  if (it.action === "remove") {
    await removeDepts(tx, a.run.corpId, [deptCode], { delete: false, now });
    const oaId = a.oaDeptOf.get(deptCode);
    if (oaId === undefined) return;
    await pstore.deleteDeptBinding(tx, a.run.corpId, deptCode);
    await recordAudit(tx, now, a.actor, { action: "dept-binding.delete", target: `corp:${a.run.corpId}/dept:${deptCode}`, before: { deptCode, oaDeptId: oaId }, tenantId: a.run.tenantId });
    a.oaDeptOf.delete(deptCode);
    a.deptCodeOf.delete(oaId);
    return;
  }
  if (it.oaId === null || a.deptCodeOf.get(it.oaId) === deptCode || a.oaDeptOf.has(deptCode)) return;
  const gone = a.deptCodeOf.get(it.oaId);
  if (gone !== undefined) {
    // Its WeLink department was gone and has been created again: the binding follows the new one.
    await pstore.deleteDeptBinding(tx, a.run.corpId, gone);
    await recordAudit(tx, now, a.actor, { action: "dept-binding.delete", target: `corp:${a.run.corpId}/dept:${gone}`, before: { deptCode: gone, oaDeptId: it.oaId }, tenantId: a.run.tenantId });
    a.oaDeptOf.delete(gone);
  }
  const row = { tenantId: a.run.tenantId, corpId: a.run.corpId, deptCode, oaDeptId: it.oaId, method: it.action === "create" ? ("created" as const) : ("match" as const), createdAt: now, createdBy: CREATED_BY };
  await pstore.insertDeptBinding(tx, row);
  await recordAudit(tx, now, a.actor, { action: "dept-binding.create", target: `corp:${a.run.corpId}/dept:${deptCode}`, after: row, tenantId: a.run.tenantId });
  a.deptCodeOf.set(it.oaId, deptCode);
  a.oaDeptOf.set(deptCode, it.oaId);
}

async function userBindingChange(tx: Conn, a: Applier, it: ItemRow, w: Written, now: number): Promise<void> {
  const userId = w.welinkId;
  if (it.action === "remove") {
    if (a.config.removalMode === "delete") await removeUsers(tx, a.run.corpId, [userId], { delete: false, now });
    else {
      const old = a.users.get(userId);
      if (old) await upsertUsers(tx, { tenantId: a.run.tenantId, corpId: a.run.corpId }, [(w.user = { ...old, status: 4 })], now);
    }
    const oaId = a.boundUsers.get(userId);
    if (oaId === undefined) return;
    await pstore.deleteUserBinding(tx, a.run.corpId, userId);
    await recordAudit(tx, now, a.actor, { action: "binding.delete", target: bindingTarget({ corpId: a.run.corpId, welinkUserId: userId }), before: { welinkUserId: userId, oaUserId: oaId, reason: it.reason }, tenantId: a.run.tenantId });
    a.boundUsers.delete(userId);
    a.boundOa.delete(oaId);
    return;
  }
  if (it.oaId === null || it.action !== "match" && it.action !== "create") return;
  if (a.boundUsers.has(userId) || a.boundOa.has(it.oaId)) return;
  // Created people are bound by the same rule that made them: their corpUserId is the OA id.
  const row = { tenantId: a.run.tenantId, corpId: a.run.corpId, welinkUserId: userId, oaUserId: it.oaId, method: "rule" as const, createdAt: now, createdBy: CREATED_BY };
  await pstore.insertUserBinding(tx, row);
  await recordAudit(tx, now, a.actor, { action: "binding.create", target: bindingTarget(row), after: row, tenantId: a.run.tenantId });
  a.boundUsers.set(userId, it.oaId);
  a.boundOa.add(it.oaId);
}

/**
 * Gives up on the item: logged as a failure with its reason (a Said, read in the reader's
 * language; the item keeps its English for the API); a department's dependants follow it.
 */
export async function commitSetAside(a: Applier, it: ItemRow, reason: Said, errorCode: string | null = null): Promise<void> {
  const now = a.deps.clock.now();
  const objectId = it.welinkId ?? it.oaId ?? `item:${it.seq}`;
  await a.locked(() =>
    inTransaction(a.deps.db, async (tx) => {
      await pstore.setItem(tx, a.run.id, it.seq, { state: "set_aside", error: render(reason, "en"), errorCode, updatedAt: now });
      const said = encodeSaid({ code: "push.setAside", params: { name: it.name }, cause: reason });
      await store.insertChanges(tx, [{ id: newId(), tenantId: a.run.tenantId, runId: a.run.id, object: it.object, objectId, action: "fail", before: null, after: it.desired, applied: false, reason: said }]);
    }),
  );
  if (it.object === "dept" && it.oaId !== null && it.action !== "remove") a.setAside.set(it.oaId, it.name);
  await eventLoopTurn();
}
