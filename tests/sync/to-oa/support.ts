import { expect } from "bun:test";
import { startDemoOa, type RunningDemoOa } from "../../../src/sandbox/oa/server.ts";
import { createUser } from "../../../src/sandbox/welink/user-ops.ts";
import type { Sandbox } from "../../../src/sandbox/welink/sandbox.ts";
import type { RunningSandbox } from "../../helpers/sandbox.ts";
import { pullCorp } from "../../../src/sync/from-welink/pull.ts";
import { startWriteback } from "../../../src/sync/to-oa/run.ts";
import { json, T } from "../from-welink/support.ts";
import { pushSettings, startPushWorld, welinkDept, type PushWorld } from "../to-welink/support.ts";

/*
 * A WeLink → OA world: the real app in-process, the WeLink sandbox over HTTP (the pulled
 * directory), and a running demo OA as the tenant's OA connection (its writes over HTTP).
 */

export type WbWorld = PushWorld & { oa: RunningDemoOa };

export async function startWbWorld(o: { addNewPeople?: boolean; sandbox?: RunningSandbox } = {}): Promise<WbWorld> {
  const w = await startPushWorld({ sandbox: o.sandbox });
  const oa = startDemoOa({ seed: 7, users: 12, depts: 3 });
  const world: WbWorld = { ...w, oa, close: () => (oa.stop(), w.close()) };
  const put = await w.h.call("PUT", "/api/v1/oa/connection", { ...T, body: { type: "demo", settings: { baseUrl: oa.url }, secrets: { token: oa.token } } });
  expect(put.status).toBe(200);
  await pushSettings(w, { addNewPeople: o.addNewPeople ?? true });
  return world;
}

export async function direction(w: WbWorld, to: "to-welink" | "to-oa"): Promise<Response> {
  return w.h.call("PUT", `/api/v1/corps/${w.corpId}/sync-direction`, { ...T, body: { direction: to } });
}

let n = 0;
/** A WeLink person made as an admin would in the console. */
export function welinkPerson(sb: Sandbox, name: string, deptCode: string, more: Record<string, unknown> = {}): string {
  n++;
  const r = createUser(sb, { userNameCn: name, mobileNumber: `+86-1390000${String(n).padStart(4, "0")}`, userEmail: `wb${n}@example.com`, employeeId: `WB${String(n).padStart(4, "0")}`, deptCodes: [deptCode], mainDeptCode: deptCode, ...more });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.userId;
}

/** WeLink: 写回总部 > 研发部 (甲, 乙), 市场部 (丙). */
export function seedWelink(w: WbWorld) {
  const top = welinkDept(w.rs.sb, "写回总部");
  const rd = welinkDept(w.rs.sb, "研发部", top);
  const mk = welinkDept(w.rs.sb, "市场部", top);
  const people = [welinkPerson(w.rs.sb, "写回甲", rd), welinkPerson(w.rs.sb, "写回乙", rd), welinkPerson(w.rs.sb, "写回丙", mk)];
  return { top, rd, mk, people };
}

export const writeback = async (w: WbWorld, dryRun = false) => (await startWriteback(w.h.deps, { tenantId: w.tenantId, corpId: w.corpId, trigger: "manual", dryRun })).done;
export const pullNow = (w: WbWorld) => pullCorp(w.h.deps, { tenantId: w.tenantId, corpId: w.corpId, trigger: "manual" });
export const planOf = async (w: WbWorld, runId: string) =>
  (await json<{ items: { object: string; action: string; name: string; state: string; oaId: string | null; welinkId: string | null }[]; total: number }>(
    await w.h.call("GET", `/api/v1/sync-runs/${runId}/plan?limit=500`, T),
  )).items;
