import { type Said, saidOf, say } from "../../kernel/said.ts";
import { WelinkError } from "../../welink/index.ts";
import type { Applier } from "./applier.ts";
import type { DeptRecord, UserRecord } from "../from-welink/diff.ts";
import { commitDone, commitSetAside, type Written } from "./commit.ts";
import type { ItemRow } from "./store.ts";
import type { DeptDesired, DeptRef, UserDesired } from "./types.ts";
import * as pstore from "./store.ts";

/** Attempts per object before it is set aside (the client already retried transient failures inside each). */
export const MAX_ATTEMPTS = 5;
const DUPLICATE_CORP_DEPT = "47007";
const DUPLICATE_CORP_USER = "47008";
const NOT_FOUND = "47001";
/**
 * Failures of WeLink or of the app rather than of one object: setting every object aside for
 * them would turn an outage or a revoked grant into thousands of failures, so the run stops.
 */
const SYSTEMIC = new Set(["WELINK_AUTH_FAILED", "WELINK_LOCKED", "WELINK_NO_PERMISSION", "WELINK_TOKEN_INVALID", "WELINK_RATE_LIMITED", "WELINK_UNAVAILABLE"]);

/** A department reference that cannot be written: why, as a Said. */
class Unresolved extends Error {
  constructor(readonly said: Said) {
    super(said.code);
  }
}
/** The error code of an item whose department was not written (set aside or invalid). */
export const PARENT_SET_ASIDE = "DEPT_NOT_WRITTEN";

function deptCodeOfRef(a: Applier, ref: DeptRef): string {
  if ("deptCode" in ref) return ref.deptCode;
  const code = a.deptCodeOf.get(ref.oaDeptId);
  if (code) return code;
  const name = a.setAside.get(ref.oaDeptId);
  throw new Unresolved(name !== undefined ? say("push.setAside.deptSetAside", { dept: name, deptId: ref.oaDeptId }) : say("push.setAside.deptNotWritten", { deptId: ref.oaDeptId }));
}

const needsCall = (it: ItemRow) => it.action !== "match" || it.changes !== null;
const errorCode = (e: unknown) => (e instanceof WelinkError ? (e.welinkCode ?? e.code) : null);
const errorText = (e: unknown) => (e instanceof WelinkError ? `${e.welinkCode ?? e.code}: ${e.message}` : e instanceof Error ? e.message : String(e));

/**
 * Applies one item: marks it started (committed) before calling WeLink, then commits the result,
 * its change-log row, the mirror and the bindings together. A create that WeLink says exists
 * already (corp code taken) is an earlier attempt that succeeded before a crash: it is looked up.
 */
export async function applyItem(a: Applier, it: ItemRow): Promise<void> {
  let call: () => Promise<Written>;
  try {
    call = it.object === "dept" ? deptCall(a, it) : userCall(a, it);
  } catch (e) {
    if (!(e instanceof Unresolved)) throw e;
    await commitSetAside(a, it, e.said, PARENT_SET_ASIDE);
    return;
  }
  if (!needsCall(it)) {
    await commitDone(a, it, await call());
    return;
  }
  for (let attempts = it.attempts + 1; ; attempts++) {
    await a.locked(() => pstore.setItem(a.deps.db, a.run.id, it.seq, { state: "started", attempts, updatedAt: a.deps.clock.now() }));
    try {
      await commitDone(a, it, await call());
      return;
    } catch (e) {
      // A failed look-up is one more failed attempt, not the end of the run.
      const recovered = await recover(a, it, e).catch(() => undefined);
      if (recovered) return commitDone(a, it, recovered);
      if (e instanceof WelinkError && SYSTEMIC.has(e.code)) {
        await a.locked(() => pstore.setItem(a.deps.db, a.run.id, it.seq, { state: "failed", error: errorText(e), errorCode: errorCode(e), updatedAt: a.deps.clock.now() }));
        throw e;
      }
      if (attempts >= MAX_ATTEMPTS) return commitSetAside(a, it, say("push.setAside.attempts", { attempts }, saidOf(e)), errorCode(e));
      await a.locked(() => pstore.setItem(a.deps.db, a.run.id, it.seq, { state: "failed", error: errorText(e), errorCode: errorCode(e), updatedAt: a.deps.clock.now() }));
      await Bun.sleep(a.retryDelayMs * attempts);
    }
  }
}

/** The enterprise key a create writes: the OA id, or the key a bridge edit chose. */
const corpKeyOf = (it: ItemRow): string | null => it.oaId ?? ((JSON.parse(it.desired ?? "null") as { corpCode?: string } | null)?.corpCode ?? null);

/** Answers that mean the write already happened. */
async function recover(a: Applier, it: ItemRow, e: unknown): Promise<Written | undefined> {
  if (!(e instanceof WelinkError)) return undefined;
  if (it.action === "remove" && e.welinkCode === NOT_FOUND) return { welinkId: it.welinkId ?? "" };
  const key = corpKeyOf(it);
  if (it.action !== "create" || key === null) return undefined;
  if (it.object === "dept" && e.welinkCode === DUPLICATE_CORP_DEPT) {
    const d = await a.client.contacts.dept({ corpDeptCode: key });
    return { welinkId: d.deptCode, dept: { deptCode: d.deptCode, corpDeptCode: key, parentCode: d.parentCode, nameCn: d.nameCn, nameEn: d.nameEn ?? null, orderNo: d.orderNo ?? 0, removedAt: null } };
  }
  if (it.object === "user" && e.welinkCode === DUPLICATE_CORP_USER) {
    const u = await a.client.contacts.user({ corpUserId: key });
    const desired = JSON.parse(it.desired!) as UserDesired;
    return { welinkId: u.userId, user: userRecordOf(a, u.userId, key, desired, deptCodesFor(a, it, desired)) };
  }
  return undefined;
}

function deptCall(a: Applier, it: ItemRow): () => Promise<Written> {
  const c = a.client.contacts;
  if (it.action === "remove") return async () => (await c.deleteDept({ deptCode: it.welinkId! }), { welinkId: it.welinkId! });
  const d = JSON.parse(it.desired ?? "null") as DeptDesired | null;
  if (!d) return async () => ({ welinkId: it.welinkId! });
  const parentCode = deptCodeOfRef(a, d.parent);
  const old = it.welinkId ? a.depts.get(it.welinkId) : undefined;
  const record = (deptCode: string): DeptRecord => ({
    deptCode, corpDeptCode: old ? old.corpDeptCode : corpKeyOf(it), parentCode, nameCn: d.nameCn, nameEn: old?.nameEn ?? null, orderNo: d.orderNo, removedAt: null,
  });
  if (it.action === "create") {
    return async () => {
      const { deptCode } = await c.createDept({ corpDeptCode: corpKeyOf(it)!, nameCn: d.nameCn, orderNo: d.orderNo, parent: { deptCode: parentCode } });
      return { welinkId: deptCode, dept: record(deptCode) };
    };
  }
  const code = it.welinkId!;
  const move = it.action === "move" || (old !== undefined && old.parentCode !== parentCode);
  if (!needsCall(it)) return async () => ({ welinkId: code });
  return async () => {
    await c.updateDept({ deptCode: code }, { nameCn: d.nameCn, orderNo: d.orderNo, ...(move ? { parent: { deptCode: parentCode } } : {}) });
    return { welinkId: code, dept: record(code) };
  };
}

/**
 * The departments to write, or undefined to leave WeLink's as they are (a field-only update).
 * Without part-time departments in the push, a move changes the main department and keeps the
 * person's other WeLink departments: the corp manages those in WeLink.
 */
function deptCodesFor(a: Applier, it: ItemRow, u: UserDesired): string[] | undefined {
  const changes = JSON.parse(it.changes ?? "{}") as Record<string, unknown>;
  if (it.action !== "create" && !("mainDeptCode" in changes) && !("deptCodes" in changes)) return undefined;
  const codes = u.depts.map((r) => deptCodeOfRef(a, r));
  const old = it.welinkId ? a.users.get(it.welinkId) : undefined;
  if (a.config.includePartTime || !old || codes.length === 0) return codes;
  const others = (JSON.parse(old.deptCodes) as string[]).filter((c) => c !== old.mainDeptCode && c !== codes[0]);
  return [codes[0]!, ...others];
}

function userRecordOf(a: Applier, userId: string, oaId: string | null, u: UserDesired, codes: string[] | undefined): UserRecord {
  const old = a.users.get(userId);
  return {
    userId, corpUserId: old ? old.corpUserId : oaId, nameCn: u.nameCn, nameEn: u.nameEn ?? old?.nameEn ?? null,
    mobile: u.mobileNumber ?? old?.mobile ?? null, email: u.email ?? old?.email ?? null, employeeId: u.employeeId ?? old?.employeeId ?? null,
    position: u.position ?? old?.position ?? null, mainDeptCode: codes ? (codes[0] ?? null) : (old?.mainDeptCode ?? null),
    deptCodes: codes ? JSON.stringify(codes) : (old?.deptCodes ?? "[]"), status: old?.status ?? 3, removedAt: null,
  };
}

const USER_FIELDS = ["nameCn", "nameEn", "mobileNumber", "email", "employeeId", "position"] as const;

/** The person's fields the plan found changed, as the plan put them in WeLink's form. */
function changedFields(it: ItemRow, u: UserDesired): Partial<Pick<UserDesired, (typeof USER_FIELDS)[number]>> {
  const changes = JSON.parse(it.changes ?? "{}") as Record<string, unknown>;
  const out: Partial<Pick<UserDesired, (typeof USER_FIELDS)[number]>> = {};
  for (const f of USER_FIELDS) if (f in changes && u[f] !== undefined) out[f] = u[f];
  return out;
}

function userCall(a: Applier, it: ItemRow): () => Promise<Written> {
  const c = a.client.contacts;
  if (it.action === "remove") {
    return async () => (await c.deleteUser({ userId: it.welinkId! }, { deleteAccount: a.config.removalMode === "delete" }), { welinkId: it.welinkId! });
  }
  const u = JSON.parse(it.desired ?? "null") as UserDesired | null;
  if (!u) return async () => ({ welinkId: it.welinkId! });
  const codes = deptCodesFor(a, it, u);
  if (it.action === "create") {
    const fields = { nameCn: u.nameCn, nameEn: u.nameEn, email: u.email, employeeId: u.employeeId, position: u.position, ...(codes?.length ? { depts: { deptCodes: codes, main: codes[0] } } : {}) };
    return async () => {
      const { userId } = await c.createUser({ ...fields, corpUserId: corpKeyOf(it)!, mobileNumber: u.mobileNumber ?? "" });
      return { welinkId: userId, user: userRecordOf(a, userId, corpKeyOf(it), u, codes) };
    };
  }
  // An update sends what changed: a field WeLink holds in another (equivalent) form is left alone.
  const sent = changedFields(it, u);
  const fields = { ...sent, ...(codes?.length ? { depts: { deptCodes: codes, main: codes[0] } } : {}) };
  const id = it.welinkId!;
  if (!needsCall(it)) return async () => ({ welinkId: id });
  return async () => {
    await c.updateUser({ userId: id }, fields);
    return { welinkId: id, user: userRecordOf(a, id, it.oaId, { ...sent, nameCn: sent.nameCn ?? a.users.get(id)?.nameCn ?? u.nameCn, depts: u.depts }, codes) };
  };
}
