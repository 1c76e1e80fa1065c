import type { WelinkClient } from "../../welink/index.ts";
import { AppErrorBase } from "../../kernel/errors.ts";
import { say, saidOf } from "../../kernel/said.ts";
import type { Failure } from "./apply.ts";
import { deptRecord, type DeptRecord, userRecord, type UserRecord } from "./diff.ts";

export type Fetched = { depts: Map<string, DeptRecord>; users: Map<string, UserRecord>; failures: Failure[] };
export type FetchProgress = (phase: "departments" | "people", o: { depts: number; deptsDone: number; people: number }) => void;

/** Departments fetched in flight at once: the client's rate limiter still paces the calls. */
const IN_FLIGHT = 8;

/**
 * WeLink refusing the app itself (wrong secret, locked, missing permission, a token it keeps
 * refusing): no page would load, so the pull stops as failed with that reason instead of
 * reading as a directory with unread pages.
 */
const REFUSALS = new Set(["WELINK_AUTH_FAILED", "WELINK_LOCKED", "WELINK_NO_PERMISSION", "WELINK_TOKEN_INVALID"]);
export const isRefusal = (e: unknown): e is AppErrorBase => e instanceof AppErrorBase && REFUSALS.has(e.code);

function unread(e: unknown): ReturnType<typeof saidOf> {
  if (isRefusal(e)) throw e;
  return saidOf(e);
}

/**
 * Every department under the roots (default: the whole directory), then the members of each. A page that
 * fails after the client's retries is recorded and the rest goes on; the health gate then holds
 * removals, because what is missing may only be unread.
 */
export async function fetchDirectory(client: WelinkClient, progress: FetchProgress, roots: string[] | null = null): Promise<Fetched> {
  const out: Fetched = { depts: new Map(), users: new Map(), failures: [] };
  for (const root of roots ?? ["0"]) await deptsUnder(client, root, out, progress);
  const codes = [...out.depts.keys()];
  let next = 0;
  let done = 0;
  let refused: unknown;
  const worker = async () => {
    while (refused === undefined && next < codes.length) {
      const code = codes[next++]!;
      try {
        await membersOf(client, code, out);
      } catch (e) {
        refused ??= e;
        return;
      }
      done++;
      progress("people", { depts: codes.length, deptsDone: done, people: out.users.size });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  if (refused !== undefined) throw refused;
  return out;
}

/**
 * A chosen department itself (detail) and everything under it (v1 recursive list); the root "0"
 * is the whole directory, which has no detail of its own.
 */
async function deptsUnder(client: WelinkClient, root: string, out: Fetched, progress: FetchProgress): Promise<void> {
  try {
    if (root !== "0") {
      const d = await client.contacts.dept({ deptCode: root });
      out.depts.set(d.deptCode, deptRecord(d));
    }
    for await (const page of client.contacts.list.depts({ parent: { deptCode: root } })) {
      for (const d of page) out.depts.set(d.deptCode, deptRecord(d));
      progress("departments", { depts: out.depts.size, deptsDone: 0, people: 0 });
    }
  } catch (e) {
    out.failures.push({ object: "dept", objectId: root, reason: say("fail.depts", { count: out.depts.size }, unread(e)) });
  }
}

async function membersOf(client: WelinkClient, deptCode: string, out: Fetched): Promise<void> {
  try {
    for await (const page of client.contacts.list.users({ deptCode })) {
      // People in several departments are listed once per department: the first listing wins (same detail).
      for (const u of page) if (!out.users.has(u.userId)) out.users.set(u.userId, userRecord(u));
    }
  } catch (e) {
    out.failures.push({ object: "dept", objectId: deptCode, reason: say("fail.members", { deptCode }, unread(e)) });
  }
}
