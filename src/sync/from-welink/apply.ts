import type { Deps } from "../../deps.ts";
import { removeDepts, removeUsers, upsertDepts, upsertUsers } from "../../directory/index.ts";
import { eventLoopTurn, inTransaction } from "../../kernel/db/client.ts";
import { newId } from "../../kernel/ids.ts";
import type { Change, DeptRecord, UserRecord } from "./diff.ts";
import type { ClearRules } from "./scope.ts";
import { encodeSaid, type Said, say } from "../../kernel/said.ts";
import * as store from "../store.ts";

export type Failure = { object: "dept" | "user"; objectId: string; reason: Said };

export type ApplyInput = {
  run: { id: string; tenantId: string; corpId: string };
  depts: Change<DeptRecord>[];
  users: Change<UserRecord>[];
  failures: Failure[];
  /** Health gate tripped: removals are logged as not applied, for an admin to approve. */
  holdRemovals: boolean;
  /** Per kind: delete removed objects instead of marking them. */
  clear: ClearRules;
  now: number;
  onProgress?: (done: number, total: number) => Promise<void>;
};

/**
 * Changes per transaction: large enough to amortise commits, small enough to report progress
 * and to let the driver free its statements between transactions (see `eventLoopTurn`).
 */
const PER_TRANSACTION = 1_000;

type Tagged = { object: "dept"; c: Change<DeptRecord> } | { object: "user"; c: Change<UserRecord> };

/**
 * Writes the changes in batches; every batch's change-log rows commit in the same transaction
 * as the objects they describe, so the log never claims a write that did not happen.
 * Departments go first so people never point at a department the mirror lacks.
 */
export async function applyPull(deps: Deps, input: ApplyInput): Promise<void> {
  const all: Tagged[] = [...input.depts.map((c) => ({ object: "dept" as const, c })), ...input.users.map((c) => ({ object: "user" as const, c }))];
  const total = all.length + input.failures.length;
  await inTransaction(deps.db, (tx) => store.insertChanges(tx, input.failures.map((f) => failureRow(input, f))));
  for (let i = 0; i < all.length; i += PER_TRANSACTION) {
    const part = all.slice(i, i + PER_TRANSACTION);
    await inTransaction(deps.db, (tx) => applyBatch(tx, input, part));
    await input.onProgress?.(input.failures.length + i + part.length, total);
    await eventLoopTurn();
  }
}

async function applyBatch(tx: Parameters<Parameters<typeof inTransaction>[1]>[0], input: ApplyInput, part: Tagged[]): Promise<void> {
  const key = { tenantId: input.run.tenantId, corpId: input.run.corpId };
  const depts: DeptRecord[] = [];
  const users: UserRecord[] = [];
  const goneDepts: string[] = [];
  const goneUsers: string[] = [];
  for (const t of part) {
    if (t.c.action === "remove") (t.object === "dept" ? goneDepts : goneUsers).push(t.c.id);
    else if (t.object === "dept") depts.push(t.c.record!);
    else users.push(t.c.record!);
  }
  await upsertDepts(tx, key, depts, input.now);
  await upsertUsers(tx, key, users, input.now);
  if (!input.holdRemovals) {
    await removeDepts(tx, input.run.corpId, goneDepts, { delete: input.clear.depts, now: input.now });
    await removeUsers(tx, input.run.corpId, goneUsers, { delete: input.clear.people, now: input.now });
  }
  await store.insertChanges(tx, part.map((t) => changeRow(input, t)));
}

function changeRow(input: ApplyInput, t: Tagged): store.ChangeRow {
  const held = t.c.action === "remove" && input.holdRemovals;
  return {
    id: newId(),
    tenantId: input.run.tenantId,
    runId: input.run.id,
    object: t.object,
    objectId: t.c.id,
    action: t.c.action,
    before: t.c.before ? JSON.stringify(t.c.before) : null,
    after: t.c.after ? JSON.stringify(t.c.after) : null,
    applied: !held,
    reason: t.c.reason ? encodeSaid(t.c.reason) : t.c.action !== "remove" ? null : encodeSaid(say(held ? "change.held" : input.clear[t.object === "dept" ? "depts" : "people"] ? "change.deleted" : "change.marked")),
  };
}

function failureRow(input: ApplyInput, f: Failure): store.ChangeRow {
  return {
    id: newId(), tenantId: input.run.tenantId, runId: input.run.id, object: f.object, objectId: f.objectId,
    action: "fail", before: null, after: null, applied: false, reason: encodeSaid(f.reason),
  };
}
