import { bindings } from "../../src/directory/schema.ts";
import { frozenClock } from "../../src/kernel/clock.ts";
import { startHarness, type Harness } from "../helpers/harness.ts";

/** A bridge with tenant `default`, one corp with one app, and a push-scoped token. */
export type PushWorld = {
  h: Harness;
  clock: ReturnType<typeof frozenClock>;
  tenantId: string;
  corpId: string;
  appId: string;
  pushToken: string;
  /** As the global admin in tenant `default`. */
  admin(method: string, path: string, body?: unknown): Promise<Response>;
  /** POST /api/v1/messages with the push token. */
  send(body: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): void;
};

export async function startPushWorld(): Promise<PushWorld> {
  const clock = frozenClock(Date.UTC(2026, 5, 1));
  const h = await startHarness({ clock, env: { LOG_LEVEL: "warn" } });
  const admin = (method: string, path: string, body?: unknown) => h.call(method, path, { tenant: "default", body });
  const tenant = await json<{ id: string }>(await admin("GET", "/api/v1/tenants/default"));
  const corp = await json<{ id: string }>(await admin("POST", "/api/v1/corps", { name: "Corp", welinkTenantId: "w-tenant" }));
  const app = await json<{ id: string }>(await admin("POST", `/api/v1/corps/${corp.id}/apps`, { name: "Notices", clientId: "c-1", clientSecret: "s-1" }));
  const pushToken = await h.tenantToken("default", ["push"]);
  const send = (body: unknown, headers?: Record<string, string>) => h.call("POST", "/api/v1/messages", { token: pushToken, body, headers });
  return { h, clock, tenantId: tenant.id, corpId: corp.id, appId: app.id, pushToken, admin, send, close: () => h.close() };
}

export async function json<T>(res: Response): Promise<T> {
  if (res.status >= 300) throw new Error(`${res.status} ${await res.clone().text()}`);
  return (await res.json()) as T;
}

/** Binds OA people to WeLink people (`w-<oaId>`) in the corp, as an admin binding would. */
export async function bind(w: PushWorld, corpId: string, oaUserIds: string[]): Promise<void> {
  for (let i = 0; i < oaUserIds.length; i += 500) {
    await w.h.deps.db.insert(bindings).values(
      oaUserIds.slice(i, i + 500).map((oa) => ({ tenantId: w.tenantId, corpId, welinkUserId: `w-${oa}`, oaUserId: oa, method: "admin" as const, createdAt: 0, createdBy: "test" })),
    );
  }
}

export async function addRule(w: PushWorld, rule: { sources: string[]; type?: "notification" | "todo" | "card"; name?: string }): Promise<string> {
  const res = await w.admin("POST", "/api/v1/push-rules", { name: rule.name ?? "rule", sources: rule.sources, targets: [{ corpId: w.corpId, appId: w.appId, type: rule.type ?? "card" }] });
  return (await json<{ id: string }>(res)).id;
}

export async function rows(w: PushWorld, sql: string, args: (string | number)[] = []): Promise<Record<string, unknown>[]> {
  const rs = await w.h.deps.database.client.execute({ sql, args });
  return rs.rows.map((r) => Object.fromEntries(rs.columns.map((c, i) => [c, r[i]])));
}

export const message = (over: Record<string, unknown> = {}) => ({
  source: "approval",
  externalId: "AP-1",
  kind: "create",
  title: "Leave request from Li",
  body: "3 days, 1–3 June",
  mobileUrl: "https://oa.example.com/m/ap/1",
  pcUrl: "https://oa.example.com/ap/1",
  sender: "Li Lei",
  recipients: ["u1", "u2", "u3"],
  ...over,
});
