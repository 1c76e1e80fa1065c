import { expect } from "bun:test";
import { systemCtx } from "../../../src/kernel/actor.ts";
import type { Clock } from "../../../src/kernel/clock.ts";
import { inTransaction } from "../../../src/kernel/db/client.ts";
import type { OaDept, OaUser } from "../../../src/oa/contract.ts";
import { upsertDepartments, upsertUsers } from "../../../src/oa/store.ts";
import { createDept } from "../../../src/sandbox/welink/dept-ops.ts";
import type { Sandbox } from "../../../src/sandbox/welink/sandbox.ts";
import { pushCorp } from "../../../src/sync/to-welink/sync.ts";
import type { RunView } from "../../../src/sync/run-view.ts";
import { startHarness, type Harness } from "../../helpers/harness.ts";
import { startSandbox, type RunningSandbox } from "../../helpers/sandbox.ts";
import { changesOf, countsOf, json, T, type PullWorld } from "../from-welink/support.ts";

export type PushWorld = { h: Harness; rs: RunningSandbox; corpId: string; tenantId: string; close(): void };

/** A bridge with one read-write corp whose sync app is the sandbox's app (an empty WeLink unless seeded). */
export async function startPushWorld(o: { permission?: "read-only" | "read-write"; sandbox?: RunningSandbox; clock?: Clock } = {}): Promise<PushWorld> {
  const h = await startHarness({ clock: o.clock });
  const rs = o.sandbox ?? startSandbox();
  const corp = await json<{ id: string }>(
    await h.call("POST", "/api/v1/corps", { ...T, body: { name: "Corp", welinkTenantId: "sandbox-tenant", apiBaseUrl: rs.baseUrl, contactPermission: o.permission ?? "read-write" } }),
  );
  const app = await json<{ id: string }>(await h.call("POST", `/api/v1/corps/${corp.id}/apps`, { ...T, body: { name: "Sync", clientId: rs.app.clientId, clientSecret: rs.app.clientSecret } }));
  await h.call("PATCH", `/api/v1/corps/${corp.id}`, { ...T, body: { syncAppId: app.id } });
  const tenant = await json<{ id: string }>(await h.call("GET", "/api/v1/tenants/default"));
  return { h, rs, corpId: corp.id, tenantId: tenant.id, close: () => (rs.stop(), h.close()) };
}

/** A WeLink department made as an admin would in the console (no corp code). */
export function welinkDept(sb: Sandbox, name: string, parentCode = "0"): string {
  const r = createDept(sb, { deptNameCn: name, parentCode });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.deptCode;
}

export const oaDept = (id: string, name: string, parentId: string | null, order = 1): OaDept => ({ id, parentId, name, order });
export const oaUser = (id: string, name: string, mainDeptId: string, n: number, more: Partial<OaUser> = {}): OaUser => ({
  id, account: `acc-${id}`, name, mobile: `+86-1380000${String(n).padStart(4, "0")}`, email: `${id}@example.com`, employeeNo: `E${n}`, mainDeptId, partTimeDeptIds: [], active: true, ...more,
});

export async function putOa(w: PushWorld, depts: OaDept[], users: OaUser[]): Promise<void> {
  await inTransaction(w.h.deps.db, async (tx) => {
    await upsertDepartments(tx, w.tenantId, depts);
    await upsertUsers(tx, w.tenantId, users);
  });
}

export async function pushSettings(w: PushWorld, body: Record<string, unknown>): Promise<void> {
  const res = await w.h.call("PUT", `/api/v1/corps/${w.corpId}/push-settings`, { ...T, body });
  if (res.status !== 200) throw new Error(`push-settings answered ${res.status}: ${await res.text()}`);
}

/** Every corp code WeLink holds more than once (a duplicate is a double create). */
export function duplicates(sb: Sandbox): { depts: string[]; users: string[] } {
  const twice = (codes: (string | undefined)[]) => {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const c of codes) {
      if (c === undefined) continue;
      if (seen.has(c)) out.push(c);
      else seen.add(c);
    }
    return out;
  };
  return { depts: twice([...sb.org.depts.values()].map((d) => d.corpDeptCode)), users: twice([...sb.org.users.values()].map((u) => u.corpUserId)) };
}

export const ctxOf = (w: PushWorld) => systemCtx({ id: w.tenantId, slug: "default" });
export const push = (w: PushWorld, dryRun = false) => pushCorp(w.h.deps, { tenantId: w.tenantId, corpId: w.corpId, trigger: "manual", dryRun });
export const asPull = (w: PushWorld) => w as unknown as PullWorld;
export const byCorpCode = (w: PushWorld, code: string) => [...w.rs.sb.org.depts.values()].find((d) => d.corpDeptCode === code);

export async function expectCountsMatchLog(w: PushWorld, run: RunView) {
  expect(countsOf(await changesOf(asPull(w), run.id))).toEqual(run.counts);
}

/** The seed example: WeLink has 演示部门 > 部门A; the OA has 演示部门 > 部门A, 部门B with three people. */
export async function seeded(clock?: Clock): Promise<PushWorld> {
  const w = await startPushWorld({ clock });
  const top = welinkDept(w.rs.sb, "演示部门");
  welinkDept(w.rs.sb, "部门A", top);
  await putOa(w, [oaDept("D0", "演示部门", null), oaDept("DA", "部门A", "D0"), oaDept("DB", "部门B", "D0")], [
    oaUser("U1", "张一", "DA", 1), oaUser("U2", "张二", "DB", 2), oaUser("U3", "张三", "DB", 3),
  ]);
  await pushSettings(w, { addNewPeople: true });
  return w;
}

/** The writes in the sandbox's call log (creates, updates, deletes, batches). */
export async function writeCalls(w: PushWorld) {
  const res = await fetch(`${w.rs.baseUrl}/_sandbox/calls?limit=50000`);
  const { calls } = (await res.json()) as { calls: { method: string; path: string }[] };
  return calls.filter((c) => /\/(create|update|delete|mobilenumber)\b|\/batch\//.test(c.path));
}
