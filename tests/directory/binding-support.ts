import { upsertUsers } from "../../src/directory/welink-store.ts";
import { oaUsers } from "../../src/oa/schema.ts";
import type { UserRecord } from "../../src/sync/from-welink/diff.ts";
import { startHarness, type Harness } from "../helpers/harness.ts";

/** A bridge with tenant `default`, a read-only corp, a hand-made OA directory and WeLink mirror. */
export type BindingWorld = { h: Harness; tenantId: string; corpId: string; call(method: string, path: string, body?: unknown): Promise<Response> };

export type OaSeed = { id: string; mobile?: string; email?: string; account?: string; employeeNo?: string; active?: boolean };
export type WelinkSeed = { userId: string; name?: string; mobile?: string; email?: string; employeeId?: string };

export async function startBindingWorld(): Promise<BindingWorld> {
  const h = await startHarness({ env: { LOG_LEVEL: "warn" } });
  const call = (method: string, path: string, body?: unknown) => h.call(method, path, { tenant: "default", body });
  const tenant = (await (await call("GET", "/api/v1/tenants/default")).json()) as { id: string };
  const corpId = await addCorp({ h, tenantId: tenant.id, corpId: "", call }, "w-tenant");
  return { h, tenantId: tenant.id, corpId, call };
}

/** Another corp of the same tenant (default contact permission: read-only). */
export async function addCorp(w: BindingWorld, welinkTenantId: string): Promise<string> {
  const res = await w.call("POST", "/api/v1/corps", { name: `Corp-${welinkTenantId}`, welinkTenantId });
  if (res.status !== 201) throw new Error(`corp: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export async function seedOa(w: BindingWorld, people: OaSeed[]): Promise<void> {
  await w.h.deps.db.insert(oaUsers).values(
    people.map((p) => ({ tenantId: w.tenantId, id: p.id, account: p.account ?? p.id, name: `Name ${p.id}`, mobile: p.mobile ?? null, email: p.email ?? null, employeeNo: p.employeeNo ?? null, active: p.active ?? true })),
  );
}

export async function seedWelink(w: BindingWorld, corpId: string, people: WelinkSeed[]): Promise<void> {
  const records: UserRecord[] = people.map((p) => ({
    userId: p.userId, corpUserId: null, nameCn: p.name ?? `WeLink ${p.userId}`, nameEn: null, mobile: p.mobile ?? null, email: p.email ?? null,
    employeeId: p.employeeId ?? null, position: null, mainDeptCode: null, deptCodes: "[]", status: 3, removedAt: null,
  }));
  await upsertUsers(w.h.deps.db, { tenantId: w.tenantId, corpId }, records, w.h.deps.clock.now());
}

export async function setRule(w: BindingWorld, corpId: string, combine: "and" | "or", fields: string[]): Promise<void> {
  const res = await w.call("PATCH", `/api/v1/corps/${corpId}`, { bindingRule: { enabled: true, combine, fields } });
  if (res.status !== 200) throw new Error(`rule: ${res.status} ${await res.text()}`);
}

export async function bindingsOf(w: BindingWorld, corpId: string): Promise<Record<string, { oaUserId: string; method: string }>> {
  const body = (await (await w.call("GET", `/api/v1/corps/${corpId}/bindings?limit=500`)).json()) as { items: { welinkUserId: string; oaUserId: string; method: string }[] };
  return Object.fromEntries(body.items.map((b) => [b.welinkUserId, { oaUserId: b.oaUserId, method: b.method }]));
}
