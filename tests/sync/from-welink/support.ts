import { generateOrg } from "../../../src/sandbox/welink/generate.ts";
import type { User } from "../../../src/sandbox/welink/model.ts";
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { startSandbox, type RunningSandbox } from "../../helpers/sandbox.ts";

export const T = { tenant: "default" };
export const json = async <X = Record<string, unknown>>(r: Response) => (await r.json()) as X;

export type Run = {
  id: string; status: string; heldReason: string | null; departments: number; people: number;
  counts: { added: number; updated: number; moved: number; removed: number; failed: number };
};
export type ChangeRow = { object: string; objectId: string; action: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null; applied: boolean; reason: string | null };

export type PullWorld = { h: Harness; rs: RunningSandbox; corpId: string; close(): void };

/** A bridge with one corp whose sync app is the sandbox's app, over a generated organisation. */
export async function startPullWorld(o: { users?: number; depts?: number; syncApp?: boolean } = {}): Promise<PullWorld> {
  const h = await startHarness();
  const rs = startSandbox();
  generateOrg(rs.sb.org, { seed: 7, users: o.users ?? 120, depts: o.depts ?? 12 });
  const corp = await json<{ id: string }>(await h.call("POST", "/api/v1/corps", { ...T, body: { name: "Corp", welinkTenantId: "sandbox-tenant", apiBaseUrl: rs.baseUrl, contactPermission: "read-only" } }));
  const app = await json<{ id: string }>(await h.call("POST", `/api/v1/corps/${corp.id}/apps`, { ...T, body: { name: "Sync", clientId: rs.app.clientId, clientSecret: rs.app.clientSecret } }));
  if (o.syncApp !== false) await h.call("PATCH", `/api/v1/corps/${corp.id}`, { ...T, body: { syncAppId: app.id } });
  return { h, rs, corpId: corp.id, close: () => (rs.stop(), h.close()) };
}

export async function pull(w: PullWorld): Promise<Run> {
  const res = await w.h.call("POST", `/api/v1/corps/${w.corpId}/pull?wait=true`, T);
  if (res.status !== 200) throw new Error(`pull answered ${res.status}: ${await res.text()}`);
  return json<Run>(res);
}

export async function changesOf(w: PullWorld, runId: string): Promise<ChangeRow[]> {
  return (await json<{ items: ChangeRow[] }>(await w.h.call("GET", `/api/v1/sync-runs/${runId}/changes?limit=1000`, T))).items;
}

/** Counts recomputed from the change log, to compare with the run's own. */
export function countsOf(changes: ChangeRow[]) {
  const c = { added: 0, updated: 0, moved: 0, removed: 0, failed: 0 };
  const key = { add: "added", update: "updated", move: "moved", remove: "removed", fail: "failed" } as const;
  for (const ch of changes) c[key[ch.action as keyof typeof key]]++;
  return c;
}

export const rows = async (w: PullWorld, sql: string, args: (string | number)[] = []) => (await w.h.deps.database.client.execute({ sql, args })).rows;

/** A sandbox person copied with a fresh id and mobile (for "added in WeLink"). */
export function newPerson(w: PullWorld, like: User, n: number): User {
  return { ...like, userId: `newbie${n}@welink`, corpUserId: `NEW${n}`, mobileNumber: `+86-1990000000${n}`, userNameCn: `新人${n}` };
}

export const settings = (w: PullWorld, body: Record<string, unknown>) => w.h.call("PUT", `/api/v1/corps/${w.corpId}/pull-settings`, { ...T, body });
