import type { Deps } from "../../deps.ts";
import type { Ctx } from "../../kernel/actor.ts";
import type { WelinkClient } from "../../welink/index.ts";
import type { DeptRecord, UserRecord } from "../from-welink/diff.ts";
import type { PushConfig } from "./types.ts";

/** What one run's writes share: the client, the in-memory view of what is bound and written, and one write lock. */
export type Applier = {
  deps: Deps;
  run: { id: string; tenantId: string; corpId: string };
  client: WelinkClient;
  config: PushConfig;
  actor: Ctx;
  /** Serialises database writes: the embedded driver waits synchronously on a lock another transaction of this process holds. */
  locked: <T>(work: () => Promise<T>) => Promise<T>;
  deptCodeOf: Map<string, string>;
  oaDeptOf: Map<string, string>;
  /** OA departments set aside in this run, with their names. */
  setAside: Map<string, string>;
  depts: Map<string, DeptRecord>;
  users: Map<string, UserRecord>;
  boundUsers: Map<string, string>;
  boundOa: Set<string>;
  retryDelayMs: number;
};
