import { AppError } from "../../kernel/errors.ts";
import { saidOf, say } from "../../kernel/said.ts";
import type { WelinkClient } from "../../welink/index.ts";
import type { Failure } from "./apply.ts";
import { type Change, deptRecord, type DeptRecord, diffDepts, diffUsers, userRecord, type UserRecord } from "./diff.ts";

/**
 * A scoped pull sees only its subtrees, so an object missing from its answer was either deleted
 * in WeLink or moved out of the scope; the answer cannot tell which. Each missing one is read by
 * its id before anything is marked or cleared. When WeLink still has it, the mirror keeps the row
 * (and so every binding to it) updated with what WeLink says: the row then lies outside the
 * scope by its own parent / departments, so later scoped pulls leave it alone and nothing is
 * lost that a person or a push still points at.
 */

/**
 * Confirmation reads per pull. More missing objects than this is a large fall, which the health
 * gate holds anyway; the unread rest is recorded as one failure so their removal waits for an admin.
 */
export const CONFIRM_LIMIT = 200;
const IN_FLIGHT = 4;

export type Confirmed = { depts: Change<DeptRecord>[]; users: Change<UserRecord>[]; failures: Failure[] };

const notFound = (e: unknown) => e instanceof AppError && e.code === "WELINK_NOT_FOUND";

type Job = { object: "dept" | "user"; c: Change<DeptRecord> | Change<UserRecord> };

export async function confirmMissing(client: WelinkClient, depts: Change<DeptRecord>[], users: Change<UserRecord>[], now: number): Promise<Confirmed> {
  const jobs: Job[] = [
    ...depts.filter((c) => c.action === "remove").map((c) => ({ object: "dept" as const, c })),
    ...users.filter((c) => c.action === "remove").map((c) => ({ object: "user" as const, c })),
  ];
  const kept = new Map<string, Change<DeptRecord> | Change<UserRecord>>();
  const failures: Failure[] = [];
  const read = jobs.slice(0, CONFIRM_LIMIT);
  if (jobs.length > read.length) {
    const first = jobs[read.length]!;
    failures.push({ object: first.object, objectId: first.c.id, reason: say("fail.unconfirmed", { limit: CONFIRM_LIMIT, count: jobs.length - read.length }) });
  }
  let next = 0;
  const worker = async () => {
    while (next < read.length) {
      const job = read[next++]!;
      try {
        const change = job.object === "dept" ? await keptDept(client, job.c as Change<DeptRecord>, now) : await keptUser(client, job.c as Change<UserRecord>, now);
        kept.set(`${job.object}:${job.c.id}`, change);
      } catch (e) {
        // Deleted in WeLink: the removal stands. Any other answer (network, rate limit, outside the
        // app's visible range) leaves the question open: a failed page, so the gate holds removals.
        if (!notFound(e)) failures.push({ object: job.object, objectId: job.c.id, reason: say("fail.confirm", { objectId: job.c.id }, saidOf(e)) });
      }
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const swap = <R>(object: string, list: Change<R>[]) => list.map((c) => (kept.get(`${object}:${c.id}`) as Change<R> | undefined) ?? c);
  return { depts: swap("dept", depts), users: swap("user", users), failures };
}

/** The removal becomes the update (or move) that brings the row to what WeLink holds now. */
function keptChange<R extends { removedAt: number | null }>(removal: Change<R>, next: R, diff: (a: Map<string, R>, b: Map<string, R>) => Change<R>[]): Change<R> {
  const prev = removal.before as R;
  const change = diff(new Map([[removal.id, prev]]), new Map([[removal.id, next]]))[0];
  return { ...(change ?? { action: "update", id: removal.id, before: {}, after: {}, record: next }), reason: say("change.leftScope") };
}

async function keptDept(client: WelinkClient, removal: Change<DeptRecord>, now: number): Promise<Change<DeptRecord>> {
  const d = await client.contacts.dept({ deptCode: removal.id });
  return keptChange(removal, deptRecord(d), (a, b) => diffDepts(a, b, now));
}

async function keptUser(client: WelinkClient, removal: Change<UserRecord>, now: number): Promise<Change<UserRecord>> {
  const u = await client.contacts.userDetail({ userId: removal.id });
  return keptChange(removal, userRecord(u), (a, b) => diffUsers(a, b, now));
}
